import type { ChatPrompt } from './build-prompt.js';
import type { LlmSettings } from './patch-types.js';

/** A model's reply, or the one-line reason there is none (server down, slow, model missing...). */
export type ModelAnswer = { ok: true; content: string; doneReason: string; tokens: number } | { ok: false; reason: string };

// The only import of `ollama` in the project, and a lazy one: runs without --llm never load it.
let loading: Promise<typeof import('ollama')> | undefined;

/**
 * A fetch that gives up after `ms`. The client passes no signal to non-streaming requests, and a
 * signal given to fetch also bounds reading the body.
 * @see https://github.com/ollama/ollama-js (0.6.4: `post()` only forwards a signal when streaming)
 */
function fetchWithin(ms: number): typeof fetch {
  return (input, init = {}) => fetch(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms) });
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

function failureReason(error: unknown, settings: LlmSettings): string {
  const { host, model, timeoutMs } = settings;
  const e = error as { name?: string; message?: string; status_code?: number; error?: string; cause?: { code?: string; name?: string; message?: string } };
  if (e?.name === 'ResponseError') {
    if (e.status_code === 404) return `model ${model} not found on ${host} (ollama pull ${model})`;
    return `ollama at ${host} answered ${e.status_code ?? '?'}: ${oneLine(String(e.error ?? e.message ?? ''))}`;
  }
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return `no answer from ollama at ${host} within ${timeoutMs} ms (llm.timeoutMs)`;
  if (e?.cause?.code === 'ECONNREFUSED') return `cannot reach ollama at ${host} (connection refused); is \`ollama serve\` running?`;
  if (e?.name === 'TypeError' && e.message === 'fetch failed') return `cannot reach ollama at ${host} (${oneLine(e.cause?.code ?? e.cause?.message ?? 'fetch failed')})`;
  if (e?.name === 'SyntaxError') return `ollama at ${host} sent a reply that is not JSON`;
  return `ollama at ${host} failed: ${oneLine(e?.message ?? String(error))}`;
}

/**
 * Sends one non-streaming chat request. Never throws: every failure of the server, the network or
 * the model becomes `{ ok: false, reason }`.
 */
export async function askModel(settings: LlmSettings, prompt: ChatPrompt): Promise<ModelAnswer> {
  try {
    const { Ollama } = await (loading ??= import('ollama'));
    const ollama = new Ollama({ host: settings.host, fetch: fetchWithin(settings.timeoutMs) });
    const reply = (await ollama.chat({ model: settings.model, messages: prompt.messages, options: prompt.options, stream: false })) as unknown;
    // The body parsed as JSON, but only its shape says it is a chat reply.
    const r = (typeof reply === 'object' && reply !== null ? reply : {}) as { message?: { content?: unknown }; done_reason?: unknown; prompt_eval_count?: unknown; eval_count?: unknown };
    const count = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) ? n : 0);
    return {
      ok: true,
      content: typeof r.message?.content === 'string' ? r.message.content : '',
      doneReason: typeof r.done_reason === 'string' ? r.done_reason : 'stop',
      tokens: count(r.prompt_eval_count) + count(r.eval_count),
    };
  } catch (error) {
    return { ok: false, reason: failureReason(error, settings) };
  }
}
