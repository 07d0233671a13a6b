import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AttractorError } from '../shared/errors.js';

export interface GitOptions {
  cwd: string;
  input?: string | Buffer;
  /** Return undefined instead of throwing when git exits non-zero. */
  allowFailure?: boolean;
  /** Variables to set on top of this process's environment (e.g. another GIT_INDEX_FILE). */
  env?: NodeJS.ProcessEnv;
  /** Bound on stdout (default 1 GiB). */
  maxBuffer?: number;
  /** Return undefined instead of throwing when stdout would pass `maxBuffer` (git is stopped). */
  allowOverflow?: boolean;
}

/**
 * Runs git synchronously and returns stdout as bytes. The environment is passed through untouched:
 * inside a pre-commit hook `GIT_INDEX_FILE` names the index being committed (`git commit -a`,
 * `git commit -- path`), and stripping it (as simple-git does by default) would read the wrong one.
 * @see https://git-scm.com/docs/githooks#_pre_commit
 */
export function git(args: string[], options: GitOptions & ({ allowFailure: true } | { allowOverflow: true })): Buffer | undefined;
export function git(args: string[], options: GitOptions): Buffer;
export function git(args: string[], options: GitOptions): Buffer | undefined {
  const result = spawnSync('git', ['-c', 'core.quotepath=false', ...args], {
    cwd: options.cwd,
    input: options.input,
    maxBuffer: options.maxBuffer ?? 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOBUFS' && options.allowOverflow) return undefined;
  if (result.error) throw spawnFailure(args, options.cwd, result.error as NodeJS.ErrnoException);
  if (result.status !== 0) {
    if (options.allowFailure) return undefined;
    throw new AttractorError('git-failed', `git ${args[0]} failed: ${failureReason(result.stderr.toString(), result.status)}`);
  }
  return result.stdout;
}

/**
 * The line of git's stderr that says what went wrong: the last `fatal:`/`error:` line (advice such
 * as the `safe.directory` hint follows it), else the last non-empty line, else the exit status.
 */
export function failureReason(stderr: string, status: number | null): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.filter((line) => /^(fatal|error):/.test(line)).pop() ?? lines.pop() ?? `exit ${status}`;
}

/** Explains why git could not start. A missing `cwd` also fails with ENOENT, so it is told apart from a missing git. */
function spawnFailure(args: string[], cwd: string, error: NodeJS.ErrnoException): AttractorError {
  if (error.code !== 'ENOENT') return new AttractorError('git-failed', `git ${args[0]}: ${error.message}`);
  if (!existsSync(cwd)) return new AttractorError('git-failed', `git ${args[0]}: folder not found: ${cwd}`);
  return new AttractorError('git-failed', 'git was not found on PATH');
}

/** Splits NUL-separated git output (`-z`), dropping the empty tail. */
export function splitZ(output: Buffer): string[] {
  const parts = output.toString('utf8').split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}
