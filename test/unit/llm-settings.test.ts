import { copyFileSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_CONFIG, loadConfig, validateConfig } from '../../src/config/index.js';
import { normaliseHost, resolveLlmSettings } from '../../src/llm/index.js';

test('llm defaults: the documented ones', () => {
  assert.equal(DEFAULT_CONFIG.llm, { enabled: false, host: '', model: 'qwen2.5-coder:3b', timeoutMs: 30000, temperature: 0.2, retries: 3, apiHitThreshold: 0.5 });
});

test('resolveLlmSettings: a configured host wins, then OLLAMA_HOST, then the local default', () => {
  const llm = DEFAULT_CONFIG.llm;
  assert.equal(resolveLlmSettings(llm, {}), { host: 'http://127.0.0.1:11434', model: 'qwen2.5-coder:3b', timeoutMs: 30000, temperature: 0.2, retries: 3, apiHitThreshold: 0.5 });
  assert.is(resolveLlmSettings(llm, { OLLAMA_HOST: 'gpu-box:11500' }).host, 'http://gpu-box:11500');
  assert.is(resolveLlmSettings({ ...llm, host: 'http://10.0.0.2:8080/' }, { OLLAMA_HOST: 'gpu-box:11500' }).host, 'http://10.0.0.2:8080');
  assert.is(resolveLlmSettings({ ...llm, host: '  ' }, { OLLAMA_HOST: '' }).host, 'http://127.0.0.1:11434');
  // A malformed environment never throws; the request fails later with a reason.
  assert.is(resolveLlmSettings(llm, { OLLAMA_HOST: 'http://' }).host, 'http://');
});

test('normaliseHost: host:port, :port and URLs as the ollama client reads them', () => {
  assert.is(normaliseHost('localhost:11434'), 'http://localhost:11434');
  assert.is(normaliseHost('gpu-box'), 'http://gpu-box:11434');
  assert.is(normaliseHost(':11500'), 'http://127.0.0.1:11500');
  assert.is(normaliseHost('https://ollama.example.com'), 'https://ollama.example.com:443');
  assert.is(normaliseHost('http://proxy.local/ollama/'), 'http://proxy.local:80/ollama');
  assert.is(normaliseHost(''), 'http://127.0.0.1:11434');
});

test('validateConfig: llm keys and values are checked, errors name the key', () => {
  const cases: [unknown, string][] = [
    [{ llm: { modle: 'x' } }, 'c.json: llm.modle: unknown key (known: enabled, host, model, timeoutMs, temperature, retries, apiHitThreshold)'],
    [{ llm: { retries: '2' } }, 'c.json: llm.retries: expected a number, got string'],
    [{ llm: { host: 11434 } }, 'c.json: llm.host: expected a string, got number'],
    [{ llm: { host: 'ftp://box' } }, 'c.json: llm.host: expected host:port or an http(s) URL, got "ftp://box"'],
    [{ llm: { host: 'http://' } }, 'c.json: llm.host: expected host:port or an http(s) URL'],
    [{ llm: { model: '' } }, 'c.json: llm.model: must name a model'],
    [{ llm: { timeoutMs: 0 } }, 'c.json: llm.timeoutMs: must be a positive whole number of milliseconds'],
    [{ llm: { timeoutMs: 1.5 } }, 'c.json: llm.timeoutMs: must be a positive whole number of milliseconds'],
    [{ llm: { temperature: 2.5 } }, 'c.json: llm.temperature: must be between 0 and 2'],
    [{ llm: { retries: -1 } }, 'c.json: llm.retries: must be a whole number from 0 to 10'],
    [{ llm: { retries: 1.5 } }, 'c.json: llm.retries: must be a whole number from 0 to 10'],
    [{ llm: { apiHitThreshold: 1.2 } }, 'c.json: llm.apiHitThreshold: must be between 0 and 1'],
    [{ llm: { enabled: 'yes' } }, 'c.json: llm.enabled: expected a boolean, got string'],
  ];
  for (const [value, message] of cases) {
    let error: (Error & { code?: string }) | undefined;
    try {
      validateConfig(value, 'c.json');
    } catch (e) {
      error = e as Error & { code?: string };
    }
    assert.is(error?.code, 'bad-config', JSON.stringify(value));
    assert.ok(error?.message.startsWith(message), `${JSON.stringify(value)}: ${error?.message}`);
  }
  assert.equal(validateConfig({ llm: { host: 'localhost:11500', retries: 0, apiHitThreshold: 1, temperature: 0 } }, 'c.json').llm, { ...DEFAULT_CONFIG.llm, host: 'localhost:11500', retries: 0, apiHitThreshold: 1, temperature: 0 });
});

test('.attractorrc.example: its llm section is the defaults', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'attractor-llm-')));
  try {
    copyFileSync(new URL('../../.attractorrc.example', import.meta.url), join(dir, '.attractorrc'));
    const config = await loadConfig(dir, dir);
    assert.ok(config.file?.endsWith('.attractorrc'));
    assert.equal(config.llm, DEFAULT_CONFIG.llm);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
