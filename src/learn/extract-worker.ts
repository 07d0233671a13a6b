import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';
import { inOrder } from '../shared/in-order.js';
import type { EditPattern } from '../model.js';
import { extractEdits, type ChangedFile } from './extract-edits.js';

/** One commit's changed files, extracted in a worker; answered with the same id. */
export interface ExtractJob {
  id: number;
  files: ChangedFile[];
}

export interface ExtractReply {
  id: number;
  edits?: EditPattern[];
  error?: string;
}

// One job at a time, in order; the loop turns between files so native trees are freed.
async function extract(job: ExtractJob): Promise<void> {
  try {
    const edits: EditPattern[] = [];
    for (const file of job.files) {
      edits.push(...extractEdits(file));
      await yieldToLoop();
    }
    parentPort?.postMessage({ id: job.id, edits } satisfies ExtractReply);
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) } satisfies ExtractReply);
  }
}
parentPort?.on('message', inOrder(extract));
