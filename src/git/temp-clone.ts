import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { AttractorError } from '../shared/errors.js';
import { removeOnSignal } from '../shared/remove-on-signal.js';

/**
 * A throwaway clone of `root` checked out at `rev` (removed by `remove`, or by a SIGINT, SIGTERM or
 * SIGHUP before that), sharing its objects (`--shared`), so that
 * history after `rev` is invisible to whatever runs in it. Not on the hook path, so simple-git is
 * fine here; GIT_INDEX_FILE and friends are not let through (they name the caller's repository).
 */
export interface TempClone {
  dir: string;
  /** Moves the clone to another commit (eval re-learns along its window in one clone). */
  checkout(rev: string): Promise<void>;
  remove(): void;
}

export async function tempClone(root: string, rev: string): Promise<TempClone> {
  const dir = mkdtempSync(join(tmpdir(), 'attractor-eval-'));
  const removeNow = (): void => rmSync(dir, { recursive: true, force: true });
  const forget = removeOnSignal(removeNow);
  const remove = (): void => {
    removeNow();
    forget();
  };
  try {
    await simpleGit({ baseDir: root }).clone(root, dir, ['--quiet', '--shared', '--no-checkout']);
    const clone = simpleGit({ baseDir: dir });
    await clone.raw(['checkout', '--quiet', '--detach', rev]);
    const checkout = async (next: string): Promise<void> => {
      try {
        await clone.raw(['checkout', '--quiet', '--force', '--detach', next]);
      } catch (error) {
        throw new AttractorError('git-failed', `cannot check out ${next} in the evaluation clone: ${(error as Error).message.split('\n')[0]}`);
      }
    };
    return { dir, checkout, remove };
  } catch (error) {
    remove();
    throw new AttractorError('git-failed', `cannot clone ${root} at ${rev}: ${(error as Error).message.split('\n')[0]}`);
  }
}
