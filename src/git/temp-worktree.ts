import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeOnSignal } from '../shared/remove-on-signal.js';
import { git } from './exec-git.js';

/**
 * A detached linked worktree of `root` in a temporary folder, for running a command at chosen
 * commits without touching the user's checkout. `checkout` moves it; `remove` deletes it, as a
 * SIGINT, SIGTERM or SIGHUP does before `remove` is called.
 */
export function tempWorktree(root: string): { dir: string; checkout(rev: string): void; remove(): void } {
  const dir = join(mkdtempSync(join(tmpdir(), 'attractor-verify-')), 'tree');
  const removeNow = (): void => {
    const removed = git(['worktree', 'remove', '--force', dir], { cwd: root, allowFailure: true }) !== undefined;
    rmSync(join(dir, '..'), { recursive: true, force: true });
    // Only when git could not remove it (half made): prune also forgets the user's other stale worktrees.
    if (!removed) git(['worktree', 'prune'], { cwd: root, allowFailure: true });
  };
  const forget = removeOnSignal(removeNow);
  try {
    git(['worktree', 'add', '--quiet', '--detach', dir, 'HEAD'], { cwd: root });
  } catch (error) {
    removeNow();
    forget();
    throw error;
  }
  return {
    dir,
    checkout(rev) {
      git(['checkout', '--quiet', '--force', '--detach', rev], { cwd: dir });
      git(['clean', '-qfdx'], { cwd: dir });
    },
    remove() {
      removeNow();
      forget();
    },
  };
}
