export interface DiffLine {
  mark: ' ' | '-' | '+';
  line: string;
}

/**
 * A line diff by longest common subsequence, removals before additions within a change (as people
 * read diffs). Quadratic, which is fine for rule cases: a few dozen lines each.
 */
export function lineDiff(a: string[], b: string[]): DiffLine[] {
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  const at = (i: number, j: number): number => (common[i] as number[])[j] as number;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) (common[i] as number[])[j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ mark: ' ', line: a[i] as string });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || at(i + 1, j) >= at(i, j + 1))) out.push({ mark: '-', line: a[i++] as string });
    else out.push({ mark: '+', line: b[j++] as string });
  }
  return out;
}
