import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The protocol spoken over the socket; a client and a server of different versions never talk. */
export const PROTOCOL = 1;

/**
 * The folder of every check server of this user: `$TMPDIR/attractor-lint-<uid>` (mode 0700).
 * A socket path must stay under ~100 bytes, which a path inside a deep repository may not.
 */
export function serverFolder(): string {
  return join(tmpdir(), `attractor-lint-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`);
}

/** The socket of the check server of one git directory (one per worktree: each has its own index). */
export function serverSocket(gitDir: string): string {
  let real = gitDir;
  try {
    real = realpathSync(gitDir);
  } catch {
    // A git directory that is gone: any name will do, nothing listens there.
  }
  return join(serverFolder(), `${createHash('sha256').update(real).digest('hex').slice(0, 20)}.sock`);
}

/**
 * What identifies this build of attractor-lint: the size and time of its entry and of the check
 * command. A server whose own files changed since it started, or a client of another build, is
 * stale: the client then runs the check itself.
 */
export function buildStamp(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, '../cli/main.js'), join(here, '../cli/commands/check-command.js'), join(here, '../check/check-source.js')]
    .map((file) => {
      try {
        const s = statSync(file);
        return `${s.size}:${Math.round(s.mtimeMs)}`;
      } catch {
        return 'missing';
      }
    })
    .join('/');
}
