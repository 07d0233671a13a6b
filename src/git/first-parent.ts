import { git } from './exec-git.js';

/** The first-parent history of `rev`, oldest first (full SHAs). */
export function firstParentHistory(root: string, rev = 'HEAD'): string[] {
  return git(['rev-list', '--first-parent', '--reverse', rev, '--'], { cwd: root }).toString('utf8').split('\n').filter(Boolean);
}
