import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { AttractorError } from '../shared/errors.js';
import { git } from './exec-git.js';

/**
 * The working-tree root of the repository containing `cwd`, found without starting git (a `.git`
 * directory or, in linked worktrees and submodules, a `.git` file). Undefined outside a repository.
 */
export function findWorktreeRoot(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The top level of the repository, asking git (honours GIT_DIR and GIT_WORK_TREE). Outside any
 * repository the error says so plainly; inside one (a `.git` exists) git's own reason is clearer,
 * e.g. "detected dubious ownership" (safe.directory) or "must be run in a work tree" inside `.git`.
 * Only the final newline is removed: a folder name may end in a space.
 */
export function repoToplevel(cwd: string): string {
  const found = findWorktreeRoot(cwd);
  // Without GIT_DIR/GIT_WORK_TREE redirecting git, the folder holding `.git` is the top level:
  // no need to start git (a few ms of a pre-commit run). Inside `.git` itself, ask git.
  if (found && !process.env.GIT_DIR && !process.env.GIT_WORK_TREE && !relative(found, cwd).split(sep).includes('.git')) return found;
  const insideRepo = found !== undefined;
  const out: Buffer | undefined = git(['rev-parse', '--show-toplevel'], { cwd, allowFailure: !insideRepo });
  if (!out) throw new AttractorError('not-a-repo', `${cwd}: not inside a git repository`);
  return out.toString('utf8').replace(/\r?\n$/, '');
}

/** Whether the repository is a shallow clone (its history stops at grafted commits). */
export function isShallowRepository(root: string): boolean {
  return git(['rev-parse', '--is-shallow-repository'], { cwd: root, allowFailure: true })?.toString('utf8').trim() === 'true';
}
