import { SHARE_ENV, Worker } from 'node:worker_threads';
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

/** The thread a long-lived process keeps for every check (`keepSiblingWorker`), while it lives. */
let kept: { worker: Worker } | undefined | null;

/**
 * From now on, `startSiblingWorker` hands out one thread that stays (the check server): its
 * modules and grammars load once, and each check's search runs on it beside the check on the main
 * thread. It shares the process environment, which the server sets to each request's for the
 * length of the request (git reads the hook's GIT_INDEX_FILE there too).
 */
export function keepSiblingWorker(): void {
  kept ??= null;
}

/** Stops the kept thread (the check server, when it stops). */
export function stopSiblingWorker(): void {
  void kept?.worker.terminate();
  if (kept) kept = null;
}

function newWorker(shared: boolean): Worker {
  const worker = new Worker(new URL('./sibling-worker.js', import.meta.url), shared ? { env: SHARE_ENV } : {});
  worker.unref();
  return worker;
}

/** The kept thread, started again when the last one died. */
function keptWorker(): Worker {
  if (!kept) {
    const held = { worker: newWorker(true) };
    held.worker.once('exit', () => {
      if (kept === held) kept = null;
    });
    kept = held;
  }
  return kept.worker;
}

/**
 * Starts the sibling search's thread at once, before the configuration, the pack and the staged
 * files are read: loading its modules and grammars (about as long as the check itself on a small
 * change) then overlaps the main thread's own start, and the search runs beside the check. A
 * change that repeats no edit (`mayRepeatAnEdit`) stops the thread unused. In a process that
 * keeps its thread (`keepSiblingWorker`), that one is used and never stopped.
 */
export function startSiblingWorker(): SiblingWorker {
  let worker: Worker | undefined;
  let failure: string | undefined;
  const keep = kept !== undefined;
  try {
    worker = keep ? keptWorker() : newWorker(false);
  } catch (error) {
    failure = (error as Error).message;
  }
  const cancel = (): void => {
    if (!keep) void worker?.terminate();
  };
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
      // the files, `--diff`, the worker reads it and decides; a kept thread always decides, off
      // this thread.)
      const text = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      if (!keep && job.files.every((f) => f.baseBytes) && !mayRepeatAnEdit(job.files.map((f) => ({ before: text(f.baseBytes as Uint8Array), after: text(f.bytes) })))) {
        cancel();
        return () => Promise.resolve({ findings: [], notes: [NO_REPEATED_EDIT] });
      }
      const running = worker;
      if (!running) return () => Promise.resolve({ findings: [], notes: [`the sibling search failed: ${failure ?? 'no thread'}`] });
      const settled = new Promise<Result>((resolve) => {
        const onMessage = (reply: SiblingReply): void => {
          settle();
          if ('error' in reply) fail(reply.error);
          else resolve(reply);
          cancel();
        };
        const onError = (error: Error): void => {
          settle();
          fail(error.message);
        };
        const onExit = (code: number): void => {
          settle();
          fail(`its thread exited (${code})`);
        };
        const settle = (): void => {
          running.off('message', onMessage).off('error', onError).off('exit', onExit);
          // A kept thread must not hold the process open between checks.
          running.unref();
        };
        const fail = (why: string): void => resolve({ findings: [], notes: [`the sibling search failed: ${why}`] });
        running.on('message', onMessage).on('error', onError).on('exit', onExit);
      });
      running.ref();
      running.postMessage(job);
      return () => settled;
    },
  };
}
