import { chmodSync, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { AttractorError } from '../shared/errors.js';
import { askServer, servable, type ServerReply, type ServerRequest } from './ask-server.js';
import { buildStamp, PROTOCOL, realGitDir, serverFolder, serverSocket } from './server-address.js';

/** What one run of the CLI may touch of the process (the shape of cli/io.ts's `Io`). */
export interface ServedIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
}

export interface ServeOptions {
  /** The worktree served and its git directory (the socket is named after it). */
  root: string;
  gitDir: string;
  /** Exit after this long without a request (ms). */
  idleMs: number;
  /** The CLI, run in this process for each request. */
  run: (argv: string[], io: ServedIo) => Promise<number>;
  /** Called once the socket listens. */
  onListening?: (socketPath: string) => void;
  /** Waits this long before each check (the reliability tests' way to kill a server mid-check). */
  delayMs?: number;
}

/** Runs `work` with the process environment of the request (git reads GIT_INDEX_FILE, GIT_DIR...). */
async function withEnvironment<T>(env: NodeJS.ProcessEnv, work: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

function send(socket: Socket, reply: ServerReply): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(reply)}\n`);
}

/**
 * A persistent check process for one repository (`attractor-lint server`): the hook's check runs
 * here, where the module graph is loaded and the pack's queries are compiled, instead of in a new
 * process each commit. Requests run one at a time, each with the client's working folder and
 * environment; only read-only checks are served (`servable`). Stale-safe: a client of another
 * build, or this server's own files rebuilt, gets `stale` (and the server exits); configuration
 * and rule files are read again for every request, and compiled packs are kept by content.
 * Resolves when the server stops (idle, `stop`, a signal).
 */
export async function serveChecks(options: ServeOptions): Promise<void> {
  mkdirSync(serverFolder(), { recursive: true, mode: 0o700 });
  const socketPath = serverSocket(options.gitDir);
  const ownGitDir = realGitDir(options.gitDir);
  if (existsSync(socketPath)) {
    const running = await askServer({ op: 'ping', argv: [], cwd: options.root, env: { GIT_DIR: options.gitDir }, isTTY: false }, { acceptMs: 1000 });
    if (running && 'pong' in running) throw new AttractorError('bad-args', `a check server already runs for this repository (pid ${running.pong.pid})`);
    // Left by a server that was killed: nothing answers it.
    unlinkSync(socketPath);
  }
  const build = buildStamp();
  const started = Date.now();
  let served = 0;
  let queue: Promise<void> = Promise.resolve();
  let idle: NodeJS.Timeout | undefined;
  let stopped!: () => void;
  let watch: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  const server = createServer();
  const stop = (): void => {
    if (idle) clearTimeout(idle);
    clearInterval(watch);
    server.close();
    try {
      unlinkSync(socketPath);
    } catch {
      // Already gone.
    }
    stopped();
  };
  const rearm = (): void => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => void queue.then(stop), options.idleMs);
    idle.unref?.();
  };

  const handle = (socket: Socket, request: ServerRequest): void => {
    rearm();
    if (request.protocol !== PROTOCOL) return send(socket, { stale: `protocol ${request.protocol}, this server speaks ${PROTOCOL}` });
    // Socket names are a short hash of the git directory: never answer for another repository.
    if (request.gitDir !== ownGitDir) return send(socket, { stale: `this server checks ${ownGitDir}, not ${request.gitDir}` });
    if (request.op === 'ping') return send(socket, { pong: { pid: process.pid, root: options.root, started, served, build } });
    if (request.op === 'stop') {
      send(socket, { stopping: true });
      socket.end();
      void queue.then(stop);
      return;
    }
    const now = buildStamp();
    if (now !== build) {
      // Rebuilt under this process: answer no more, a new server will load the new build.
      send(socket, { stale: 'the server was built again since it started' });
      void queue.then(stop);
      return;
    }
    if (request.build !== build) return send(socket, { stale: 'the client is of another build' });
    if (!servable(request.argv) || !Array.isArray(request.argv)) return send(socket, { stale: 'not a read-only check' });
    send(socket, { accepted: true });
    queue = queue.then(async () => {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (socket.destroyed) return;
      let stdout = '';
      let stderr = '';
      const io: ServedIo = { cwd: request.cwd, env: { ...request.env, ATTRACTOR_LINT_SERVED: String(process.pid) }, isTTY: request.isTTY, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
      let code: number;
      try {
        code = await withEnvironment(request.env, () => options.run(request.argv, io));
      } catch (error) {
        stderr += `attractor-lint: internal error (please report it)\n${error instanceof Error ? error.stack : String(error)}\n`;
        code = 2;
      }
      served++;
      send(socket, { code, stdout, stderr });
      socket.end();
      rearm();
    });
  };

  server.on('connection', (socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      let request: ServerRequest;
      try {
        request = JSON.parse(buffer.slice(0, end)) as ServerRequest;
      } catch {
        socket.destroy();
        return;
      }
      socket.removeAllListeners('data');
      handle(socket, request);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      // Two servers started at once: the other one took the socket first.
      reject(error.code === 'EADDRINUSE' ? new AttractorError('bad-args', 'a check server already runs for this repository') : error);
    });
    server.listen(socketPath, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  chmodSync(socketPath, 0o600);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, stop);
  // A repository removed (a temporary clone) or a socket taken away: nothing left to serve.
  watch = setInterval(() => {
    if (!existsSync(options.gitDir) || !existsSync(socketPath)) void queue.then(stop);
  }, 2000);
  watch.unref();
  rearm();
  options.onListening?.(socketPath);
  await done;
}
