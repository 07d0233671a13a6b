import { git } from './exec-git.js';

/** The URL of remote `origin`, else of the first remote; undefined when there is none. */
export function remoteUrl(root: string): string | undefined {
  const url = (name: string): string | undefined => git(['remote', 'get-url', name], { cwd: root, allowFailure: true })?.toString('utf8').trim() || undefined;
  const origin = url('origin');
  if (origin) return origin;
  const first = git(['remote'], { cwd: root, allowFailure: true })?.toString('utf8').split('\n')[0]?.trim();
  return first ? url(first) : undefined;
}
