import { realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The protocol spoken over the socket; a client and a server of different versions never talk. */
export const PROTOCOL = 2;

/**
 * The folder of every check server of this user: `$TMPDIR/attractor-lint-<uid>` (mode 0700).
 * A socket path must stay under ~100 bytes, which a path inside a deep repository may not.
 */
export function serverFolder(): string {
  return join(tmpdir(), `attractor-lint-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`);
}

/** The real path of a git directory (as given when it is gone: nothing listens for it then). */
export function realGitDir(gitDir: string): string {
  try {
    return realpathSync(gitDir);
  } catch {
    return gitDir;
  }
}

/**
 * 64 bits of FNV-1a (two 32-bit lanes with different offsets), as 16 hex digits. Not a digest of
 * any strength: it names a socket, and the server checks that each request is for its own git
 * directory. node:crypto would cost the client 5 ms of start-up for the same job.
 */
function nameHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The socket of the check server of one git directory (one per worktree: each has its own index). */
export function serverSocket(gitDir: string): string {
  return join(serverFolder(), `${nameHash(realGitDir(gitDir))}.sock`);
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
