import type { ESLint, Linter, Rule } from 'eslint';
import { pathToFileURL } from 'node:url';
import { resolveCommit } from '../git/index.js';
import type { LanguageId, LoadedRule, Severity } from '../model.js';
import { LANGUAGES } from '../parse/index.js';
import { compilePack, type CompiledPack, type CompiledRule } from '../rules/compile-pack.js';
import { AttractorError, describeProblem } from '../shared/errors.js';
import { hashOf } from '../shared/hash.js';
import { packageVersion } from '../shared/version.js';
import { attractorRule, type UnsafeFixes } from './attractor-rule.js';
import { eslintRuleName } from './eslint-rule-name.js';
import { fileFindingsCache } from './file-findings.js';
import { siblingRule } from './sibling-rule.js';
import { loadPluginRules, type RuleSource } from './load-plugin-rules.js';
import { treeSitterLanguage, type EslintLanguage } from './tree-sitter-language.js';

export interface PluginOptions extends RuleSource {
  /**
   * `fix` (default): verified fixes marked `unsafe` (they change behaviour, as bug fixes do; all
   * shipped and learned fixes are) are applied by `eslint --fix`, like `safe` ones. `suggest`:
   * they become suggestions, applied only from an editor, as `attractor-lint --fix` keeps them
   * for `--fix-type all`.
   */
  unsafeFixes?: UnsafeFixes;
  /**
   * Base URL of `docs/rules/<id>.md`, the documentation of rules without `docs.url`. Default: the
   * folder ESLint runs in (`cwd`), normally the repository root, where the rule pages live.
   */
  docsBase?: string | URL;
}

export interface AttractorPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<string, Rule.RuleModule>;
  languages: { python: EslintLanguage; typescript: EslintLanguage };
  configs: { recommended: Linter.Config[] };
}

const SEVERITY: Record<Severity, Linter.RuleSeverity> = { error: 'error', warning: 'warn', info: 'warn' };

const globs = (...languages: LanguageId[]): string[] => languages.flatMap((language) => LANGUAGES[language].extensions.map((ext) => `**/*${ext}`));

/** Attractor rules by ESLint rule name; two ids with one name (`a/b` and `a-b`) are an error. */
function groupByName(pack: CompiledPack): Map<string, CompiledRule[]> {
  const groups = new Map<string, CompiledRule[]>();
  for (const rule of pack.rules) {
    const name = eslintRuleName(rule.id);
    const group = groups.get(name);
    const other = group?.find((r) => r.id !== rule.id);
    if (other) throw new AttractorError('bad-rule', describeProblem(rule.file, 'id', `"${rule.id}" and "${other.id}" (${other.file}) have the same ESLint rule name "${name}"`));
    if (group) group.push(rule);
    else groups.set(name, [rule]);
  }
  return groups;
}

/**
 * HEAD's commit when the pack has new-code-only rules (their findings depend on it), for the
 * plugin's version: `eslint --cache` then lints again after a commit. Undefined without them or git.
 */
function headForCache(pack: CompiledPack, cwd: string): string | undefined {
  if (!pack.rules.some((rule) => rule.spec.newCodeOnly)) return undefined;
  try {
    return resolveCommit(cwd, 'HEAD');
  } catch {
    return undefined;
  }
}

function docsUrl(rule: CompiledRule, docsBase: URL): string {
  return rule.spec.docs?.url ?? new URL(`docs/rules/${rule.id}.md`, docsBase).href;
}

/**
 * An ESLint plugin for a rule pack: one ESLint rule per attractor rule id, running the CLI's engine
 * (`checkSource`) once per file for all of them; the `attractor/python` and `attractor/typescript`
 * languages; and `configs.recommended` enabling every rule at its pack severity. Queries compile on
 * first use, so importing the plugin stays cheap.
 */
export function createPlugin(options: PluginOptions = {}, loaded: LoadedRule[] = loadPluginRules(options)): AttractorPlugin {
  const pack = compilePack(loaded, { eager: false });
  const unsafeFixes = options.unsafeFixes ?? 'fix';
  const docsBase = options.docsBase ? new URL(options.docsBase) : pathToFileURL(`${options.cwd ?? process.cwd()}/`);
  const findingsOf = fileFindingsCache(pack);
  const head = headForCache(pack, options.cwd ?? process.cwd());
  const rules: Record<string, Rule.RuleModule> = {};
  const scripts: Linter.RulesRecord = {};
  const python: Linter.RulesRecord = {};
  for (const [name, group] of groupByName(pack)) {
    rules[name] = attractorRule({ rules: group, url: docsUrl(group[0] as CompiledRule, docsBase), findingsOf, unsafeFixes });
    for (const rule of group) {
      for (const language of rule.languages) (language === 'python' ? python : scripts)[`attractor/${name}`] = SEVERITY[rule.severity];
    }
  }
  // Not in `recommended`: it reads the change being made, which a whole-project lint has not.
  rules['sibling-of-staged-edit'] = siblingRule();
  const plugin: AttractorPlugin = {
    // `eslint --cache` keys results by plugin name@version: the pack hash makes a rule edit a miss.
    // New-code-only rules depend on HEAD too: a commit makes them a miss.
    meta: { name: 'attractor-lint', version: `${packageVersion()}+rules.${hashOf(pack.hash, unsafeFixes).slice(0, 12)}${head ? `.head.${head.slice(0, 12)}` : ''}`, namespace: 'attractor' },
    rules,
    languages: { python: treeSitterLanguage('python'), typescript: treeSitterLanguage('typescript') },
    configs: { recommended: [] },
  };
  // Blocks without rules are left out: their `files` alone would make ESLint lint those files.
  if (Object.keys(scripts).length) {
    plugin.configs.recommended.push({ name: 'attractor/recommended/javascript', files: globs('javascript', 'typescript'), plugins: { attractor: plugin }, rules: scripts });
  }
  if (Object.keys(python).length) {
    plugin.configs.recommended.push({ name: 'attractor/recommended/python', files: globs('python'), plugins: { attractor: plugin }, language: 'attractor/python', rules: python });
  }
  return plugin;
}
