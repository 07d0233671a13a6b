import type { LanguageId, RuleSpec } from '../model.js';
import { codeTokens } from './code-tokens.js';
import type { Framework } from './detect-frameworks.js';
import { ruleLanguages } from '../rules/validate-spec.js';
import { ruleApis } from './fix-examples.js';

// Keywords and names every file has: sharing them says nothing about how related a rule is.
const TOO_COMMON = new Set([
  'self', 'cls', 'this', 'None', 'True', 'False', 'null', 'undefined', 'true', 'false',
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from',
  'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
  'case', 'catch', 'const', 'default', 'delete', 'do', 'export', 'extends', 'function', 'instanceof', 'let', 'new', 'of', 'switch', 'throw',
  'typeof', 'var', 'void',
]);

/** Names a rule is about: what its fixes add, and the names its query insists on (`#eq?`, `#any-of?`). */
function ruleNames(spec: RuleSpec, language: LanguageId): Set<string> {
  const names = new Set(ruleApis(spec, language));
  for (const m of spec.query.matchAll(/\(#(?:eq|any-of)\?\s+@[\w.-]+((?:\s+"[^"]*")+)\s*\)/g)) {
    for (const q of (m[1] as string).matchAll(/"([A-Za-z_$][\w$]*)"/g)) names.add(q[1] as string);
  }
  for (const name of TOO_COMMON) names.delete(name);
  return names;
}

/**
 * The rules worth showing the model for a finding, at most `limit`: the finding's own rule first,
 * then rules of the same language whose names the file uses or its frameworks offer, most shared
 * names first (ties by id, so the choice is stable).
 */
export function relevantRules(rules: RuleSpec[], ruleId: string, language: LanguageId, text: string, frameworks: Framework[], limit = 3): RuleSpec[] {
  const forLanguage = rules.filter((r) => ruleLanguages(r).includes(language));
  const own = forLanguage.find((r) => r.id === ruleId);
  const known = new Set([...codeTokens(text, language), ...frameworks.flatMap((f) => f.apis)]);
  const others = forLanguage
    .filter((r) => r.id !== ruleId)
    .map((rule) => ({ rule, shared: [...ruleNames(rule, language)].filter((n) => known.has(n)).length }))
    .filter((o) => o.shared > 0)
    .sort((a, b) => b.shared - a.shared || (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0))
    .map((o) => o.rule);
  return [...(own ? [own] : []), ...others].slice(0, limit);
}
