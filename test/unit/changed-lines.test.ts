import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addedLines, changedLines, isCommentOrBlank, onLines } from '../../src/eval/changed-lines.js';
import { diffLines } from '../../src/mine/diff-lines.js';

test('added lines are the new side of each hunk; changed lines the old side, or the lines around an insertion', () => {
  const before = ['a', 'b', 'c', 'd'];
  const after = ['a', 'B', 'c', 'x', 'd'];
  const hunks = diffLines(before, after);
  assert.equal([...addedLines(hunks)].sort(), [2, 4]);
  assert.equal([...changedLines(hunks)].sort(), [2, 3, 4]);
});

test('a finding is on the lines when any line of its range is', () => {
  assert.ok(onLines({ line: 3, endLine: 5 }, new Set([5])));
  assert.not.ok(onLines({ line: 3, endLine: 5 }, new Set([2, 6])));
  assert.ok(onLines({ line: 7 }, new Set([7])));
});

test('comment and blank lines are not blamed', () => {
  assert.ok(isCommentOrBlank('   # note', 'python'));
  assert.ok(isCommentOrBlank('', 'python'));
  assert.not.ok(isCommentOrBlank('x = 1  # note', 'python'));
  assert.ok(isCommentOrBlank(' * doc', 'javascript'));
  assert.ok(isCommentOrBlank('// note', 'typescript'));
  assert.not.ok(isCommentOrBlank('return a // b', 'javascript'));
});

test.run();
