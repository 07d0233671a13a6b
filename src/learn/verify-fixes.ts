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

/** Runs a shell command in `cwd` with a time limit (killed after it): passed, failed or timed out. */
export function commandPasses(command: string, cwd: string, timeoutMs: number): boolean | 'timeout' {
  const result = spawnSync(command, { cwd, shell: true, timeout: timeoutMs, stdio: 'ignore', env: withoutGitVariables(process.env), killSignal: 'SIGKILL' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return 'timeout';
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
      tree.checkout(sha);
      const after = commandPasses(options.command, tree.dir, options.timeoutMs);
      if (before === 'timeout' || after === 'timeout') notes.push(`${sha.slice(0, 7)}: --verify timed out after ${options.timeoutMs / 1000} s`);
      else if (!before && after) evidence.set(sha, [`verify: ${options.command}`]);
    }
    if (commits.length > options.maxCommits) notes.push(`--verify checked the ${options.maxCommits} newest of ${commits.length} candidate fix commits`);
  } finally {
    tree.remove();
  }
  return { evidence, notes };
}
