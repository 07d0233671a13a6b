import { chmodSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Replaces an existing file's content atomically (a temporary file beside it, then a rename), so a
 * reader or a kill never sees half a file, and keeps its mode (the executable bit survives a fix).
 */
export function replaceFile(file: string, bytes: Buffer): void {
  const mode = statSync(file).mode & 0o7777;
  const tmp = join(dirname(file), `.attractor-fix-${process.pid}.tmp`);
  writeFileSync(tmp, bytes, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}
