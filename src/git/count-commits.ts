import { git } from './exec-git.js';

/** Non-merge commits reachable from `rev` (for progress and ETA); undefined when git cannot say. */
export function countCommits(root: string, rev = 'HEAD', since?: string): number | undefined {
  const args = ['rev-list', '--count', '--no-merges'];
  if (since) args.push(`--since=${since}`);
  const out = git([...args, rev, '--'], { cwd: root, allowFailure: true });
  return out ? Number(out.toString().trim()) : undefined;
}

/** Whether `rev` names a commit (false on an unborn branch, or for a revision that does not exist). */
export function resolvesToCommit(root: string, rev = 'HEAD'): boolean {
  return git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: root, allowFailure: true }) !== undefined;
}

/** The full SHA `rev` resolves to, or undefined. */
export function resolveCommit(root: string, rev = 'HEAD'): string | undefined {
  return git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: root, allowFailure: true })?.toString('utf8').trim();
}

/** Whether `ancestor` is reachable from `descendant` (history was only appended to). */
export function isAncestor(root: string, ancestor: string, descendant: string): boolean {
  return git(['merge-base', '--is-ancestor', ancestor, descendant], { cwd: root, allowFailure: true }) !== undefined;
}
