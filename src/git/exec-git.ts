import { spawnSync } from 'node:child_process';
import { AttractorError } from '../shared/errors.js';

export interface GitOptions {
  cwd: string;
  input?: string | Buffer;
  /** Return undefined instead of throwing when git exits non-zero. */
  allowFailure?: boolean;
}

/**
 * Runs git synchronously and returns stdout as bytes. The environment is passed through untouched:
 * inside a pre-commit hook `GIT_INDEX_FILE` names the index being committed (`git commit -a`,
 * `git commit -- path`), and stripping it (as simple-git does by default) would read the wrong one.
 * @see https://git-scm.com/docs/githooks#_pre_commit
 */
export function git(args: string[], options: GitOptions & { allowFailure: true }): Buffer | undefined;
export function git(args: string[], options: GitOptions): Buffer;
export function git(args: string[], options: GitOptions): Buffer | undefined {
  const result = spawnSync('git', ['-c', 'core.quotepath=false', ...args], {
    cwd: options.cwd,
    input: options.input,
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (result.error) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') throw new AttractorError('git-failed', 'git was not found on PATH');
    throw new AttractorError('git-failed', `git ${args[0]}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    if (options.allowFailure) return undefined;
    const why = result.stderr.toString().trim().split('\n').pop() ?? `exit ${result.status}`;
    throw new AttractorError('git-failed', `git ${args[0]} failed: ${why}`);
  }
  return result.stdout;
}

/** Splits NUL-separated git output (`-z`), dropping the empty tail. */
export function splitZ(output: Buffer): string[] {
  const parts = output.toString('utf8').split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}
