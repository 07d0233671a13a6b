import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedRule } from '../model.js';
import { BUILTIN_RULES_DIR, loadRuleDir, ruleFileLabel } from '../rules/load-rules.js';

/** Which rule files a plugin is made of. */
export interface RuleSource {
  /** Include the curated pack shipped in the package's `rules/` (default true). */
  builtin?: boolean;
  /**
   * Folders of rule files, e.g. a repository's learned pack `.attractor/rules`. A relative path is
   * resolved against `cwd`; a `file:` URL (`new URL('.attractor/rules', import.meta.url)` in
   * eslint.config.js) does not depend on where ESLint runs. A missing folder is an error.
   */
  rulesDir?: string | URL | (string | URL)[];
  /** Base for relative `rulesDir` paths (default `process.cwd()`). */
  cwd?: string;
}

/** The absolute folders of `source.rulesDir`. */
export function ruleDirs(source: RuleSource): string[] {
  const cwd = source.cwd ?? process.cwd();
  const dirs = source.rulesDir === undefined ? [] : Array.isArray(source.rulesDir) ? source.rulesDir : [source.rulesDir];
  return dirs.map((dir) => (dir instanceof URL ? fileURLToPath(dir) : resolve(cwd, dir)));
}

/** Reads and validates the rules of a plugin: the curated pack first, then each folder. */
export function loadPluginRules(source: RuleSource): LoadedRule[] {
  const cwd = source.cwd ?? process.cwd();
  const label = ruleFileLabel(cwd);
  const loaded: LoadedRule[] = [];
  if (source.builtin !== false) loaded.push(...loadRuleDir(BUILTIN_RULES_DIR, { required: true, label }));
  for (const dir of ruleDirs(source)) loaded.push(...loadRuleDir(dir, { required: true, label }));
  return loaded;
}
