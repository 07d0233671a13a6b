import { git } from './exec-git.js';

/** Every commit of `range` (e.g. `cut..head`, merges included) with its parents, in one `git rev-list --parents`. */
export function commitParents(root: string, range: string): Map<string, string[]> {
  const out = git(['rev-list', '--parents', range, '--'], { cwd: root }).toString('utf8');
  const parents = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    if (!line) continue;
    const [sha, ...rest] = line.split(' ');
    parents.set(sha as string, rest);
  }
  return parents;
}
