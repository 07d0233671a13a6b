import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../files/source-file.js';
import type { Finding, LanguageId } from '../model.js';
import type { SiblingOptions } from './change-siblings.js';
import { mayRepeatAnEdit, NO_REPEATED_EDIT } from './may-repeat-an-edit.js';

/** What the worker is sent: the changed files' bytes and the search's options. */
export interface SiblingJob {
  files: { id: string; language: LanguageId; baseBlob: string; bytes: Uint8Array; baseBytes?: Uint8Array }[];
  options: SiblingOptions;
}

export type SiblingReply = { findings: Finding[]; notes: string[] } | { error: string };

type Result = { findings: Finding[]; notes: string[] };

/** A sibling search thread started ahead of its job. */
export interface SiblingWorker {
  /** Sends the job; resolves with the findings (a worker that failed gives none and a note). */
  search(files: SourceFile[], options: SiblingOptions): () => Promise<Result>;
  /** Stops the thread unused (siblings off in the configuration, `--fix`). */
  cancel(): void;
}

/**
 * Starts the sibling search's thread at once, before the configuration, the pack and the staged
 * files are read: loading its modules and grammars (about as long as the check itself on a small
 * change) then overlaps the main thread's own start, and the search runs beside the check. A
 * change that repeats no edit (`mayRepeatAnEdit`) stops the thread unused.
 */
export function startSiblingWorker(): SiblingWorker {
  let worker: Worker | undefined;
  let failure: string | undefined;
  try {
    worker = new Worker(new URL('./sibling-worker.js', import.meta.url));
    worker.unref();
  } catch (error) {
    failure = (error as Error).message;
  }
  const cancel = (): void => void worker?.terminate();
  return {
    cancel,
    search(files, options) {
      const job: SiblingJob = { files: [], options };
      for (const file of files) {
        if (typeof file.base !== 'object') continue;
        const loaded = file.load();
        if (!('bytes' in loaded)) continue;
        const base = file.loadBase?.();
        job.files.push({ id: file.id, language: file.language, baseBlob: file.base.blob, bytes: loaded.bytes, ...(base && 'bytes' in base ? { baseBytes: base.bytes } : {}) });
      }
      // Most changes repeat no edit: the thread is stopped unused. (When a base was not read with
      // the files, `--diff`, the worker reads it and decides.)
      const text = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      if (job.files.every((f) => f.baseBytes) && !mayRepeatAnEdit(job.files.map((f) => ({ before: text(f.baseBytes as Uint8Array), after: text(f.bytes) })))) {
        cancel();
        return () => Promise.resolve({ findings: [], notes: [NO_REPEATED_EDIT] });
      }
      const running = worker;
      if (!running) return () => Promise.resolve({ findings: [], notes: [`the sibling search failed: ${failure ?? 'no thread'}`] });
      const settled = new Promise<Result>((resolve) => {
        const fail = (why: string): void => resolve({ findings: [], notes: [`the sibling search failed: ${why}`] });
        running.once('message', (reply: SiblingReply) => {
          if ('error' in reply) fail(reply.error);
          else resolve(reply);
          cancel();
        });
        running.once('error', (error) => fail(error.message));
        running.once('exit', (code) => fail(`its thread exited (${code})`));
      });
      running.ref();
      running.postMessage(job);
      return () => settled;
    },
  };
}
