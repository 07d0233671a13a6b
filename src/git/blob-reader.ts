import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export type Blob = { kind: 'ok'; bytes: Buffer } | { kind: 'missing' } | { kind: 'too-large'; size: number };

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

  constructor(root: string) {
    this.child = spawn('git', ['cat-file', '--batch'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
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
      const newline = this.buffer.indexOf(10);
      if (newline < 0) return;
      const header = this.buffer.subarray(0, newline).toString('utf8').split(' ');
      if (header[1] === 'missing' || header.length < 3) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.waiters.shift();
        waiter.resolve({ kind: 'missing' });
        continue;
      }
      const size = Number(header[2]);
      if (this.buffer.length < newline + 1 + size + 1) return;
      const bytes = this.buffer.subarray(newline + 1, newline + 1 + size);
      this.buffer = this.buffer.subarray(newline + 1 + size + 1);
      this.waiters.shift();
      waiter.resolve(header[1] !== 'blob' ? { kind: 'missing' } : size > waiter.maxSize ? { kind: 'too-large', size } : { kind: 'ok', bytes: Buffer.from(bytes) });
    }
  }

  read(blob: string, maxSize: number): Promise<Blob> {
    if (this.closed || /^0+$/.test(blob)) return Promise.resolve({ kind: 'missing' });
    return new Promise((resolve) => {
      this.waiters.push({ resolve, maxSize });
      this.child.stdin.write(`${blob}\n`);
    });
  }

  close(): void {
    if (!this.closed) this.child.stdin.end();
  }
}
