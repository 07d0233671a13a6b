import { spawnSync } from 'node:child_process';
import { gitEnv } from '../helpers/temp-repo.js';

export interface GitCall {
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  /** Return undefined instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
}

/** Runs git with the test identity and no inherited GIT_* variables; stdout as bytes. */
export function runGit(cwd: string, args: string[], call: GitCall & { allowFailure: true }): Buffer | undefined;
export function runGit(cwd: string, args: string[], call?: GitCall): Buffer;
export function runGit(cwd: string, args: string[], call: GitCall = {}): Buffer | undefined {
  const result = spawnSync('git', args, { cwd, env: gitEnv(call.env), input: call.input, maxBuffer: 1 << 28 });
  if (result.status === 0) return result.stdout;
  if (call.allowFailure) return undefined;
  throw new Error(`git ${args.join(' ')} (in ${cwd}) failed with ${result.status ?? result.signal}: ${result.stderr.toString()}`);
}

/** The same, as text. */
export const gitText = (cwd: string, args: string[], call: GitCall = {}): string => runGit(cwd, args, call).toString('utf8');

/** Splits `-z` output. */
export const splitZ = (out: Buffer): string[] => out.toString('utf8').split('\0').filter((part) => part !== '');
