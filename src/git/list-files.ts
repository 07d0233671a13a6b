import { git, splitZ } from './exec-git.js';

/**
 * Files git knows under `pathspecs` (relative to `cwd`): tracked ones plus untracked ones that
 * .gitignore does not exclude, as paths relative to `cwd`.
 */
export function listRepoFiles(cwd: string, pathspecs: string[]): string[] {
  const args = ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--deduplicate'];
  if (pathspecs.length) args.push('--', ...pathspecs);
  return [...new Set(splitZ(git(args, { cwd })))];
}
