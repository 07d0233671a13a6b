import type { TextEdit } from '../model.js';

/**
 * Applies non-overlapping edits to `text`. Edits are taken in order of position; an edit that
 * overlaps one already taken is left out and returned in `skipped` (a later pass can retry it).
 */
export function applyEdits(text: string, edits: TextEdit[]): { text: string; applied: TextEdit[]; skipped: TextEdit[] } {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const applied: TextEdit[] = [];
  const skipped: TextEdit[] = [];
  let end = -1;
  for (const edit of sorted) {
    if (edit.range[0] < end || (edit.range[0] === end && edit.range[0] === edit.range[1] && applied.length > 0)) {
      skipped.push(edit);
      continue;
    }
    applied.push(edit);
    end = edit.range[1];
  }
  let out = '';
  let cursor = 0;
  for (const edit of applied) {
    out += text.slice(cursor, edit.range[0]) + edit.text;
    cursor = edit.range[1];
  }
  return { text: out + text.slice(cursor), applied, skipped };
}
