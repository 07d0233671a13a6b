import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/index.js';
import type { LoadedRule } from '../model.js';
import { compilePack, type CompiledPack } from '../rules/compile-pack.js';
import { BUILTIN_RULES_DIR, loadRuleDir } from '../rules/load-rules.js';
import { relative } from 'node:path';

export interface PackFlags {
  /** `--rules DIR` values: replace the configured folders. */
  rules?: string[];
  noBuiltin?: boolean;
}

/** Loads the built-in pack plus the configured (or `--rules`) folders and compiles them. */
export function loadPack(config: ResolvedConfig, flags: PackFlags, cwd: string, options: { applySeverities?: boolean; eager?: boolean } = {}): CompiledPack {
  const label = (file: string): string => {
    if (file.startsWith(BUILTIN_RULES_DIR)) return `<builtin>/${file.slice(BUILTIN_RULES_DIR.length)}`;
    return relative(cwd, file) || file;
  };
  const loaded: LoadedRule[] = [];
  if (config.builtin && !flags.noBuiltin) loaded.push(...loadRuleDir(BUILTIN_RULES_DIR, { required: true, label }));
  const explicit = flags.rules && flags.rules.length > 0;
  const dirs = explicit ? (flags.rules as string[]).map((dir) => resolve(cwd, dir)) : config.ruleDirs;
  for (const dir of dirs) loaded.push(...loadRuleDir(dir, { required: Boolean(explicit), label }));
  const compileOptions: Parameters<typeof compilePack>[1] = {};
  if (options.applySeverities !== false) compileOptions.severities = config.rules;
  if (options.eager !== undefined) compileOptions.eager = options.eager;
  return compilePack(loaded, compileOptions);
}
