/**
 * The ESLint name of an attractor rule id. ESLint reads `plugin/rule` as a plugin prefix and a rule
 * name, so a rule name may not contain `/`; our ids may (`learned/await-fetch`). Each `/` becomes
 * `-`: `learned/await-fetch` is `attractor/learned-await-fetch` in an ESLint config.
 */
export function eslintRuleName(id: string): string {
  return id.replace(/\//g, '-');
}
