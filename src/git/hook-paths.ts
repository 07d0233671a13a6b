import { isAbsolute, resolve } from 'node:path';
import { git } from './exec-git.js';

export interface HookPaths {
  /** The folder git runs hooks from, absolute: `core.hooksPath` when set (relative to the top level), else `<common git dir>/hooks`. */
  hooksDir: string;
  /** `core.hooksPath` as configured; undefined when unset. */
  hooksPathConfig: string | undefined;
  /** `<common git dir>/hooks`, where hooks live when `core.hooksPath` is unset. */
  defaultHooksDir: string;
  /** Inside a linked worktree (`git worktree add`), whose untracked files other worktrees do not share. */
  linkedWorktree: boolean;
}

/**
 * Where git looks for hooks in the repository whose top level is `root`. `core.hooksPath` is shared
 * by every worktree, and relative values resolve against each worktree's own top level.
 * @see https://git-scm.com/docs/githooks#_description
 */
export function hookPaths(root: string): HookPaths {
  const out = git(['rev-parse', '--git-path', 'hooks', '--absolute-git-dir', '--git-common-dir'], { cwd: root }).toString('utf8');
  const [hooks = '', gitDir = '', commonDir = ''] = out.split('\n');
  const at = (p: string): string => (isAbsolute(p) ? p : resolve(root, p));
  const configured = git(['config', '--get', 'core.hooksPath'], { cwd: root, allowFailure: true })?.toString('utf8').replace(/\n$/, '');
  return {
    hooksDir: at(hooks),
    hooksPathConfig: configured || undefined,
    defaultHooksDir: resolve(at(commonDir), 'hooks'),
    linkedWorktree: at(gitDir) !== at(commonDir),
  };
}
