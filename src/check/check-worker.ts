import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { GrammarId } from '../parse/index.js';
import type { LoadedRule, LanguageId } from '../model.js';
import { compilePack, type SeverityOverrides } from '../rules/compile-pack.js';
import { checkSource, type SourceResult } from './check-source.js';

/** A unit of work: files already read and decoded by the main thread. */
export interface WorkerTask {
  id: string;
  language: LanguageId;
  text: string;
}

export interface WorkerInit {
  loaded: LoadedRule[];
  severities: SeverityOverrides;
  /** Per grammar, the rules any of the files can trigger: compiled once, up front. */
  scopes: [GrammarId, number[]][];
}

const init = workerData as WorkerInit;
const pack = compilePack(init.loaded, { severities: init.severities, eager: false });
for (const [grammar, scope] of init.scopes) pack.queryFor(grammar, new Set(scope));

parentPort?.on('message', async (tasks: WorkerTask[] | null) => {
  if (tasks === null) {
    parentPort?.close();
    return;
  }
  const results: SourceResult[] = [];
  for (const task of tasks) {
    results.push(checkSource(task.text, task.id, task.language, pack));
    await yieldToLoop();
  }
  parentPort?.postMessage(results);
});
