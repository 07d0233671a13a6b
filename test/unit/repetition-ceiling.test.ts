import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { extractEdits } from '../../src/learn/extract-edits.js';
import { repetitionCeiling } from '../../src/eval/repetition-ceiling.js';
import type { EditPattern } from '../../src/model.js';

/** The edits of one fix commit that changes `before` into `after`. */
function fixEdits(sha: string, before: string, after: string): EditPattern[] {
  return extractEdits({
    commit: { sha: sha.padEnd(40, '0'), parents: ['f'.repeat(40)], authorEmail: 'dev@example.com', time: 1_700_000_000, message: `Fix ${sha}` },
    path: `app/${sha}.py`,
    language: 'python',
    before,
    after,
    evidence: { touchesTests: false, redToGreen: [] },
  });
}

const module = (line: string): string => `import requests\n\n\ndef load(url, session):\n    ${line}\n    return data\n`;
const missingTimeout = (sha: string, name: string): EditPattern[] => fixEdits(sha, module(`data = requests.get(${name})`), module(`data = requests.get(${name}, timeout=10)`));
const changedOperator = (sha: string, n: number): EditPattern[] => fixEdits(sha, module(`data = session.retry(${n} + count)`), module(`data = session.retry(${n} - count)`));

test('a held-out fix counts once an earlier fix made the same API edit, and at the minimum support with that many commits', () => {
  const earlier = [...missingTimeout('a1', 'url'), ...missingTimeout('b2', 'base + path')];
  assert.is(earlier.length, 2, 'one edit per fix');
  const heldOut = [missingTimeout('c3', 'mirror'), changedOperator('d4', 3), []];
  const ceiling = repetitionCeiling(earlier, heldOut, 2);
  assert.is(ceiling.once, 1);
  assert.is(ceiling.atSupport, 1);
  assert.is(ceiling.examples[0]?.commit, 'c3'.padEnd(12, '0'));
  assert.is(ceiling.examples[0]?.earlier, 2);
  // With one earlier fix the repeat is within reach of a support-1 learner only.
  const once = repetitionCeiling(earlier.slice(0, 1), heldOut, 2);
  assert.equal([once.once, once.atSupport], [1, 0]);
});

test('edits of one commit count once, and edits the generaliser cannot name never count', () => {
  const sameCommit = [...missingTimeout('a1', 'url'), ...missingTimeout('a1', 'other')];
  assert.is(repetitionCeiling(sameCommit, [missingTimeout('c3', 'x')], 2).atSupport, 0, 'two edits of one commit are support 1');
  const operators = [...changedOperator('a1', 1), ...changedOperator('b2', 5)];
  const later = changedOperator('c3', 7);
  assert.is(operators.length, 2, 'an operator swap is an edit');
  assert.is(operators[0]?.signature, later[0]?.signature, 'same signature');
  assert.is(repetitionCeiling(operators, [later], 1).once, 0, 'an edit that adds or removes no name is never a rule');
  // The same counting with a nameable edit does count: the operator case fails for its signature only.
  assert.is(repetitionCeiling(missingTimeout('a1', 'url'), [missingTimeout('c3', 'x')], 1).once, 1);
});

test.run();
