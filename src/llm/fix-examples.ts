import type { LanguageId, RuleCase, RuleSpec } from '../model.js';
import { ruleLanguages } from '../rules/validate-spec.js';
import { apiTokens } from './code-tokens.js';

/** A real before/after pair behind a rule: a case and its fixed form. */
export interface FixExample {
  before: string;
  after: string;
  /** Index of the invalid case it comes from. */
  caseIndex: number;
}

const family = (language: LanguageId): string => (language === 'python' ? 'python' : 'javascript');

// Validated specs hold RuleCase objects; raw rule files may still say a bare string.
function caseOf(value: RuleCase | string): RuleCase {
  return typeof value === 'string' ? { code: value } : value;
}

function nonBlankLines(code: string): string[] {
  return code.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/** Share of the shorter snippet's lines the other one also has: how alike two versions are. */
function likeness(a: string, b: string): number {
  const left = nonBlankLines(a);
  const right = nonBlankLines(b);
  if (left.length === 0 || right.length === 0) return 0;
  const pool = new Map<string, number>();
  for (const line of right) pool.set(line, (pool.get(line) ?? 0) + 1);
  let shared = 0;
  for (const line of left) {
    const n = pool.get(line) ?? 0;
    if (n > 0) {
      shared++;
      pool.set(line, n - 1);
    }
  }
  return shared / Math.min(left.length, right.length);
}

/**
 * Before/after pairs of `spec` usable for `language`, one per invalid case, in case order. Learned
 * rules store each fix's pre- and post-fix snippets as invalid and valid cases, so a case is paired
 * with the valid case most like it (sharing at least half its lines): the developer's own fix. Its
 * `output` (what the template makes of it) is the fallback. Curated rules are the other way round:
 * the `output` is written as the fix, and the most alike valid case is the fallback (their valid
 * cases usually include the fixed version of an invalid one).
 */
export function fixExamples(spec: RuleSpec, language: LanguageId): FixExample[] {
  const first = ruleLanguages(spec)[0] as LanguageId;
  const fits = (c: RuleCase): boolean => family(c.language ?? first) === family(language);
  const valid = spec.cases.valid.map(caseOf).filter(fits);
  const examples: FixExample[] = [];
  spec.cases.invalid.map(caseOf).forEach((c, caseIndex) => {
    if (!fits(c)) return;
    const written = c.output !== undefined && c.output !== c.code ? c.output : undefined;
    let alike: { code: string; score: number } | undefined;
    for (const v of valid) {
      const score = likeness(c.code, v.code);
      if (score >= 0.5 && (!alike || score > alike.score)) alike = { code: v.code, score };
    }
    const after = spec.provenance.origin === 'learned' ? (alike?.code ?? written) : (written ?? alike?.code);
    if (after !== undefined) examples.push({ before: c.code, after, caseIndex });
  });
  return examples;
}

function tally(tokens: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/**
 * The APIs the rule's fixes add (see apiTokens): used more often in an example's after than in its
 * before (a function that already awaits elsewhere still gains an `await`), in the most examples
 * first, at most three (e.g. `await`, `rollback`, `Exception`).
 */
export function ruleApis(spec: RuleSpec, language: LanguageId): string[] {
  const counts = new Map<string, number>();
  for (const example of fixExamples(spec, language)) {
    const before = tally(apiTokens(example.before, language));
    for (const [token, n] of tally(apiTokens(example.after, language))) if (n > (before.get(token) ?? 0)) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([token]) => token);
}
