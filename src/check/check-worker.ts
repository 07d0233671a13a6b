import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { inOrder } from '../shared/in-order.js';
import type { GrammarId } from '../parse/index.js';
import type { LoadedRule, LanguageId } from '../model.js';
import { compilePack, type SeverityOverrides } from '../rules/compile-pack.js';
import { isAttractorError, type ErrorCode } from '../shared/errors.js';
import { checkSource, type SourceResult } from './check-source.js';

/** A unit of work: a file already read and decoded by the main thread. */
export interface WorkerTask {
  id: string;
  language: LanguageId;
  text: string;
}

/** What a worker is started with: the pack's source, known before any file is read. */
export interface WorkerInit {
  loaded: LoadedRule[];
  severities: SeverityOverrides;
}

/**
 * Messages to a worker, handled in order. `validate` compiles the whole pack and reports what does
 * not compile; `compile` comes once the main thread knows which rules the files can trigger (per
 * grammar); `check` carries a batch. `validate` and `check` are answered by a `WorkerReply`.
 */
export type WorkerMessage =
  | { kind: 'validate' }
  | { kind: 'compile'; scopes: [GrammarId, number[]][] }
  | { kind: 'check'; batch: number; tasks: WorkerTask[] }
  | { kind: 'stop' };

export type WorkerReply = { kind: 'validated'; problem?: { code: ErrorCode; message: string } } | { kind: 'checked'; batch: number; results: SourceResult[] };

const init = workerData as WorkerInit;
const pack = compilePack(init.loaded, { severities: init.severities, eager: false });

/** `pack.validate()`, with a rule problem as data (an error loses its class between threads). */
function validate(): WorkerReply {
  try {
    pack.validate();
    return { kind: 'validated' };
  } catch (error) {
    if (!isAttractorError(error)) throw error;
    return { kind: 'validated', problem: { code: error.code, message: error.message } };
  }
}

async function checkBatch(tasks: WorkerTask[]): Promise<SourceResult[]> {
  const results: SourceResult[] = [];
  for (const task of tasks) {
    results.push(checkSource(task.text, task.id, task.language, pack));
    // Between files the event loop runs the addon's finalizers, which free the trees checked so
    // far; without this they pile up until the worker exits, and its exit then takes that long.
    await yieldToLoop();
  }
  return results;
}

async function handle(message: WorkerMessage): Promise<void> {
  switch (message.kind) {
    case 'validate':
      parentPort?.postMessage(validate());
      return;
    case 'compile':
      for (const [grammar, scope] of message.scopes) if (scope.length) pack.queryFor(grammar, new Set(scope));
      return;
    case 'check': {
      const reply: WorkerReply = { kind: 'checked', batch: message.batch, results: await checkBatch(message.tasks) };
      parentPort?.postMessage(reply);
      return;
    }
    case 'stop':
      parentPort?.close();
  }
}

// One message at a time, in the order they came: replies go back in the order batches were sent.
parentPort?.on('message', inOrder(handle));
