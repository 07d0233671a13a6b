import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { nextBatchAnswer } from './batch-output.js';
import type { BlobContent } from './staged-files.js';

export type Blob = BlobContent;

interface Waiter {
  resolve(blob: Blob): void;
  maxSize: number;
}

/**
 * A long-lived `git cat-file --batch` process: ask for blob ids, get their bytes in order. Missing
 * objects (partial or damaged clones) come back as `missing` instead of failing the walk.
 * @see https://git-scm.com/docs/git-cat-file#_batch_output
 */
export class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiters: Waiter[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private closed = false;

  /** `env`: the git process's environment (default: this process's). */
  constructor(root: string, env?: NodeJS.ProcessEnv) {
    this.child = spawn('git', ['cat-file', '--batch'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    // git missing or gone: every read answers `missing` (the close handler below).
    this.child.on('error', () => undefined);
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.drain();
    });
    this.child.stderr.resume();
    this.child.on('close', () => {
      this.closed = true;
      for (const waiter of this.waiters.splice(0)) waiter.resolve({ kind: 'missing' });
    });
    this.child.stdin.on('error', () => undefined);
  }

  private drain(): void {
    for (;;) {
      const waiter = this.waiters[0];
      if (!waiter) return;
      const answer = nextBatchAnswer(this.buffer, 0, waiter.maxSize);
      if (!answer) return;
      // The buffer is read on: the bytes are copied out of it.
      const { content } = answer;
      this.buffer = this.buffer.subarray(answer.next);
      this.waiters.shift();
      waiter.resolve(content.kind === 'ok' ? { kind: 'ok', bytes: Buffer.from(content.bytes) } : content);
    }
  }

  read(blob: string, maxSize: number): Promise<Blob> {
    if (this.closed || /^0+$/.test(blob)) return Promise.resolve({ kind: 'missing' });
    return new Promise((resolve) => {
      this.waiters.push({ resolve, maxSize });
      this.child.stdin.write(`${blob}\n`);
    });
  }

  /** Whether reads still reach git (the process has not exited). */
  get alive(): boolean {
    return !this.closed;
  }

  close(): void {
    if (!this.closed) this.child.stdin.end();
  }
}
