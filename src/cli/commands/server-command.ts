import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../config/index.js';
import { gitDir, repoToplevel } from '../../git/index.js';
import { askServer } from '../../server/ask-server.js';
import { serveChecks } from '../../server/serve-checks.js';
import { AttractorError } from '../../shared/errors.js';
import { intOption, parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { run } from '../run.js';
import { spawnServer } from '../spawn-server.js';

const ACTIONS = ['start', 'stop', 'status', 'run'];

/**
 * `attractor-lint server start|stop|status|run`: the persistent check process of a repository.
 * `start` runs it in the background and waits until it answers; `run` is the same in the
 * foreground. While it runs, `attractor-lint check` (and the hook) send their read-only checks to it;
 * with no server, or one that does not answer, they check in their own process as before.
 */
export async function serverCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { idle: { type: 'string' }, config: { type: 'string', short: 'c' } });
  const [action, ...rest] = positionals;
  if (!action || !ACTIONS.includes(action)) throw new AttractorError('bad-args', `server needs one of ${ACTIONS.join(', ')}${action ? `, got "${action}"` : ''}`);
  if (rest.length) throw new AttractorError('bad-args', `server ${action} takes no more arguments (got "${rest[0]}")`);
  const root = repoToplevel(io.cwd);
  const dir = gitDir(root);
  const ask = (op: 'ping' | 'stop') => askServer({ op, argv: [], cwd: root, env: { GIT_DIR: dir }, isTTY: false }, { acceptMs: 1000 });
  const ping = () => ask('ping');
  if (action === 'status' || action === 'stop') {
    const reply = await ping();
    if (!reply || !('pong' in reply)) {
      io.stdout(`attractor-lint: no check server runs for ${root}\n`);
      return action === 'status' ? 1 : 0;
    }
    const { pid, started, served } = reply.pong;
    if (action === 'status') {
      io.stdout(`attractor-lint: check server pid ${pid} for ${root}, up ${Math.round((Date.now() - started) / 1000)} s, ${served} checks served\n`);
      return 0;
    }
    await ask('stop');
    io.stdout(`attractor-lint: stopped the check server (pid ${pid})\n`);
    return 0;
  }
  const config = await loadConfig(io.cwd, root, values.config as string | undefined);
  const idleMinutes = intOption(values.idle, '--idle') ?? config.server.idleMinutes;
  if (action === 'start') {
    const running = await ping();
    if (running && 'pong' in running) {
      io.stdout(`attractor-lint: a check server already runs for ${root} (pid ${running.pong.pid})\n`);
      return 0;
    }
    spawnServer(root, dir, idleMinutes, io.env, true);
    for (let waited = 0; waited < 10_000; waited += 50) {
      const reply = await ping();
      if (reply && 'pong' in reply) {
        io.stdout(`attractor-lint: check server started for ${root} (pid ${reply.pong.pid}; it stops after ${idleMinutes} idle minutes)\n`);
        return 0;
      }
      await sleep(50);
    }
    throw new AttractorError('bad-args', 'the check server did not start within 10 s (try `attractor-lint server run` to see why)');
  }
  // What a server keeps between checks: compiled packs, a warm thread for the check and one for
  // the sibling search, and a `git cat-file` per repository.
  (await import('../../rules/load-pack.js')).keepCompiledPacks();
  const siblings = await import('../../siblings/search-in-worker.js');
  const checking = await import('../../check/check-files-parallel.js');
  const { closeBlobReaders, keepBlobReaders } = await import('../../git/index.js');
  siblings.keepSiblingWorker();
  checking.keepCheckWorker();
  keepBlobReaders();
  try {
    await serveChecks({
      root,
      gitDir: dir,
      idleMs: idleMinutes * 60_000,
      run,
      // Fault injection for the reliability tests only.
      delayMs: Number(io.env.ATTRACTOR_LINT_SERVER_DELAY_MS ?? 0) || 0,
      onListening: () => io.stderr(`attractor-lint: check server for ${root} listening (pid ${process.pid})\n`),
    });
  } finally {
    closeBlobReaders();
    checking.stopCheckWorker();
    siblings.stopSiblingWorker();
  }
  return 0;
}
