import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An Ollama-compatible HTTP server for tests, on 127.0.0.1 and a free port: `GET /`,
 * `/api/version`, `/api/tags`, `POST /api/chat` and `/api/generate` (one JSON object, or NDJSON when
 * `stream` is true or missing, as the real server does), 404 for a model it does not have. Chat and
 * generate answer from a queue of scripted replies and every request is recorded.
 * Shapes follow Ollama 0.12 (see docs/ecosystem.md section 6 of the shared notes).
 */
export interface ScriptedReply {
  /** The assistant's text (`message.content` for chat, `response` for generate). */
  content?: string;
  /** Sent as a text/plain body as it is, with `status` (default 200): garbage, HTML, nothing... */
  raw?: string;
  /** With `status` (default 500): the server's JSON error `{"error": ...}`. */
  error?: string;
  status?: number;
  /** Wait this long before answering (a slow model). */
  delayMs?: number;
  doneReason?: string;
  promptEvalCount?: number;
  evalCount?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The parsed JSON body of POST requests. */
  body: Record<string, unknown> | undefined;
}

export interface FakeOllama {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Chat and generate requests only, in order. */
  readonly modelRequests: RecordedRequest[];
  /** Queues replies; each chat or generate request takes the next one. */
  reply(...replies: ScriptedReply[]): void;
  /**
   * Answers by the request instead (for requests whose order is not known in advance, such as the
   * seeded arms of `eval --llm`); the queue is used when this is unset or returns undefined.
   */
  respond(choose: ((body: Record<string, unknown>) => ScriptedReply | undefined) | undefined): void;
  /** Replies not used yet. */
  readonly pending: number;
  close(): Promise<void>;
}

const MODEL_DETAILS = { parent_model: '', format: 'gguf', family: 'qwen2', families: ['qwen2'], parameter_size: '3.1B', quantization_level: 'Q4_K_M' };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

export async function startFakeOllama(options: { models?: string[] } = {}): Promise<FakeOllama> {
  const models = options.models ?? ['qwen2.5-coder:3b'];
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  let chooser: ((body: Record<string, unknown>) => ScriptedReply | undefined) | undefined;

  async function answer(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const text = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json(res, 400, { error: 'invalid JSON body' });
      return;
    }
    requests.push({ method: 'POST', path, body });
    const model = String(body.model ?? '');
    if (!models.includes(model)) {
      json(res, 404, { error: `model "${model}" not found, try pulling it first` });
      return;
    }
    const scripted = chooser?.(body) ?? queue.shift();
    if (!scripted) {
      json(res, 500, { error: 'fake-ollama: no scripted reply left' });
      return;
    }
    if (scripted.delayMs) {
      // Stop waiting when the client gives up, so no timer outlives the test.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, scripted.delayMs);
        res.on('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (res.destroyed) return;
    if (scripted.error !== undefined) {
      json(res, scripted.status ?? 500, { error: scripted.error });
      return;
    }
    if (scripted.raw !== undefined) {
      res.writeHead(scripted.status ?? 200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(scripted.raw);
      return;
    }
    const chat = path === '/api/chat';
    const content = scripted.content ?? '';
    const piece = (part: string, done: boolean): Record<string, unknown> => ({
      model,
      created_at: new Date().toISOString(),
      ...(chat ? { message: { role: 'assistant', content: part } } : { response: part }),
      done,
    });
    const stats = {
      done_reason: scripted.doneReason ?? 'stop',
      total_duration: 1_000_000,
      load_duration: 1000,
      prompt_eval_count: scripted.promptEvalCount ?? 100,
      prompt_eval_duration: 1000,
      eval_count: scripted.evalCount ?? 20,
      eval_duration: 1000,
      ...(chat ? {} : { context: [] }),
    };
    // The real server streams unless told `stream: false`.
    if (body.stream === false) {
      json(res, scripted.status ?? 200, { ...piece(content, true), ...stats });
      return;
    }
    res.writeHead(scripted.status ?? 200, { 'content-type': 'application/x-ndjson' });
    for (const part of content.match(/[\s\S]{1,8}/g) ?? []) res.write(`${JSON.stringify(piece(part, false))}\n`);
    res.end(`${JSON.stringify({ ...piece('', true), ...stats })}\n`);
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    if (req.method === 'GET') {
      requests.push({ method: 'GET', path, body: undefined });
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Ollama is running');
      } else if (path === '/api/version') json(res, 200, { version: '0.12.0' });
      else if (path === '/api/tags') {
        json(res, 200, { models: models.map((name) => ({ name, model: name, modified_at: '2025-01-01T00:00:00Z', size: 1_929_912_432, digest: 'f'.repeat(64), details: MODEL_DETAILS })) });
      } else json(res, 404, { error: 'not found' });
      return;
    }
    if (req.method === 'POST' && (path === '/api/chat' || path === '/api/generate')) {
      answer(req, res, path).catch((error: unknown) => {
        if (!res.headersSent) json(res, 500, { error: String(error) });
        else res.destroy();
      });
      return;
    }
    json(res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get modelRequests() {
      return requests.filter((r) => r.method === 'POST');
    },
    reply: (...replies) => void queue.push(...replies),
    respond: (choose) => {
      chooser = choose;
    },
    get pending() {
      return queue.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Requests still waiting on a delayed reply would keep close() from finishing.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound and released again. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
