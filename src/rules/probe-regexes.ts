import { spawnSync } from 'node:child_process';
import type { LoadedRule } from '../model.js';
import type { CompiledPack } from './compile-pack.js';
import { AttractorError, describeProblem } from '../shared/errors.js';
import { queryRegexes } from './super-linear.js';
import { CAPTURE_PLACEHOLDER } from './validate-spec.js';

/** The regexes of a rule with the field they come from (`{{capture}}` placeholders filled in). */
function regexesOf(rule: LoadedRule): { field: string; source: string }[] {
  const out = queryRegexes(rule.spec.query).map((source) => ({ field: 'query', source }));
  rule.spec.where?.forEach((constraint, i) => {
    for (const [key, test] of Object.entries(constraint)) {
      if (test && typeof test === 'object' && 'text' in test && typeof test.text === 'string') out.push({ field: `where[${i}].${key}.text`, source: test.text.replace(CAPTURE_PLACEHOLDER, 'x') });
    }
  });
  return out;
}

// Runs in a child process: JavaScript regexes cannot be interrupted, a process can be killed.
// For each regex, strings that make backtracking explode when it can: a run of one character
// the pattern mentions, then one it cannot match. It prints each index before testing it.
const PROBE = `
const list = JSON.parse(require('fs').readFileSync(0, 'utf8'));
list.forEach((source, i) => {
  process.stdout.write(i + '\\n');
  const re = new RegExp(source);
  const chars = new Set(['a', '0', ' ', '_', '.', '-']);
  for (const c of source.replace(/\\\\./g, '')) if (/[\\w .,:-]/.test(c)) chars.add(c);
  for (const c of [...chars].slice(0, 24)) re.test(c.repeat(48) + '\\u0000!');
});
process.stdout.write('done\\n');
`;

/**
 * Refuses a pack whose regexes can take exponential time: each is tried on strings built to
 * make backtracking explode, in a child process given `budgetMs`. What validation's static check
 * misses (`(a|aa)+$`, overlapping alternatives) is caught here. Run once per pack (the CLI caches
 * that a pack passed), not per file.
 */
export function probeRegexes(rules: LoadedRule[], budgetMs = 3000): void {
  const all = rules.flatMap((rule) => regexesOf(rule).map((r) => ({ ...r, rule })));
  if (all.length === 0) return;
  const run = spawnSync(process.execPath, ['-e', PROBE], { input: JSON.stringify(all.map((r) => r.source)), timeout: budgetMs, encoding: 'utf8' });
  if (run.stdout.includes('done')) return;
  if (run.error && (run.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') return;
  const lines = run.stdout.trim().split('\n');
  const culprit = all[Number(lines[lines.length - 1])];
  if (!culprit) return;
  throw new AttractorError('bad-rule', describeProblem(culprit.rule.file, culprit.field, `regular expression /${culprit.source.slice(0, 60)}${culprit.source.length > 60 ? '...' : ''}/ can take exponential time (a probe did not finish in ${budgetMs / 1000} s)`));
}

/** Validates a pack in full: every query compiles (`pack.validate()`), and no regex backtracks without end. */
export function validatePack(pack: CompiledPack): void {
  pack.validate();
  probeRegexes(pack.source.loaded);
}
