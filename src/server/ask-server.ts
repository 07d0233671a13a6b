import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { gitDirOnDisk } from '../git/git-dir-on-disk.js';
import { buildStamp, PROTOCOL, realGitDir, serverSocket } from './server-address.js';

/** What a check run sends to the server: the command line and everything of the process it reads. */
export interface ServerRequest {
  protocol: number;
  build: string;
  op: 'check' | 'ping' | 'stop';
  /** The real path of the git directory the client found (a server answers only its own). */
  gitDir: string;
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

/** Replies, one JSON object per line: `accepted` first, then the result (or `stale`). */
export type ServerReply =
  | { accepted: true }
  | { stale: string }
  | { code: number; stdout: string; stderr: string }
  | { pong: { pid: number; root: string; started: number; served: number; build: string } }
  | { stopping: true };

export interface AskOptions {
  /** No `accepted` within this: the server is busy or hung, run here instead (ms). */
  acceptMs?: number;
  /** No result within this after `accepted` (ms). */
  resultMs?: number;
}

/** The read-only checks a server may run: a check without fixing (fixes write the index and files). */
export function servable(argv: string[]): boolean {
  if (argv[0] !== 'check') return false;
  return !argv.some((a) => a === '--fix' || a === '--fix-dry-run' || a === '--llm' || a === '--help' || a === '-h' || a.startsWith('--fix='));
}

/**
 * Sends one request to the check server of the repository around `cwd` and resolves with its last
 * reply, or undefined when there is no server, it is stale, it does not answer in time, or the
 * connection breaks (killed mid-check): the caller then runs the check itself, so a commit is
 * always checked. Only Node's own modules are loaded here.
 */
export function askServer(request: Omit<ServerRequest, 'protocol' | 'build' | 'gitDir'>, options: AskOptions = {}): Promise<ServerReply | undefined> {
  const found = gitDirOnDisk(request.cwd, request.env);
  if (!found) return Promise.resolve(undefined);
  const gitDir = realGitDir(found);
  const socketPath = serverSocket(gitDir);
  if (!existsSync(socketPath)) return Promise.resolve(undefined);
  return new Promise((resolvePromise) => {
    let settled = false;
    let buffer = '';
    const socket = connect(socketPath);
    const finish = (reply: ServerReply | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolvePromise(reply);
    };
    let timer = setTimeout(() => finish(undefined), options.acceptMs ?? 1500);
    socket.setEncoding('utf8');
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
    socket.on('connect', () => socket.write(`${JSON.stringify({ ...request, gitDir, protocol: PROTOCOL, build: buildStamp() })}\n`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        let reply: ServerReply;
        try {
          reply = JSON.parse(line) as ServerReply;
        } catch {
          finish(undefined);
          return;
        }
        if ('accepted' in reply) {
          clearTimeout(timer);
          timer = setTimeout(() => finish(undefined), options.resultMs ?? 120_000);
        } else if ('stale' in reply) finish(undefined);
        else finish(reply);
      }
    });
  });
}
