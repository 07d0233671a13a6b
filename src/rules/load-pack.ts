import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../config/index.js';
import type { LoadedRule } from '../model.js';
import { compilePack, type CompiledPack, type SeverityOverrides } from './compile-pack.js';
import { BUILTIN_RULES_DIR, loadRuleDir, ruleFileLabel } from './load-rules.js';
import { AttractorError, describeProblem } from '../shared/errors.js';
import { SIBLING_RULE_ID } from '../siblings/sibling-rule.js';

export interface PackFlags {
  /** `--rules DIR` values: replace the configured folders. */
  rules?: string[];
  noBuiltin?: boolean;
}

/**
 * The configured severities of the rules that were loaded. An id that no loaded rule has is a typo
 * in the configuration (exit 2, naming the file and key), unless `--rules` or `--no-builtin`
 * replaced the configured rules: the configuration was written for those, so its other ids are
 * left out instead of making every such run fail.
 */
function severitiesFor(config: ResolvedConfig, loaded: LoadedRule[], replaced: boolean, cwd: string): SeverityOverrides {
  const ids = new Set(loaded.map((rule) => rule.spec.id));
  const severities: SeverityOverrides = {};
  for (const [id, severity] of Object.entries(config.rules)) {
    if (ids.has(id)) severities[id] = severity;
    // The pseudo-rule of `check --staged`/`--diff` siblings is not in any pack; check-command reads its setting.
    else if (id === SIBLING_RULE_ID) continue;
    else if (!replaced) {
      const file = config.file ? relative(cwd, config.file) || config.file : undefined;
      throw new AttractorError('bad-config', describeProblem(file, `rules.${id}`, 'no rule has this id'));
    }
  }
  return severities;
}

/** Compiled packs by content, kept by a long-lived process (the check server): their queries stay compiled. */
let kept: { loaded: LoadedRule[]; options: string; pack: CompiledPack }[] | undefined;
/** Rule files read, by path: taken again while their size and time are the same. */
let known: Map<string, { stamp: string; rule: LoadedRule }> | undefined;

/**
 * From now on, `loadPack` gives back the pack it compiled before for the same rules and
 * severities, and reads again only the rule files that changed.
 */
export function keepCompiledPacks(): void {
  kept ??= [];
  known ??= new Map();
}

/** Loads the built-in pack plus the configured (or `--rules`) folders and compiles them. */
export function loadPack(config: ResolvedConfig, flags: PackFlags, cwd: string, options: { applySeverities?: boolean; eager?: boolean } = {}): CompiledPack {
  const label = ruleFileLabel(cwd);
  const loaded: LoadedRule[] = [];
  if (config.builtin && !flags.noBuiltin) loaded.push(...loadRuleDir(BUILTIN_RULES_DIR, { required: true, label, ...(known ? { known } : {}) }));
  const explicit = flags.rules && flags.rules.length > 0;
  const dirs = explicit ? (flags.rules as string[]).map((dir) => resolve(cwd, dir)) : config.ruleDirs;
  if (!explicit) {
    // A folder the configuration names must exist, except where `learn` writes (it may not have run).
    const file = config.file ? relative(cwd, config.file) || config.file : undefined;
    const learned = [config.learn.out, ...DEFAULT_CONFIG.ruleDirs.map((dir) => resolve(config.root, dir))];
    config.ruleDirs.forEach((dir, i) => {
      if (learned.includes(dir)) return;
      const problem = !existsSync(dir) ? 'folder not found' : !statSync(dir).isDirectory() ? 'not a folder' : undefined;
      if (problem) throw new AttractorError('bad-config', describeProblem(file, `ruleDirs[${i}]`, `${problem} (${relative(cwd, dir) || dir})`));
    });
  }
  for (const dir of dirs) loaded.push(...loadRuleDir(dir, { required: Boolean(explicit), label, ...(known ? { known } : {}) }));
  const compileOptions: Parameters<typeof compilePack>[1] = {};
  if (options.applySeverities !== false) compileOptions.severities = severitiesFor(config, loaded, Boolean(explicit) || Boolean(flags.noBuiltin), cwd);
  if (options.eager !== undefined) compileOptions.eager = options.eager;
  if (!kept) return compilePack(loaded, compileOptions);
  // Unchanged rule files are the very objects read last time (see `known`).
  const optionsKey = JSON.stringify(compileOptions);
  const same = kept.find((k) => k.options === optionsKey && k.loaded.length === loaded.length && k.loaded.every((rule, i) => rule === loaded[i]));
  if (same) return same.pack;
  const pack = compilePack(loaded, compileOptions);
  // A few packs at most (a pack changed by learn replaces the one in use).
  kept.unshift({ loaded, options: optionsKey, pack });
  kept.length = Math.min(kept.length, 4);
  return pack;
}
