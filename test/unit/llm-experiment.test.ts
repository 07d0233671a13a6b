import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bootstrapMean } from '../../src/eval/llm/bootstrap.js';
import { armOrders } from '../../src/eval/llm/run-llm-experiment.js';
import { addedNames, apiHitRate, developerVersion, isExact } from '../../src/eval/llm/score-answer.js';
import type { HeldOutFile } from '../../src/eval/read-window.js';
import { diffLines } from '../../src/mine/diff-lines.js';

test('bootstrapMean: constant differences have a zero-width interval; nothing to average is null', () => {
  assert.equal(bootstrapMean([0.5, 0.5, 0.5], 7), { value: 0.5, low: 0.5, high: 0.5, n: 3 });
  assert.equal(bootstrapMean([], 7), { value: null, low: null, high: null, n: 0 });
});

test('bootstrapMean: two cases 0 and 1 resample to means 0, 0.5, 1 (1/4, 1/2, 1/4): the interval is [0, 1]', () => {
  const i = bootstrapMean([0, 1], 3);
  assert.equal([i.value, i.low, i.high], [0.5, 0, 1]);
});

test('bootstrapMean: many cases narrow the interval around the mean, and a seed gives the same interval', () => {
  const values = Array.from({ length: 400 }, (_, k) => (k % 4 === 0 ? 1 : 0));
  const a = bootstrapMean(values, 11);
  assert.is(a.value, 0.25);
  assert.ok((a.low as number) > 0.19 && (a.low as number) < 0.25, String(a.low));
  assert.ok((a.high as number) > 0.25 && (a.high as number) < 0.31, String(a.high));
  assert.equal(bootstrapMean(values, 11), a);
});

test('armOrders: each case gets both arms once; the seed decides which goes first, and both orders occur', () => {
  const orders = armOrders(40, 5);
  for (const o of orders) assert.equal([...o].sort(), ['baseline', 'enhanced']);
  const first = orders.filter((o) => o[0] === 'enhanced').length;
  assert.ok(first > 5 && first < 35, String(first));
  assert.equal(armOrders(40, 5), orders);
  assert.not.equal(armOrders(40, 6), orders);
});

function file(before: string, after: string): HeldOutFile {
  return { commit: 'c', parent: 'p', edits: [], subject: 's', path: 'a.py', language: 'python', before, after, hunks: diffLines(before.split('\n'), after.split('\n')) };
}

test("developerVersion: only the fix's hunks inside the region are applied", () => {
  const before = 'def a():\n    x = 1\n\n\ndef b():\n    y = load()\n    return y\n';
  const after = 'def a():\n    x = 2\n\n\ndef b():\n    y = await load()\n    return y\n';
  const f = file(before, after);
  const start = before.indexOf('def b');
  const dev = developerVersion(f, [start, before.length - 1]);
  assert.is(dev, 'def a():\n    x = 1\n\n\ndef b():\n    y = await load()\n    return y\n');
  assert.ok(isExact(dev.replace('y = await', 'y  =  await'), dev), 'layout does not count');
  assert.not.ok(isExact(dev.replace('return y', 'return y  # ok'), dev), 'a comment does');
  assert.equal(addedNames(before, dev, 'python'), ['await']);
});

test('developerVersion: a pure insertion, a change at the end of the file, and a hunk straddling the region edge', () => {
  const before = 'def a():\n    x = 1\n\n\ndef b():\n    db.commit()\n';
  // An insertion inside b, and a change at the last line.
  const inserted = 'def a():\n    x = 1\n\n\ndef b():\n    db.flush()\n    db.commit()\n';
  const f = file(before, inserted);
  const b = before.indexOf('def b');
  assert.is(developerVersion(f, [b, before.length - 1]), inserted);
  assert.is(developerVersion(f, [0, before.indexOf('\n\n\n')]), before, "a's region gets none of b's change");
  const last = file(before, before.replace('db.commit()\n', 'db.commit(sync=True)\n'));
  assert.is(developerVersion(last, [b, before.length]), before.replace('db.commit()', 'db.commit(sync=True)'));
  // Two hunks (blank lines between): only b's applies.
  const two = file(before, before.replace('    x = 1\n\n\ndef b():', '    x = 2\n\n\ndef b(self):'));
  assert.is(developerVersion(two, [b, before.length - 1]), before.replace('def b():', 'def b(self):'));
  // One hunk across the last line of a and the first of b: it touches b's region, so it applies whole.
  const tight = 'def a():\n    x = 1\ndef b():\n    db.commit()\n';
  const across = file(tight, tight.replace('    x = 1\ndef b():', '    x = 2\ndef b(self):'));
  assert.is(across.hunks.length, 1);
  assert.is(developerVersion(across, [tight.indexOf('def b'), tight.length - 1]), across.after);
});

test('apiHitRate: the share of added names the answer adds; null when the fix added none; 0 with no answer', () => {
  const before = 'def b():\n    db.commit()\n';
  const names = addedNames(before, 'def b():\n    try:\n        db.commit()\n    except Error:\n        db.rollback()\n        raise\n', 'python');
  assert.equal(names, ['Error', 'except', 'raise', 'rollback', 'try']);
  assert.is(apiHitRate(names, before, 'def b():\n    try:\n        db.commit()\n    except Error:\n        db.rollback()\n', 'python'), 0.8);
  assert.is(apiHitRate(names, before, undefined, 'python'), 0);
  assert.is(apiHitRate([], before, before, 'python'), null);
});

test.run();
