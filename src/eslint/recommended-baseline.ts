import { createRequire } from 'node:module';
import type { Linter, Rule } from 'eslint';
import type { BaselineFinding } from '../model.js';

const require = createRequire(import.meta.url);

/** Browser globals a JavaScript library may use (Node's own are read from the running process). */
const BROWSER_GLOBALS = [
  'window', 'document', 'navigator', 'location', 'history', 'self', 'XMLHttpRequest', 'FileReader', 'File', 'FileList',
  'HTMLElement', 'HTMLFormElement', 'Element', 'Node', 'NodeList', 'localStorage', 'sessionStorage', 'alert', 'confirm',
  'requestAnimationFrame', 'cancelAnimationFrame', 'getComputedStyle', 'MutationObserver', 'XDomainRequest',
  'ActiveXObject', 'importScripts', 'WorkerGlobalScope', 'Deno', 'Bun',
];
/** CommonJS module scope. */
const COMMONJS_GLOBALS = ['require', 'module', 'exports', '__dirname', '__filename'];

/**
 * ESLint's recommended set: the core rules whose documentation marks them recommended (what
 * `@eslint/js`'s `configs.recommended` turns on), with Node's, CommonJS and common browser globals,
 * latest syntax, ES modules when the file imports or exports and CommonJS otherwise. The peer
 * baseline of `eval` for JavaScript files. Undefined when ESLint is not installed (it is an
 * optional peer dependency). TypeScript needs a parser ESLint does not ship, so it is not covered.
 */
export function eslintRecommended(): ((text: string, path: string) => BaselineFinding[]) | undefined {
  let eslint: typeof import('eslint');
  let builtinRules: Map<string, Rule.RuleModule>;
  try {
    eslint = require('eslint') as typeof import('eslint');
    ({ builtinRules } = require('eslint/use-at-your-own-risk') as { builtinRules: Map<string, Rule.RuleModule> });
  } catch {
    return undefined;
  }
  const rules: Linter.RulesRecord = {};
  for (const [id, rule] of builtinRules) if (rule.meta?.docs?.recommended) rules[id] = 'error';
  const globals: Linter.Globals = {};
  for (const name of [...Object.getOwnPropertyNames(globalThis), ...BROWSER_GLOBALS, ...COMMONJS_GLOBALS]) globals[name] = 'readonly';
  const linter = new eslint.Linter({ configType: 'flat' });
  return (text, path) => {
    const sourceType = /^\s*(?:import\s*[\w{*'"]|export\s)/m.test(text) ? 'module' : 'commonjs';
    const config: Linter.Config = { languageOptions: { ecmaVersion: 'latest', sourceType, globals, parserOptions: { ecmaFeatures: { jsx: /\.jsx$/i.test(path) } } }, rules };
    return linter
      .verify(text, [config], { filename: path.replace(/\.[^./]+$/, '.js') })
      .filter((m) => m.ruleId)
      .map((m) => ({ line: m.line, key: `${m.ruleId}: ${m.message.replace(/'[^']*'/g, "'_'").replace(/\d+/g, 'N')}` }));
  };
}
