// `attractor-lint doctor` beyond the hook: configuration, rule pack and Ollama (a fake server in
// this process, so doctor runs in-process too).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { doctorCommand } from '../../src/cli/commands/doctor-command.js';
import type { Io } from '../../src/cli/io.js';
import { ollamaBaseUrl } from '../../src/setup/probe-ollama.js';
import { cli, projectRepo } from '../helpers/hook-project.js';

const NO_OLLAMA = { OLLAMA_HOST: 'http://127.0.0.1:59999' };

async function doctorIn(cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: Io = { cwd, env: { ...process.env, ...env }, isTTY: false, stdout: (text) => void (stdout += text), stderr: (text) => void (stdout += text) };
  const code = await doctorCommand([], io);
  return { code, stdout };
}

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

test('doctor: an invalid configuration is a problem naming the key, and the rules are then not checked', () => {
  const repo = projectRepo({ '.attractorrc.json': '{"maxFileSize": "big"}\n' });
  try {
    assert.is(cli(repo.dir, ['init', '--no-learn']).code, 0);
    const run = cli(repo.dir, ['doctor'], NO_OLLAMA);
    assert.is(run.code, 1);
    assert.match(run.stdout, /^ {2}PROBLEM +config: \.attractorrc\.json: maxFileSize: .*\n {11}fix: correct that key/m);
    assert.not.match(run.stdout, /rules:/);
  } finally {
    repo.cleanup();
  }
});

test('doctor: a rule whose regex backtracks without end is a problem, as check refuses it', () => {
  const repo = projectRepo();
  try {
    assert.is(cli(repo.dir, ['init', '--no-learn']).code, 0);
    const rule = { id: 'slow', language: 'python', severity: 'error', message: 'm', query: '((identifier) @match (#match? @match "^(a|aa)+$"))', provenance: { origin: 'curated' }, cases: { invalid: ['aaa\n'], valid: ['b\n'] } };
    repo.write('.attractor/rules/slow.json', JSON.stringify(rule));
    const run = cli(repo.dir, ['doctor'], NO_OLLAMA);
    assert.is(run.code, 1, run.stdout);
    assert.match(run.stdout, /^ {2}PROBLEM +rules: .*slow\.json: query: regular expression .* can take exponential time/m);
  } finally {
    repo.cleanup();
  }
});

test('doctor: a rule that does not validate or compile is a problem naming its file', () => {
  const repo = projectRepo();
  try {
    assert.is(cli(repo.dir, ['init', '--no-learn']).code, 0);
    const rule = { id: 'broken', language: 'python', severity: 'error', message: 'm', query: '(call (nope)) @match', provenance: { origin: 'curated' }, cases: { invalid: ['f()\n'], valid: ['x\n'] } };
    repo.write('.attractor/rules/broken.json', JSON.stringify(rule));
    const run = cli(repo.dir, ['doctor'], NO_OLLAMA);
    assert.is(run.code, 1, run.stdout);
    assert.match(run.stdout, /^ {2}PROBLEM +rules: .*broken\.json.*\n {11}fix: correct or remove that rule file/m);
  } finally {
    repo.cleanup();
  }
});

test('doctor: Ollama answering within the second is reported with its version, and whether it has the model eval --llm and --fix --llm use', async () => {
  const repo = projectRepo();
  let models: string[] = [];
  const fake = await listen((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(req.url === '/api/version' ? '{"version":"0.9.1"}' : req.url === '/api/tags' ? JSON.stringify({ models: models.map((name) => ({ name })) }) : '{}');
  });
  try {
    assert.is(cli(repo.dir, ['init', '--no-learn']).code, 0);
    // No model pulled: a note (llm.enabled is not set), naming the model and how to get it.
    const missing = await doctorIn(repo.dir, { OLLAMA_HOST: fake.url });
    assert.is(missing.code, 0, missing.stdout);
    assert.match(missing.stdout, new RegExp(`^ {2}note +ollama: model qwen2\\.5-coder:3b is not on ${fake.url} \\(ollama pull qwen2\\.5-coder:3b\\) \\(only "--fix --llm" and "eval --llm" need it\\)$`, 'm'));
    models = ['llama3:latest', 'qwen2.5-coder:3b'];
    const run = await doctorIn(repo.dir, { OLLAMA_HOST: fake.url });
    assert.is(run.code, 0, run.stdout);
    assert.match(run.stdout, new RegExp(`^ {2}ok +ollama: version 0\\.9\\.1 answers at ${fake.url} with qwen2\\.5-coder:3b: "--fix --llm" and "eval --llm" can use it$`, 'm'));
    // Padded as a shell profile might leave it: doctor asks the host --fix --llm would ask.
    const padded = await doctorIn(repo.dir, { OLLAMA_HOST: `  ${fake.url}  ` });
    assert.match(padded.stdout, new RegExp(`^ {2}ok +ollama: version 0\\.9\\.1 answers at ${fake.url} with`, 'm'));
  } finally {
    fake.server.close();
    repo.cleanup();
  }
});

test('doctor: with llm.enabled, an Ollama that does not answer in 1 s is a problem', async () => {
  const repo = projectRepo({ '.attractorrc.json': '{"llm": {"enabled": true}}\n' });
  const slow = await listen(() => undefined); // accepts, never answers
  try {
    assert.is(cli(repo.dir, ['init', '--no-learn']).code, 0);
    const started = Date.now();
    const run = await doctorIn(repo.dir, { OLLAMA_HOST: slow.url });
    assert.ok(Date.now() - started < 5000);
    assert.is(run.code, 1, run.stdout);
    assert.match(run.stdout, /^ {2}PROBLEM +ollama: no answer from http:\/\/127\.0\.0\.1:\d+ within 1000 ms; llm\.enabled is set.*\n {11}fix: start it/m);
  } finally {
    slow.server.closeAllConnections();
    slow.server.close();
    repo.cleanup();
  }
});

test('OLLAMA_HOST forms: URL, host:port, host, :port', () => {
  assert.is(ollamaBaseUrl('http://10.0.0.2:8080/'), 'http://10.0.0.2:8080');
  assert.is(ollamaBaseUrl('gpu-box:11500'), 'http://gpu-box:11500');
  assert.is(ollamaBaseUrl('gpu-box'), 'http://gpu-box:11434');
  assert.is(ollamaBaseUrl(':11500'), 'http://127.0.0.1:11500');
  assert.is(ollamaBaseUrl('https://ollama.example.com'), 'https://ollama.example.com');
});

test.run();
