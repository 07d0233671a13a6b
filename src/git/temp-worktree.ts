import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './exec-git.js';

/**
 * A detached linked worktree of `root` in a temporary folder, for running a command at chosen
 * commits without touching the user's checkout. `checkout` moves it; `remove` deletes it.
 */
export function tempWorktree(root: string): { dir: string; checkout(rev: string): void; remove(): void } {
  const dir = join(mkdtempSync(join(tmpdir(), 'attractor-verify-')), 'tree');
  git(['worktree', 'add', '--quiet', '--detach', dir, 'HEAD'], { cwd: root });
  return {
    dir,
    checkout(rev) {
      git(['checkout', '--quiet', '--force', '--detach', rev], { cwd: dir });
      git(['clean', '-qfdx'], { cwd: dir });
    },
    remove() {
      git(['worktree', 'remove', '--force', dir], { cwd: root, allowFailure: true });
      rmSync(join(dir, '..'), { recursive: true, force: true });
      git(['worktree', 'prune'], { cwd: root, allowFailure: true });
    },
  };
}
