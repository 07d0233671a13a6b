import { git } from './exec-git.js';

/** The first-parent history of `rev`, oldest first (full SHAs). */
export function firstParentHistory(root: string, rev = 'HEAD'): string[] {
  return git(['rev-list', '--first-parent', '--reverse', rev, '--'], { cwd: root }).toString('utf8').split('\n').filter(Boolean);
}

/** The non-merge commits reachable from `head` and not from `since`, oldest first, each with its first parent. */
export function commitsSince(root: string, since: string, head = 'HEAD'): { commit: string; parent: string }[] {
  return git(['rev-list', '--no-merges', '--reverse', '--parents', `${since}..${head}`, '--'], { cwd: root })
    .toString('utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter((parts) => parts.length >= 2)
    .map(([commit, parent]) => ({ commit: commit as string, parent: parent as string }));
}
