import { isAbsolute, relative } from 'node:path';

/** `file` relative to the top level `root` when it lies inside it, else absolute. */
export function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
