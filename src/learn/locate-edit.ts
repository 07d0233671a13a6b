import type { SyntaxNode, SyntaxTree } from '../parse/index.js';
import type { LineHunk } from '../mine/diff-lines.js';

export interface EditLocation {
  before: SyntaxNode;
  after: SyntaxNode;
  kind: 'modify' | 'replace';
}

/** Offsets of the start of every line (plus one past the end). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  if (starts[starts.length - 1] !== text.length) starts.push(text.length);
  return starts;
}

const STATEMENT_PARENTS = new Set(['block', 'module', 'program', 'statement_block', 'class_body', 'switch_case', 'switch_default']);
const MAX_ROOT_CHARS = 1500;

/**
 * `bounds` are the before-file offsets of the end of the previous hunk and the start of the next
 * one: a pattern may not reach into another change.
 *
 * Finds the smallest pair of corresponding syntax nodes that contains one hunk's change.
 *
 * The change is first narrowed to characters (common prefix and suffix of the hunk's text), then
 * we climb from the smallest node covering it on the side that has content. Text outside the
 * change is identical on both sides, so a node's partner must start at the same offset (shifted by
 * earlier hunks) and end shifted by the change's length delta. The first partner of the same type
 * is a `modify`; a statement whose partner is a different statement (e.g. wrapped in an `if`) is
 * a `replace`. Nodes spanning another hunk, or too large to be a pattern, give up.
 */
export function locateEdit(
  before: { tree: SyntaxTree; text: string; lines: number[] },
  after: { tree: SyntaxTree; text: string; lines: number[] },
  hunk: LineHunk,
  bounds: { prevEnd: number; nextStart: number },
): EditLocation | undefined {
  const regionB: [number, number] = [before.lines[hunk.oldStart] ?? before.text.length, before.lines[hunk.oldStart + hunk.oldLines] ?? before.text.length];
  const regionA: [number, number] = [after.lines[hunk.newStart] ?? after.text.length, after.lines[hunk.newStart + hunk.newLines] ?? after.text.length];
  const textB = before.text.slice(...regionB);
  const textA = after.text.slice(...regionA);
  let prefix = 0;
  while (prefix < textB.length && prefix < textA.length && textB[prefix] === textA[prefix]) prefix++;
  let suffix = 0;
  while (suffix < textB.length - prefix && suffix < textA.length - prefix && textB[textB.length - 1 - suffix] === textA[textA.length - 1 - suffix]) suffix++;
  const changeB: [number, number] = [regionB[0] + prefix, regionB[1] - suffix];
  const changeA: [number, number] = [regionA[0] + prefix, regionA[1] - suffix];
  // Skip whitespace at the edges of the change: it is not part of any node.
  while (changeB[0] < changeB[1] && /\s/.test(before.text[changeB[0]] as string)) changeB[0]++;
  while (changeB[1] > changeB[0] && /\s/.test(before.text[changeB[1] - 1] as string)) changeB[1]--;
  while (changeA[0] < changeA[1] && /\s/.test(after.text[changeA[0]] as string)) changeA[0]++;
  while (changeA[1] > changeA[0] && /\s/.test(after.text[changeA[1] - 1] as string)) changeA[1]--;
  const delta = regionA[1] - regionA[0] - (regionB[1] - regionB[0]);
  // Text between hunks is identical, so offsets before this change differ by the earlier hunks' growth.
  const shift = regionA[0] - regionB[0];
  const fromBefore = changeB[1] > changeB[0];
  const [own, other] = fromBefore ? [before, after] : [after, before];
  const change = fromBefore ? changeB : changeA;
  const toOther = (start: number, end: number): [number, number] =>
    fromBefore ? [start + shift, end + shift + delta] : [start - shift, end - shift - delta];
  const withinBounds = (node: SyntaxNode): boolean => {
    const [lo, hi] = fromBefore ? [node.startIndex, node.endIndex] : [node.startIndex - shift, node.endIndex - shift - delta];
    return lo >= bounds.prevEnd && hi <= bounds.nextStart;
  };

  let node: SyntaxNode | null = own.tree.rootNode.descendantForIndex(change[0], Math.max(change[0], change[1] - 1));
  for (; node; node = node.parent) {
    if (node.startIndex > change[0] || node.endIndex < change[1]) continue;
    if (!withinBounds(node) || node.endIndex - node.startIndex > MAX_ROOT_CHARS || !node.parent) return undefined;
    const [start, end] = toOther(node.startIndex, node.endIndex);
    let partner: SyntaxNode | null = other.tree.rootNode.descendantForIndex(start, Math.max(start, end - 1));
    while (partner && (partner.startIndex > start || partner.endIndex < end)) partner = partner.parent;
    const candidates: SyntaxNode[] = [];
    for (let p = partner; p && p.startIndex === start && p.endIndex === end; p = p.parent) candidates.push(p);
    const same = candidates.find((p) => p.type === node!.type);
    if (same) return fromBefore ? { before: node, after: same, kind: 'modify' } : { before: same, after: node, kind: 'modify' };
    if (STATEMENT_PARENTS.has(node.parent.type)) {
      const statement = candidates.find((p) => p.parent && STATEMENT_PARENTS.has(p.parent.type));
      if (statement) return fromBefore ? { before: node, after: statement, kind: 'replace' } : { before: statement, after: node, kind: 'replace' };
    }
  }
  return undefined;
}
