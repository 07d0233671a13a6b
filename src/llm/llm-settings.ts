import type { Config } from '../config/index.js';
import type { LlmSettings } from './patch-types.js';

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

/**
 * `host` as the base URL the ollama client will use, so messages name what was really tried. Same
 * rules as the client's own formatHost: `host:port` and `:port` get `http://` (and 127.0.0.1), a
 * missing port is 11434 without a scheme and the scheme's default with one, no trailing slash.
 */
export function normaliseHost(host: string): string {
  let value = host.trim();
  if (value === '') return DEFAULT_OLLAMA_HOST;
  const explicit = value.includes('://');
  if (value.startsWith(':')) value = `http://127.0.0.1${value}`;
  else if (!explicit) value = `http://${value}`;
  const url = new URL(value);
  const port = url.port || (explicit ? (url.protocol === 'https:' ? '443' : '80') : '11434');
  const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return `${url.protocol}//${auth}${url.hostname}:${port}${url.pathname}`.replace(/\/$/, '');
}

/** The host the llm stage asks, as written: a configured `host`, else `OLLAMA_HOST`, else the default. */
export function llmHost(llm: Config['llm'], env: Record<string, string | undefined>): string {
  return llm.host.trim() || env.OLLAMA_HOST?.trim() || DEFAULT_OLLAMA_HOST;
}

/**
 * The settings proposePatch needs, from the configuration's `llm` section and the environment:
 * a configured `host` wins, else `OLLAMA_HOST` (which the ollama client itself ignores), else
 * http://127.0.0.1:11434. Never throws (the configured host is validated when loaded).
 */
export function resolveLlmSettings(llm: Config['llm'], env: Record<string, string | undefined>): LlmSettings {
  const host = llmHost(llm, env);
  let base: string;
  try {
    base = normaliseHost(host);
  } catch {
    // A malformed OLLAMA_HOST must not break a commit; the request fails later with a reason.
    base = host;
  }
  return {
    host: base,
    model: llm.model,
    timeoutMs: llm.timeoutMs,
    temperature: llm.temperature,
    retries: llm.retries,
    apiHitThreshold: llm.apiHitThreshold,
  };
}
