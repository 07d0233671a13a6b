/**
 * The base URL for `OLLAMA_HOST` (or the configured host) as the ollama client reads it: a full URL,
 * `host[:port]` (http, port 11434 by default) or `:port` (on 127.0.0.1).
 */
export function ollamaBaseUrl(host: string): string {
  const explicit = host.includes('://');
  const url = new URL(explicit ? host : host.startsWith(':') ? `http://127.0.0.1${host}` : `http://${host}`);
  if (!url.port && !explicit) url.port = '11434';
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Asks `GET <host>/api/version` with a time limit (a plain fetch: the ollama client stays inside
 * llm/). Resolves to the server's version, or to why it could not be reached; never rejects.
 */
export async function probeOllama(host: string, timeoutMs = 1000): Promise<{ version: string } | { error: string }> {
  let base: string;
  try {
    base = ollamaBaseUrl(host);
  } catch {
    return { error: `"${host}" is not a host or URL` };
  }
  try {
    const response = await fetch(`${base}/api/version`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { error: `${base} answered HTTP ${response.status}` };
    const body = (await response.json()) as { version?: unknown };
    return { version: typeof body.version === 'string' ? body.version : 'unknown' };
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { error: `no answer from ${base} within ${timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: `${base} is not reachable (${cause?.code ?? cause?.message ?? (error as Error).message})` };
  }
}

/** Whether `name` is one of the server's models; `qwen2.5-coder` means `qwen2.5-coder:latest`, as in Ollama. */
function hasModel(models: string[], name: string): boolean {
  const full = name.includes(':') ? name : `${name}:latest`;
  return models.some((m) => m === name || m === full);
}

/**
 * Whether the server at `host` answers and has `model` pulled (`GET /api/tags`, a plain fetch):
 * `{ ok }`, or why `eval --llm` and `--fix --llm` could not use it.
 */
export async function probeModel(host: string, model: string, timeoutMs = 1000): Promise<{ ok: true; version: string } | { ok: false; reachable: boolean; error: string }> {
  const server = await probeOllama(host, timeoutMs);
  if ('error' in server) return { ok: false, reachable: false, error: server.error };
  try {
    const response = await fetch(`${ollamaBaseUrl(host)}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.json()) as { models?: { name?: unknown }[] };
    const models = (body.models ?? []).map((m) => String(m.name ?? ''));
    if (hasModel(models, model)) return { ok: true, version: server.version };
    return { ok: false, reachable: true, error: `model ${model} is not on ${ollamaBaseUrl(host)} (ollama pull ${model})` };
  } catch {
    return { ok: false, reachable: true, error: `${ollamaBaseUrl(host)} did not list its models (GET /api/tags)` };
  }
}
