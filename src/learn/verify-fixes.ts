import { spawnSync } from 'node:child_process';
import { tempWorktree } from '../git/temp-worktree.js';
import { withoutGitVariables } from '../shared/without-git-variables.js';

export interface VerifyOptions {
  command: string;
  /** Per run of the command. */
  timeoutMs: number;
  /** At most this many fix commits are verified (two runs each). */
  maxCommits: number;
}

const STOPPING = new Set(['SIGINT', 'SIGTERM', 'SIGHUP']);

/**
 * Runs a shell command in `cwd` with a time limit (killed after it): passed, failed, timed out, or
 * `interrupted` when the command died of SIGINT, SIGTERM or SIGHUP (Ctrl-C reaches the whole
 * process group: the caller should stop running commands, and its own handler then ends the run).
 */
export function commandPasses(command: string, cwd: string, timeoutMs: number): boolean | 'timeout' | 'interrupted' {
  const result = spawnSync(command, { cwd, shell: true, timeout: timeoutMs, stdio: 'ignore', env: withoutGitVariables(process.env), killSignal: 'SIGKILL' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return 'timeout';
  if (result.signal && STOPPING.has(result.signal)) return 'interrupted';
  return result.status === 0;
}

/**
 * `learn --verify CMD`: runs CMD (a shell command, e.g. "pytest -x -q") at each fix commit's parent
 * and at the fix, in one temporary worktree. A command that fails before and passes after is
 * red-to-green evidence. Commits are `[sha, parentSha]`, newest first; returns sha -> evidence.
 */
export function verifyFixes(root: string, commits: [string, string][], options: VerifyOptions): { evidence: Map<string, string[]>; notes: string[] } {
  const evidence = new Map<string, string[]>();
  const notes: string[] = [];
  if (commits.length === 0) return { evidence, notes };
  const tree = tempWorktree(root);
  try {
    for (const [sha, parent] of commits.slice(0, options.maxCommits)) {
      tree.checkout(parent);
      const before = commandPasses(options.command, tree.dir, options.timeoutMs);
      if (before === 'interrupted') break;
      tree.checkout(sha);
      const after = commandPasses(options.command, tree.dir, options.timeoutMs);
      if (after === 'interrupted') break;
      if (before === 'timeout' || after === 'timeout') notes.push(`${sha.slice(0, 7)}: --verify timed out after ${options.timeoutMs / 1000} s`);
      else if (!before && after) evidence.set(sha, [`verify: ${options.command}`]);
    }
    if (commits.length > options.maxCommits) notes.push(`--verify checked the ${options.maxCommits} newest of ${commits.length} candidate fix commits`);
  } finally {
    tree.remove();
  }
  return { evidence, notes };
}
