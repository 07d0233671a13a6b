import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serverSocket } from '../server/server-address.js';
import { withoutGitVariables } from '../shared/without-git-variables.js';

/**
 * Starts `attractor-lint server run` for the repository at `root`, detached from this process (it
 * outlives the hook that started it), unless a socket is already there. Git variables of the hook
 * that starts it are left out: each request brings its own.
 */
export function spawnServer(root: string, gitDir: string, idleMinutes: number, from: NodeJS.ProcessEnv, replaceStale = false): boolean {
  // A socket there: a server runs (or one was killed, and `server start` replaces it).
  if (!replaceStale && existsSync(serverSocket(gitDir))) return false;
  const env = withoutGitVariables(from);
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  const child = spawn(process.execPath, [main, 'server', 'run', '--idle', String(idleMinutes)], { cwd: root, env, detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
  return true;
}
