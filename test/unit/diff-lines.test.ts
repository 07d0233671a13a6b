import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diffLines, type LineHunk } from '../../src/mine/diff-lines.js';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

function applyHunks(a: string[], b: string[], hunks: LineHunk[]): string[] {
  const out: string[] = [];
  let i = 0;
  for (const h of hunks) {
    while (i < h.oldStart) out.push(a[i++] as string);
    out.push(...b.slice(h.newStart, h.newStart + h.newLines));
    i += h.oldLines;
  }
  while (i < a.length) out.push(a[i++] as string);
  return out;
}

test('hunks turn the old lines into the new ones (2,000 seeded random pairs)', () => {
  const random = seeded(20261124);
  const lines = (n: number) => Array.from({ length: n }, () => 'abcd'[Math.floor(random() * 4)] as string);
  for (let t = 0; t < 2000; t++) {
    const a = lines(Math.floor(random() * 40));
    const b = lines(Math.floor(random() * 40));
    const hunks = diffLines(a, b);
    assert.equal(applyHunks(a, b, hunks), b, `case ${t}`);
    for (let i = 1; i < hunks.length; i++) assert.ok((hunks[i] as LineHunk).oldStart > (hunks[i - 1] as LineHunk).oldStart);
  }
});

test('minimal hunks like git diff -U0', () => {
  assert.equal(diffLines(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e']), [
    { oldStart: 1, oldLines: 1, newStart: 1, newLines: 1 },
    { oldStart: 4, oldLines: 0, newStart: 4, newLines: 1 },
  ]);
  assert.equal(diffLines(['same'], ['same']), []);
  assert.equal(diffLines([], ['new']), [{ oldStart: 0, oldLines: 0, newStart: 0, newLines: 1 }]);
});

test('past maxEdits the middle is one hunk', () => {
  const a = Array.from({ length: 50 }, (_, i) => `a${i}`);
  const b = Array.from({ length: 50 }, (_, i) => `b${i}`);
  assert.equal(diffLines(a, b, 10), [{ oldStart: 0, oldLines: 50, newStart: 0, newLines: 50 }]);
});

test.run();
