import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../files/write-atomically.js';
import type { Finding } from '../model.js';

interface CacheFile {
  version: 1;
  pack: string;
  entries: Record<string, { findings: Finding[]; partial: boolean }>;
}

const MAX_ENTRIES = 100_000;

/**
 * Findings per (path, content) for one rule pack, kept in `<dir>/check-v1.json`. Writes go to a
 * temporary file that is renamed into place, so two overlapping runs never leave a torn file: the
 * last one to finish wins, and either version is a valid cache.
 */
export class ResultCache {
  private entries: CacheFile['entries'] = {};
  private readonly used = new Set<string>();
  private dirty = false;
  /** Set when the cache file existed but could not be read; it is rebuilt. */
  readonly problem: string | undefined;

  constructor(
    private readonly dir: string,
    private readonly pack: string,
  ) {
    let problem: string | undefined;
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as CacheFile;
      if (data.version === 1 && data.pack === pack && typeof data.entries === 'object' && data.entries) this.entries = data.entries;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problem = 'the result cache was unreadable and is rebuilt';
    }
    this.problem = problem;
  }

  private get file(): string {
    return join(this.dir, 'check-v1.json');
  }

  get(key: string): { findings: Finding[]; partial: boolean } | undefined {
    const hit = this.entries[key];
    if (hit) this.used.add(key);
    return hit;
  }

  set(key: string, value: { findings: Finding[]; partial: boolean }): void {
    this.entries[key] = value;
    this.used.add(key);
    this.dirty = true;
  }

  /** Writes the cache atomically; failures are ignored (a cache is an optimisation). */
  save(): void {
    if (!this.dirty) return;
    let entries = this.entries;
    const keys = Object.keys(entries);
    if (keys.length > MAX_ENTRIES) entries = Object.fromEntries(keys.filter((k) => this.used.has(k)).map((k) => [k, this.entries[k]!]));
    const data: CacheFile = { version: 1, pack: this.pack, entries };
    try {
      mkdirSync(this.dir, { recursive: true });
      writeAtomically(this.file, JSON.stringify(data));
    } catch {
      // A read-only checkout or a full disk must not fail the check.
    }
  }
}
