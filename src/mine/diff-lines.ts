/** A changed region: `oldLines` lines at `oldStart` became `newLines` lines at `newStart` (0-based). */
export interface LineHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
}

/**
 * Line diff (Myers' O(ND) algorithm with common prefix/suffix trimmed first), returned as hunks
 * with no context lines, like `git diff -U0`. `maxEdits` bounds the work on unrelated files:
 * beyond it the whole middle is reported as one hunk.
 */
export function diffLines(a: string[], b: string[], maxEdits = 2000): LineHunk[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  if (n === 0 && m === 0) return [];
  if (n === 0 || m === 0) return [{ oldStart: start, oldLines: n, newStart: start, newLines: m }];

  // Lines as numbers (equal lines, equal numbers): the inner loop compares integers.
  const ids = new Map<string, number>();
  const idOf = (line: string): number => {
    let id = ids.get(line);
    if (id === undefined) ids.set(line, (id = ids.size));
    return id;
  };
  const aa = new Int32Array(n);
  const bb = new Int32Array(m);
  for (let i = 0; i < n; i++) aa[i] = idOf(a[start + i] as string);
  for (let i = 0; i < m; i++) bb[i] = idOf(b[start + i] as string);

  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v[-d..d] as it was before round d (only that band is read back).
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && aa[x] === bb[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return [{ oldStart: start, oldLines: n, newStart: start, newLines: m }];

  // Backtrack to the edit script, then merge adjacent edits into hunks.
  const edits: { kind: 'del' | 'ins'; x: number; y: number }[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const band = trace[d] as Int32Array;
    const at = (k: number): number => band[k + d + 1] as number;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
    }
    if (down) edits.push({ kind: 'ins', x: prevX, y: prevY });
    else edits.push({ kind: 'del', x: prevX, y: prevY });
    x = prevX;
    y = prevY;
  }
  edits.reverse();
  const hunks: LineHunk[] = [];
  for (const edit of edits) {
    const last = hunks[hunks.length - 1];
    const oldAt = start + edit.x;
    const newAt = start + edit.y;
    if (last && last.oldStart + last.oldLines === oldAt && last.newStart + last.newLines === newAt) {
      if (edit.kind === 'del') last.oldLines++;
      else last.newLines++;
    } else {
      hunks.push({ oldStart: oldAt, oldLines: edit.kind === 'del' ? 1 : 0, newStart: newAt, newLines: edit.kind === 'ins' ? 1 : 0 });
    }
  }
  return hunks;
}
