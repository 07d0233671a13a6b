import { relative, sep } from 'node:path';
import { git } from './exec-git.js';
import { findWorktreeRoot } from './repo.js';

/** A file's content at HEAD, or `absent` when HEAD has no such file (a new file, or no commit yet). */
export type HeadVersion = { kind: 'ok'; bytes: Buffer } | { kind: 'absent' };

/**
 * What HEAD holds at the path of `file` (absolute), read with one `git cat-file --batch`; undefined
 * when git cannot tell: no repository around the file, git missing or failing.
 */
export function headVersion(file: string): HeadVersion | undefined {
  const root = findWorktreeRoot(file);
  if (!root) return undefined;
  const path = relative(root, file).split(sep).join('/');
  if (!path || path.startsWith('..') || path.includes('\n')) return undefined;
  let out: Buffer | undefined;
  try {
    out = git(['cat-file', '--batch'], { cwd: root, input: `HEAD:${path}\n`, allowFailure: true });
  } catch {
    return undefined;
  }
  if (!out) return undefined;
  const newline = out.indexOf(10);
  const header = out.subarray(0, newline < 0 ? out.length : newline).toString('utf8').split(' ');
  // "<oid> blob <size>", or "HEAD:<path> missing" (also on an unborn branch).
  if (header[1] !== 'blob') return { kind: 'absent' };
  const size = Number(header[2]);
  return { kind: 'ok', bytes: out.subarray(newline + 1, newline + 1 + size) };
}
