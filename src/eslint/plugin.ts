import type { Linter } from 'eslint';
import { hashOf } from '../shared/hash.js';
import { createPlugin, type AttractorPlugin, type PluginOptions } from './create-plugin.js';
import { loadPluginRules, ruleDirs } from './load-plugin-rules.js';

export { createPlugin, type AttractorPlugin, type PluginOptions } from './create-plugin.js';
export { eslintRuleName } from './eslint-rule-name.js';
export type { UnsafeFixes } from './attractor-rule.js';

const made = new Map<string, AttractorPlugin>();

/**
 * `configs.recommended` of a plugin for the curated pack plus a repository's rule folders
 * (`{ rulesDir: '.attractor/rules' }`; `builtin: false` leaves the curated pack out). Use it
 * instead of `attractor.configs.recommended`, not beside it: both register the plugin as
 * `attractor`. Calls with the same options and unchanged rule files return the same plugin
 * object, since ESLint refuses two different plugins under one name.
 */
function fromRules(options: PluginOptions): Linter.Config[] {
  const loaded = loadPluginRules(options);
  const key = hashOf(JSON.stringify(loaded), JSON.stringify({ ...options, rulesDir: ruleDirs(options), docsBase: options.docsBase?.toString() }));
  let plugin = made.get(key);
  if (!plugin) {
    plugin = createPlugin(options, loaded);
    made.set(key, plugin);
    // A long-running ESLint (an editor) reloads its config after rule edits: keep only recent packs.
    if (made.size > 8) made.delete(made.keys().next().value as string);
  }
  return plugin.configs.recommended;
}

/**
 * The ESLint plugin (`import attractor from 'attractor-lint/eslint-plugin'`): the curated pack's
 * rules as `attractor/<id>`, `configs.recommended`, the `attractor/python` and
 * `attractor/typescript` languages, and `fromRules` for a repository's learned pack. The one
 * default export of the project, because ESLint plugins are imported that way.
 */
const plugin: AttractorPlugin & { fromRules: typeof fromRules } = Object.assign(createPlugin(), { fromRules });

export default plugin;
