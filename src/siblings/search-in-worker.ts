import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../files/source-file.js';
import type { Finding, LanguageId } from '../model.js';
import type { SiblingOptions } from './change-siblings.js';
import { mayRepeatAnEdit, NO_REPEATED_EDIT } from './may-repeat-an-edit.js';

/** What the worker is started with: the changed files' bytes and the search's options. */
export interface SiblingJob {
  files: { id: string; language: LanguageId; baseBlob: string; bytes: Uint8Array; baseBytes?: Uint8Array }[];
  options: SiblingOptions;
}

export type SiblingReply = { findings: Finding[]; notes: string[] } | { error: string };

/**
 * Starts the sibling search on a worker thread and returns its result when asked: the check
 * itself runs meanwhile on the main thread, so on a machine with a second core the search adds
 * little to the hook's time. The files are read here (from the index or disk, as collected);
 * a worker that fails to start or throws gives no findings and a note.
 */
export function searchInWorker(files: SourceFile[], options: SiblingOptions): () => Promise<{ findings: Finding[]; notes: string[] }> {
  const job: SiblingJob = { files: [], options };
  for (const file of files) {
    if (typeof file.base !== 'object') continue;
    const loaded = file.load();
    if (!('bytes' in loaded)) continue;
    const base = file.loadBase?.();
    job.files.push({ id: file.id, language: file.language, baseBlob: file.base.blob, bytes: loaded.bytes, ...(base && 'bytes' in base ? { baseBytes: base.bytes } : {}) });
  }
  // Most changes repeat no edit: then no thread is started (its start costs more than the check).
  // (When a base was not read with the files, `--diff`, the worker reads it and decides.)
  const text = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (job.files.every((f) => f.baseBytes) && !mayRepeatAnEdit(job.files.map((f) => ({ before: text(f.baseBytes as Uint8Array), after: text(f.bytes) })))) {
    return () => Promise.resolve({ findings: [], notes: [NO_REPEATED_EDIT] });
  }
  let settled: Promise<{ findings: Finding[]; notes: string[] }>;
  try {
    const worker = new Worker(new URL('./sibling-worker.js', import.meta.url), { workerData: job });
    settled = new Promise((resolve) => {
      const fail = (why: string): void => resolve({ findings: [], notes: [`the sibling search failed: ${why}`] });
      worker.once('message', (reply: SiblingReply) => {
        if ('error' in reply) fail(reply.error);
        else resolve(reply);
        void worker.terminate();
      });
      worker.once('error', (error) => fail(error.message));
      worker.once('exit', (code) => fail(`its thread exited (${code})`));
    });
  } catch (error) {
    settled = Promise.resolve({ findings: [], notes: [`the sibling search failed: ${(error as Error).message}`] });
  }
  return () => settled;
}
