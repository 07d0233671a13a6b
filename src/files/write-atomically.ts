import { renameSync, writeFileSync } from 'node:fs';

/**
 * Writes a file whole or not at all: a temporary file beside it (named by process and a random
 * part, so concurrent writers do not share one), then a rename. A reader or a kill never sees half
 * a file. Throws what the file system throws; callers writing a cache ignore it.
 */
export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
