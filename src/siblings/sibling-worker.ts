import { parentPort } from 'node:worker_threads';
import type { SourceFile } from '../files/source-file.js';
import { changeSiblings } from './change-siblings.js';
import type { SiblingJob, SiblingReply } from './search-in-worker.js';

// The sibling search of `check --staged`/`--diff` on its own thread, beside the check itself:
// started early (its modules load while the main thread reads the configuration and the index),
// it waits for a job. The check server keeps one such thread and sends it every check's job.
parentPort?.on('message', (job: SiblingJob) => {
  const files: SourceFile[] = job.files.map((f) => ({
    id: f.id,
    display: f.id,
    language: f.language,
    base: { blob: f.baseBlob },
    load: () => ({ bytes: Buffer.from(f.bytes) }),
    ...(f.baseBytes ? { loadBase: () => ({ bytes: Buffer.from(f.baseBytes as Uint8Array) }) } : {}),
  }));
  let reply: SiblingReply;
  try {
    const { findings, notes } = changeSiblings(files, job.options);
    reply = { findings, notes };
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
