import { appendFileSync, closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { EditPattern } from '../model.js';

/** Entries kept in memory before they are appended (one write per batch, not one file per commit). */
const BATCH = 256;
const HEAD = Buffer.from('{"sha":"');
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const CLOSE = 0x7d;

/**
 * The edits extracted from each fix commit, in one append-only journal (`edits.jsonl`, a line per
 * commit: `{"sha": ..., "edits": [...]}`). A later line for a commit wins. A line cut short by a
 * killed run, or otherwise damaged, is counted as unreadable and its commit is extracted again.
 * Only one learn writes at a time (learn-lock.ts).
 */
export class EditCache {
  private readonly file: string;
  private entries: Map<string, Buffer> | undefined;
  private pending: string[] = [];
  /** Damaged lines met while reading the journal. */
  unreadable = 0;

  constructor(dir: string) {
    this.file = join(dir, 'edits.jsonl');
  }

  private load(): Map<string, Buffer> {
    if (this.entries) return this.entries;
    const entries = new Map<string, Buffer>();
    let bytes = Buffer.alloc(0);
    try {
      bytes = readFileSync(this.file);
    } catch {
      // No journal yet.
    }
    for (let start = 0; start < bytes.length; ) {
      const newline = bytes.indexOf(NEWLINE, start);
      const end = newline < 0 ? bytes.length : newline;
      // The sha is read at its fixed place; a line is decoded and parsed only when asked for.
      const quote = bytes.indexOf(QUOTE, start + HEAD.length);
      const sha = bytes.subarray(start, HEAD.length + start).equals(HEAD) && quote > start && quote < end ? bytes.toString('latin1', start + HEAD.length, quote) : '';
      if (/^[0-9a-f]{40,64}$/.test(sha) && bytes[end - 1] === CLOSE) entries.set(sha, bytes.subarray(start, end));
      else if (end > start) this.unreadable++;
      start = end + 1;
    }
    this.entries = entries;
    return entries;
  }

  /**
   * A commit's edits; undefined when not cached or unreadable (counted in `unreadable`). Each entry
   * is handed out once per run (a walk meets a commit once), so its text is not kept after.
   */
  get(sha: string): EditPattern[] | undefined {
    const entries = this.load();
    const line = entries.get(sha);
    if (line === undefined) return undefined;
    entries.delete(sha);
    try {
      const edits = (JSON.parse(line.toString('utf8')) as { edits: unknown }).edits;
      if (Array.isArray(edits)) return edits as EditPattern[];
    } catch {
      // Counted below.
    }
    this.unreadable++;
    return undefined;
  }

  put(sha: string, edits: EditPattern[]): void {
    this.entries?.delete(sha);
    this.pending.push(JSON.stringify({ sha, edits }));
    if (this.pending.length >= BATCH) this.flush();
  }

  /** Whether the journal ends inside a line (a killed run): the next batch then starts on a new one. */
  private endsCutShort(): boolean {
    let fd: number | undefined;
    try {
      fd = openSync(this.file, 'r');
      const size = fstatSync(fd).size;
      if (size === 0) return false;
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      return last[0] !== NEWLINE;
    } catch {
      return false;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Appends what was put since the last flush. The cache is an optimisation: a failed write is dropped. */
  flush(): void {
    if (this.pending.length === 0) return;
    const text = `${this.endsCutShort() ? '\n' : ''}${this.pending.join('\n')}\n`;
    this.pending = [];
    try {
      appendFileSync(this.file, text);
    } catch {
      // Extracted again next time.
    }
  }
}
