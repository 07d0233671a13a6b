import { blameLines } from '../git/blame-lines.js';
import type { LineHunk } from '../mine/diff-lines.js';
import type { LanguageId } from '../model.js';
import { isCommentOrBlank } from './changed-lines.js';

/** Lines a commit introduced (1-based, in its own version of `path`) that a later fix changed. */
export interface Introduction {
  commit: string;
  path: string;
  lines: Set<number>;
}

/**
 * The SZZ step: the commits that introduced the lines a fix removed or changed, found with
 * `git blame -w` at the fix's parent. Pure insertions have no such lines; blank lines and lines
 * holding only a comment are skipped.
 */
export async function introductionsOf(root: string, parent: string, path: string, language: LanguageId, before: string, hunks: LineHunk[]): Promise<Introduction[]> {
  const text = before.split('\n');
  const wanted: number[] = [];
  for (const h of hunks) {
    for (let i = 0; i < h.oldLines; i++) {
      const line = h.oldStart + i + 1;
      if (!isCommentOrBlank(text[line - 1] ?? '', language)) wanted.push(line);
    }
  }
  if (wanted.length === 0) return [];
  const blamed = await blameLines(root, parent, path, wanted);
  const groups = new Map<string, Introduction>();
  for (const origin of blamed.values()) {
    const key = `${origin.commit}\u0000${origin.path}`;
    const group = groups.get(key) ?? { commit: origin.commit, path: origin.path, lines: new Set<number>() };
    group.lines.add(origin.line);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Runs `task` over `items` with at most `limit` at once, keeping the results in order. */
export async function mapLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
