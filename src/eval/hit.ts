/** Counts of a list by key. */
function counts<T extends { key: string }>(list: T[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of list) out.set(item.key, (out.get(item.key) ?? 0) + 1);
  return out;
}

/** A hit (evaluation.md): a finding on a changed line whose kind fires fewer times after the fix. */
export function hitOf<T extends { key: string; line: number; endLine?: number }>(before: T[], after: T[], lines: Set<number>): T | undefined {
  const afterCounts = counts(after);
  const beforeCounts = counts(before);
  return before.find((f) => {
    let on = false;
    for (let l = f.line; l <= (f.endLine ?? f.line); l++) if (lines.has(l)) on = true;
    return on && (afterCounts.get(f.key) ?? 0) < (beforeCounts.get(f.key) ?? 0);
  });
}
