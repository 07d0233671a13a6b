import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The git directory of the worktree around `cwd`, found on disk without starting git: `$GIT_DIR`
 * when set (hooks may set it), else the nearest `.git` folder, or the folder a `.git` file points
 * to (`gitdir: ...`, linked worktrees and submodules). Undefined outside a repository. For the
 * check server's client, which must answer before any module of the checker loads.
 */
export function gitDirOnDisk(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.GIT_DIR) return resolve(cwd, env.GIT_DIR);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    try {
      const stat = statSync(dotGit);
      if (stat.isDirectory()) return dotGit;
      const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
      if (pointer) return resolve(dir, pointer[1] as string);
    } catch {
      // No .git here: look further up.
    }
    if (dirname(dir) === dir) return undefined;
  }
}
