import { Ollama } from 'ollama';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';

// The stand-in server must speak the protocol the real client expects, or the llm tests prove
// nothing. Tests may import `ollama` to check that; src/ only does so in src/llm/ask-model.ts.

const it = suite<{ fake: FakeOllama; client: Ollama }>('fake-ollama helper: the real client accepts it');

it.before.each(async (context) => {
  context.fake = await startFakeOllama({ models: ['qwen2.5-coder:3b'] });
  context.client = new Ollama({ host: context.fake.url });
});
it.after.each(async (context) => {
  await context.fake.close();
});

it('version and tags', async ({ client }) => {
  assert.equal(await client.version(), { version: '0.12.0' });
  const { models } = await client.list();
  assert.equal(models.map((m) => m.name), ['qwen2.5-coder:3b']);
  assert.is(models[0]?.details.family, 'qwen2');
});

it('chat without streaming: one JSON reply with the stats', async ({ fake, client }) => {
  fake.reply({ content: 'hello', promptEvalCount: 7, evalCount: 3 });
  const reply = await client.chat({ model: 'qwen2.5-coder:3b', messages: [{ role: 'user', content: 'hi' }], options: { temperature: 0 } });
  assert.is(reply.message.content, 'hello');
  assert.is(reply.done_reason, 'stop');
  assert.is(reply.prompt_eval_count + reply.eval_count, 10);
  assert.is(fake.modelRequests[0]?.body?.stream, false);
  assert.equal(fake.modelRequests[0]?.body?.options, { temperature: 0 });
});

it('chat and generate streaming: NDJSON pieces that add up, then done', async ({ fake, client }) => {
  fake.reply({ content: 'a longer answer in pieces' }, { content: 'def f():\n    return 1' });
  let text = '';
  let done = false;
  for await (const part of await client.chat({ model: 'qwen2.5-coder:3b', messages: [{ role: 'user', content: 'hi' }], stream: true })) {
    text += part.message.content;
    done = part.done;
  }
  assert.is(text, 'a longer answer in pieces');
  assert.ok(done);
  let generated = '';
  for await (const part of await client.generate({ model: 'qwen2.5-coder:3b', prompt: 'def f():', suffix: '\n', stream: true })) generated += part.response;
  assert.is(generated, 'def f():\n    return 1');
  assert.is(fake.modelRequests[1]?.body?.suffix, '\n');
});

it('generate without streaming, and 404 for a model it does not have', async ({ fake, client }) => {
  fake.reply({ content: 'x = 1' });
  const reply = await client.generate({ model: 'qwen2.5-coder:3b', prompt: 'p', suffix: 's' });
  assert.is(reply.response, 'x = 1');
  const error = await client.chat({ model: 'missing:7b', messages: [] }).then(
    () => undefined,
    (e: unknown) => e as { name: string; status_code: number; error: string },
  );
  assert.is(error?.name, 'ResponseError');
  assert.is(error?.status_code, 404);
  assert.is(error?.error, 'model "missing:7b" not found, try pulling it first');
});

it.run();
