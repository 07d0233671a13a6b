import { diffLines } from '../mine/diff-lines.js';

const CONTEXT = 3;

/** A unified diff of two versions of `path` (3 lines of context), as `git diff` prints it; '' when equal. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  const hunks = diffLines(a, b);
  const out = [`--- a/${path}`, `+++ b/${path}`];
  for (let i = 0; i < hunks.length; ) {
    // Hunks closer than twice the context share one block.
    let j = i;
    while (j + 1 < hunks.length && (hunks[j + 1]?.oldStart ?? 0) - ((hunks[j]?.oldStart ?? 0) + (hunks[j]?.oldLines ?? 0)) <= 2 * CONTEXT) j++;
    const first = hunks[i] as (typeof hunks)[number];
    const last = hunks[j] as (typeof hunks)[number];
    const oldFrom = Math.max(0, first.oldStart - CONTEXT);
    const oldTo = Math.min(a.length, last.oldStart + last.oldLines + CONTEXT);
    const newFrom = first.newStart - (first.oldStart - oldFrom);
    const newTo = Math.min(b.length, last.newStart + last.newLines + (oldTo - (last.oldStart + last.oldLines)));
    const body: string[] = [];
    let cursor = oldFrom;
    for (let k = i; k <= j; k++) {
      const h = hunks[k] as (typeof hunks)[number];
      for (; cursor < h.oldStart; cursor++) body.push(` ${a[cursor]}`);
      for (let l = 0; l < h.oldLines; l++) body.push(`-${a[h.oldStart + l]}`);
      for (let l = 0; l < h.newLines; l++) body.push(`+${b[h.newStart + l]}`);
      cursor = h.oldStart + h.oldLines;
    }
    for (; cursor < oldTo; cursor++) body.push(` ${a[cursor]}`);
    const range = (from: number, count: number): string => `${count === 0 ? from : from + 1}${count === 1 ? '' : `,${count}`}`;
    out.push(`@@ -${range(oldFrom, oldTo - oldFrom)} +${range(newFrom, newTo - newFrom)} @@`, ...body);
    i = j + 1;
  }
  return `${out.join('\n')}\n`;
}
