// Python text as lines, with the unstaged edits of a partially staged file kept line by line, so the
// fixed working tree is known exactly: the fix (`old(` -> `new(`) lands on the lines that are both
// staged and unchanged in the working tree, and nowhere else.
import type { Rng } from './create-rng.js';

/** One line of a partially staged file: `s` in the index, `w` in the working tree (either may be absent). */
export interface LineEdit {
  s?: string;
  w?: string;
}

/** The intended fix of the test rule: every call `old(...)` becomes `new(...)`. */
export const fixText = (text: string): string => text.replaceAll('old(', 'new(');
export const isCall = (line: string | undefined): boolean => line !== undefined && line.includes('old(');

/** Unique plain assignments (unique, so that diff and merge line them up one way only). */
export const filler = (tag: string, count: number, from = 0): string[] => Array.from({ length: count }, (_, i) => `${tag}_${from + i} = ${from + i}`);

/** Inserts `count` calls `old(...)` at random places, never next to each other. */
export function withCalls(rng: Rng, lines: string[], tag: string, count: number): string[] {
  const out = [...lines];
  for (let n = 0; n < count; n++) {
    const free = Array.from({ length: out.length + 1 }, (_, i) => i).filter((i) => !isCall(out[i - 1]) && !isCall(out[i]));
    if (!free.length) break;
    out.splice(rng.pick(free), 0, `old(${tag}_${rng.int(1000)})`);
  }
  return out;
}

/**
 * Unstaged edits of `staged`: lines modified, deleted or inserted at least one untouched line away
 * from every call (so git's three-way merge takes both), or, with `overlap`, a call line itself
 * changed or deleted (so the fix and the edit collide). `addCall` inserts an unstaged call, which
 * the fix of the staged content must leave alone.
 */
export function unstagedEdits(rng: Rng, staged: string[], tag: string, options: { overlap: boolean; count: number; addCall: boolean }): LineEdit[] {
  const safe = (i: number): boolean => !isCall(staged[i]) && !isCall(staged[i - 1]) && !isCall(staged[i + 1]);
  const gapSafe = (i: number): boolean => !isCall(staged[i]) && !isCall(staged[i + 1]); // insertion after line i
  const ops = new Map<number, 'modify' | 'delete'>();
  const inserts = new Map<number, string>();
  const lineIdx = staged.map((_, i) => i);
  for (const i of rng.sample(lineIdx.filter(safe), options.count)) ops.set(i, rng.chance(0.7) ? 'modify' : 'delete');
  const gaps = lineIdx.filter(gapSafe);
  for (const i of rng.sample(gaps, rng.range(0, 2))) inserts.set(i, `${tag}_wip_${i} = "unstaged ${i}"`);
  if (options.addCall && gaps.length) inserts.set(rng.pick(gaps), `old(${tag}_unstaged)`);
  if (options.overlap) {
    const calls = lineIdx.filter((i) => isCall(staged[i]));
    if (calls.length) ops.set(rng.pick(calls), rng.chance(0.5) ? 'modify' : 'delete');
  }
  const edits: LineEdit[] = [];
  staged.forEach((s, i) => {
    const op = ops.get(i);
    if (op === 'delete') edits.push({ s });
    else if (op === 'modify') edits.push({ s, w: isCall(s) ? s.replace(')', ', retries=2)') : `${s}  # edited ${i}` });
    else edits.push({ s, w: s });
    const inserted = inserts.get(i);
    if (inserted !== undefined) edits.push({ w: inserted });
  });
  return edits;
}

export const render = (lines: string[], eol: string): Buffer => Buffer.from(lines.map((line) => `${line}${eol}`).join(''));
export const stagedLines = (edits: LineEdit[]): string[] => edits.flatMap((e) => (e.s === undefined ? [] : [e.s]));
export const worktreeLines = (edits: LineEdit[]): string[] => edits.flatMap((e) => (e.w === undefined ? [] : [e.w]));
/** The working tree once the staged fix is merged in: untouched staged lines fixed, the rest as they were. */
export const fixedWorktreeLines = (edits: LineEdit[]): string[] => edits.flatMap((e) => (e.w === undefined ? [] : [e.s === e.w ? fixText(e.w) : e.w]));
/** Whether the unstaged edits touch a line the fix changes. */
export const overlapsFix = (edits: LineEdit[]): boolean => edits.some((e) => isCall(e.s) && e.s !== e.w);
