// A signal that arrives while the process works synchronously (a test command under spawnSync) is
// delivered only when the event loop turns: it must still remove what is registered and end the run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const CHILD = join(process.cwd(), 'test/fixtures/signals/remove-on-signal-child.ts');

function run(mode: 'unregister' | 'keep', signal?: NodeJS.Signals): Promise<{ code: number | null; stdout: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'attractor-signal-'));
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, mode, '1500'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (signal && stdout === 'ready\n') setTimeout(() => child.kill(signal), 200);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, dir })));
}

test('a signal during synchronous work runs the registered removal and exits 130 / 143', async () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    const out = await run('keep', signal);
    assert.is(out.code, code, out.stdout);
    assert.is(out.stdout, 'ready\n', 'the run did not go on');
    assert.not.ok(existsSync(out.dir), 'the folder was removed');
  }
});

test('a signal during synchronous work still ends the run after the work unregistered its removal', async () => {
  const out = await run('unregister', 'SIGINT');
  assert.is(out.code, 130, out.stdout);
  assert.is(out.stdout, 'ready\n');
});

test('without a signal the run goes on, and the handlers are gone once nothing is registered', async () => {
  const out = await run('unregister');
  rmSync(out.dir, { recursive: true, force: true });
  assert.is(out.code, 0);
  assert.is(out.stdout, 'ready\ncontinued 0\n');
});

test.run();
