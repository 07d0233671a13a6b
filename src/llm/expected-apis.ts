import type { LanguageId, RuleSpec } from '../model.js';
import { codeTokens, countToken } from './code-tokens.js';
import type { Framework } from './detect-frameworks.js';
import { ruleApis } from './fix-examples.js';

/**
 * Names a rule's message puts in code spans (`call \`.rollback()\``) and its fix templates use, with
 * `{{capture}}` placeholders left out. Prose does not count: "the next line" is not express's `next`.
 */
function wordsOf(spec: RuleSpec): Set<string> {
  const fixes = spec.fix === undefined ? [] : Array.isArray(spec.fix) ? spec.fix : [spec.fix];
  const spans = spec.message.match(/`[^`]*`/g) ?? [];
  const text = [...spans, ...fixes.map((f) => f.template)].join('\n').replace(/\{\{[^}]*\}\}/g, ' ');
  return new Set(text.match(/[A-Za-z_$][\w$]+/g) ?? []);
}

/**
 * The APIs a fix of this finding is expected to use, at most four: what the rule's own fixes added
 * (see ruleApis), then the APIs of the file's frameworks that the rule's message (in code spans)
 * or fix template names and the region does not use yet (`sqlalchemy` + "call `.rollback()`" ->
 * `rollback`).
 */
export function expectedApis(spec: RuleSpec | undefined, language: LanguageId, frameworks: Framework[], regionText: string): string[] {
  if (!spec) return [];
  const expected = ruleApis(spec, language);
  const words = wordsOf(spec);
  const present = new Set(codeTokens(regionText, language));
  for (const framework of frameworks) {
    for (const api of framework.apis) if (words.has(api) && !present.has(api) && !expected.includes(api)) expected.push(api);
  }
  return expected.slice(0, 4);
}

/**
 * Share of `expected` the candidate adds: an API counts when the candidate uses it more often than
 * the original region did (a second `await` counts; the one that was already there does not).
 * Nothing expected is a rate of 1.
 */
export function apiHitRate(expected: string[], original: string, candidate: string, language: LanguageId): { rate: number; missing: string[] } {
  if (expected.length === 0) return { rate: 1, missing: [] };
  const missing = expected.filter((api) => countToken(candidate, api, language) <= countToken(original, api, language));
  return { rate: (expected.length - missing.length) / expected.length, missing };
}
