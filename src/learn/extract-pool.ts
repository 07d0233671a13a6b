import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EditPattern } from '../model.js';
import type { ChangedFile } from './extract-edits.js';
import type { ExtractJob, ExtractReply } from './extract-worker.js';

/**
 * Worker threads that turn changed files into edits (parsing is most of learn's time). Jobs go to
 * the worker with the fewest pending; results resolve per job, so the caller keeps walk order.
 */
export class ExtractPool {
  private readonly workers: { worker: Worker; pending: number }[] = [];
  private readonly waiting = new Map<number, { resolve(edits: EditPattern[]): void; reject(error: Error): void; slot: { pending: number } }>();
  private next = 0;

  constructor(count = Math.max(1, availableParallelism())) {
    for (let i = 0; i < count; i++) {
      const slot = { worker: new Worker(new URL('./extract-worker.js', import.meta.url)), pending: 0 };
      slot.worker.on('message', (reply: ExtractReply) => {
        const waiter = this.waiting.get(reply.id);
        if (!waiter) return;
        this.waiting.delete(reply.id);
        waiter.slot.pending--;
        if (reply.error !== undefined) waiter.reject(new Error(reply.error));
        else waiter.resolve(reply.edits ?? []);
      });
      slot.worker.on('error', (error) => {
        for (const [id, waiter] of this.waiting) {
          if (waiter.slot !== slot) continue;
          this.waiting.delete(id);
          waiter.reject(error);
        }
      });
      this.workers.push(slot);
    }
  }

  extract(files: ChangedFile[]): Promise<EditPattern[]> {
    const slot = this.workers.reduce((a, b) => (b.pending < a.pending ? b : a));
    const id = this.next++;
    slot.pending++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ id, files } satisfies ExtractJob);
    });
  }

  /** Workers currently holding jobs (for back-pressure). */
  get pending(): number {
    return this.workers.reduce((sum, w) => sum + w.pending, 0);
  }

  get size(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
