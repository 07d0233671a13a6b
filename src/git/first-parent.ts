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

/**
 * The commits of `since..head` that git made, not a developer through a commit with hooks:
 * reverts (`git revert`), cherry-picks recorded with `-x` and backports by bots that cherry-pick
 * ("[PR #123/abc backport]"). Neither `git revert` nor `git cherry-pick` runs the pre-commit hook.
 */
export function commitsWithoutHooks(root: string, since: string, head = 'HEAD'): Set<string> {
  const greps = ['^Revert "', '\\(cherry picked from commit [0-9a-f]+\\)', '^\\[PR #[0-9]+/[0-9a-f]+ backport\\]'];
  const out = git(['rev-list', '--no-merges', '-E', ...greps.map((g) => `--grep=${g}`), `${since}..${head}`, '--'], { cwd: root }).toString('utf8');
  return new Set(out.split('\n').filter(Boolean));
}
