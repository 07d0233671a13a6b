import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { proposePatch, type LlmSettings, type PatchRequest, type PatchResult } from '../../src/llm/index.js';
import type { Finding } from '../../src/model.js';
import { closedPort, startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { builtinPack } from '../helpers/pack.js';

// Whatever the server or the network does, proposePatch answers with verified: false and one line
// saying why; it never throws, never hangs past the timeout, and never calls verify.

const TEXT = "async def notify(order):\n    await mailer.send(order)\n\n\nasync def close(order):\n    notify(order)\n    await repo.save(order)\n";
const FINDING: Finding = { ruleId: 'missing-await', path: 'app.py', line: 6, column: 5, endLine: 6, endColumn: 18, severity: 'error', message: '`notify(order)` returns a coroutine that is never awaited', fingerprint: 'f' };
const REQUEST: PatchRequest = {
  text: TEXT,
  path: 'app.py',
  language: 'python',
  finding: FINDING,
  region: { start: TEXT.indexOf('async def close'), end: TEXT.length - 1 },
  rules: builtinPack().source.loaded.map((rule) => rule.spec),
};

interface Context {
  fake: FakeOllama;
  settings: LlmSettings;
  verified: string[];
  propose: (settings?: Partial<LlmSettings>) => Promise<PatchResult>;
}

const it = suite<Context>('llm: server and model failures');

it.before.each(async (context) => {
  context.fake = await startFakeOllama();
  context.settings = { host: context.fake.url, model: 'qwen2.5-coder:3b', timeoutMs: 5000, temperature: 0.2, retries: 2, apiHitThreshold: 0.5 };
  context.verified = [];
  context.propose = (settings = {}) =>
    proposePatch(REQUEST, { ...context.settings, ...settings }, (candidate) => {
      context.verified.push(candidate);
      return undefined;
    });
});
it.after.each(async (context) => {
  await context.fake.close();
});

function failed(result: PatchResult, reason: string | RegExp): void {
  assert.is(result.output, undefined);
  assert.is(result.metrics.verified, false);
  if (typeof reason === 'string') assert.is(result.metrics.reason, reason);
  else assert.match(result.metrics.reason ?? '', reason);
  assert.not.match(result.metrics.reason ?? '', '\n');
}

it('unknown model: 404 becomes one line naming the model, the host and the pull command; no retry', async ({ fake, propose, verified }) => {
  const result = await propose({ model: 'nope:1b' });
  failed(result, `model nope:1b not found on ${fake.url} (ollama pull nope:1b)`);
  assert.is(fake.modelRequests.length, 1);
  assert.is(fake.modelRequests[0]?.body?.model, 'nope:1b');
  assert.equal(verified, []);
});

it('connection refused: a clear reason, no throw', async ({ propose }) => {
  const port = await closedPort();
  const result = await propose({ host: `http://127.0.0.1:${port}` });
  failed(result, `cannot reach ollama at http://127.0.0.1:${port} (connection refused); is \`ollama serve\` running?`);
  assert.is(result.metrics.retries, 0);
});

it('a slow reply past timeoutMs is abandoned at the timeout, not waited for', async ({ fake, propose, verified }) => {
  fake.reply({ content: "notify(order)\n    await repo.save(order)\n```", delayMs: 4000 });
  const started = Date.now();
  const result = await propose({ timeoutMs: 300 });
  const took = Date.now() - started;
  failed(result, `no answer from ollama at ${fake.url} within 300 ms (llm.timeoutMs)`);
  assert.ok(took >= 250 && took < 2500, `took ${took} ms`);
  assert.ok(result.metrics.latencyMs < 2500);
  assert.is(fake.modelRequests.length, 1);
  assert.equal(verified, []);
});

it('a reply that is not JSON, or an empty body, is a server failure', async ({ fake, propose }) => {
  fake.reply({ raw: '<html>502 Bad Gateway</html>' });
  failed(await propose(), `ollama at ${fake.url} sent a reply that is not JSON`);
  fake.reply({ raw: '' });
  failed(await propose(), `ollama at ${fake.url} sent a reply that is not JSON`);
  assert.is(fake.modelRequests.length, 2);
});

it('a server error is reported with its status and message', async ({ fake, propose }) => {
  fake.reply({ error: 'llama runner process has terminated: signal: killed', status: 500 });
  failed(await propose(), `ollama at ${fake.url} answered 500: llama runner process has terminated: signal: killed`);
});

it('empty or shapeless answers are retried within the budget, then given up', async ({ fake, propose, verified }) => {
  fake.reply({ content: '' }, { raw: '{"unexpected": true}' }, { content: '   \n' });
  const result = await propose();
  failed(result, 'no acceptable patch in 3 tries; the last one: the answer is empty');
  assert.is(fake.modelRequests.length, 3);
  assert.is(result.metrics.retries, 2);
  assert.is(result.metrics.tokens, 240);
  assert.equal(verified, []);
});

it('an answer cut off by num_predict is not used', async ({ fake, propose }) => {
  fake.reply({ content: 'notify(order)\n    await repo', doneReason: 'length' });
  failed(await propose({ retries: 0 }), 'no acceptable patch in 1 try; the last one: the answer was cut off before its code block ended');
});

it.run();
