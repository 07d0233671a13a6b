// `attractor-lint --fix --llm` end to end: the built CLI in a real repository, the real ollama
// client inside it, and a scripted Ollama-compatible server on 127.0.0.1 found through OLLAMA_HOST.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closedPort, startFakeOllama } from '../helpers/fake-ollama.js';
import { CREATE_USER, GOOD_ROLLBACK, withRollback } from '../helpers/orders-fixture.js';
import { CLI, gitEnv, tempRepo } from '../helpers/temp-repo.js';

const SOURCE = `from sqlalchemy.exc import IntegrityError\n\n\n${CREATE_USER}`;
const FIXED = withRollback(SOURCE);
const GOOD = GOOD_ROLLBACK;
const DELETES = '    except IntegrityError:\n        db.session.rollback()\n```';

/** The CLI as a child process, asynchronously (the stand-in server runs in this process). */
function cli(args: string[], cwd: string, host: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: gitEnv({ OLLAMA_HOST: host }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

interface Report {
  findings: { ruleId: string }[];
  fixes: { ruleId: string; fixed: boolean; how?: string; reason?: string; model?: { apiHitRate: number; retries: number; patterns: string[]; latencyMs: number; tokens: number; verified: boolean } }[];
}

test('a verified model patch lands for a finding with no template fix; a bad one never does', async () => {
  const fake = await startFakeOllama();
  const repo = tempRepo();
  try {
    repo.write('users.py', SOURCE);
    // First run: the model deletes code outside the finding, twice, then... nothing good: no change.
    fake.reply({ content: DELETES }, { content: DELETES }, { content: DELETES }, { content: DELETES });
    const bad = await cli(['--fix', '--llm', 'users.py', '--format', 'json'], repo.dir, fake.url);
    assert.is(readFileSync(join(repo.dir, 'users.py'), 'utf8'), SOURCE);
    assert.ok(bad.stdout.trim(), bad.stderr);
    const badReport = JSON.parse(bad.stdout) as Report;
    const rollback = badReport.fixes.find((f) => f.ruleId === 'forgotten-rollback');
    assert.ok(rollback && !rollback.fixed, bad.stdout);
    assert.match(rollback?.reason ?? '', /model:/);
    assert.equal([rollback?.model?.verified, rollback?.model?.retries], [false, 3]);
    assert.is(bad.code === 1 || bad.code === 0, true, bad.stderr);

    // Second run: a good patch.
    fake.reply({ content: GOOD });
    const good = await cli(['--fix', '--llm', 'users.py', '--format', 'json'], repo.dir, fake.url);
    assert.is(readFileSync(join(repo.dir, 'users.py'), 'utf8'), FIXED, good.stderr);
    assert.ok(good.stdout.trim(), good.stderr);
    const report = JSON.parse(good.stdout) as Report;
    const landed = report.fixes.find((f) => f.ruleId === 'forgotten-rollback');
    assert.equal([landed?.fixed, landed?.how, landed?.reason], [true, 'llm', undefined]);
    // Metrics of the attempt: the rule was the first pattern shown, and it used the expected API.
    assert.equal([landed?.model?.verified, landed?.model?.patterns[0], landed?.model?.apiHitRate, landed?.model?.retries], [true, 'forgotten-rollback', 1, 0]);
    assert.ok((landed?.model?.tokens ?? 0) > 0);
    assert.not.ok(report.findings.some((f) => f.ruleId === 'forgotten-rollback'));
    // The request went to the model named in the defaults, with the consider block.
    const body = fake.modelRequests.at(-1)?.body as { model: string; messages: { content: string }[] };
    assert.is(body.model, 'qwen2.5-coder:3b');
    assert.ok(body.messages.some((m) => m.content.includes('<consider>')));
  } finally {
    repo.cleanup();
    await fake.close();
  }
});

test('no server: one clear line, template fixes still applied, exit by what is left, never 2', async () => {
  const repo = tempRepo();
  try {
    repo.write('users.py', `${SOURCE}\n\nif user == None:\n    pass\n`);
    const port = await closedPort();
    const out = await cli(['--fix', '--llm', 'users.py'], repo.dir, `127.0.0.1:${port}`);
    const notes = out.stderr.split('\n').filter((l) => l.startsWith('attractor-lint: model:'));
    assert.is(notes.length, 1, out.stderr);
    assert.match(readFileSync(join(repo.dir, 'users.py'), 'utf8'), /if user is None:/);
    assert.is.not(out.code, 2, out.stderr);
  } finally {
    repo.cleanup();
  }
});

test('a server that does not answer within llm.timeoutMs: the same one line', async () => {
  const repo = tempRepo();
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    repo.write('.attractorrc.json', JSON.stringify({ llm: { timeoutMs: 300 } }));
    repo.write('users.py', SOURCE);
    const out = await cli(['--fix', '--llm', 'users.py'], repo.dir, `127.0.0.1:${(silent.address() as AddressInfo).port}`);
    const notes = out.stderr.split('\n').filter((l) => l.startsWith('attractor-lint: model:'));
    assert.is(notes.length, 1, out.stderr);
    assert.match(notes[0] ?? '', /no answer from ollama at http:\/\/127\.0\.0\.1:\d+ within 300 ms/);
    assert.is.not(out.code, 2, out.stderr);
  } finally {
    silent.closeAllConnections();
    silent.close();
    repo.cleanup();
  }
});

test('--llm without --fix is a usage error', async () => {
  const repo = tempRepo();
  try {
    repo.write('a.py', 'x = 1\n');
    const out = await cli(['--llm', 'a.py'], repo.dir, 'http://127.0.0.1:9');
    assert.is(out.code, 2);
    assert.match(out.stderr, /--llm needs --fix/);
  } finally {
    repo.cleanup();
  }
});

test.run();
