import { createHash } from 'node:crypto';

/** Hex SHA-256 of the given parts, separated so that ("ab","c") and ("a","bc") differ. */
export function hashOf(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(String(part.length));
    hash.update(':');
    hash.update(part);
  }
  return hash.digest('hex');
}
