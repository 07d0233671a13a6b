import type { BlobContent } from './staged-files.js';

/**
 * The next answer of `git cat-file --batch` in `buffer` from `offset`: `<oid> <type> <size>\n`,
 * the bytes and a newline, or one line for a name git cannot find (`<name> missing`, `ambiguous`).
 * Undefined while the answer is not complete in `buffer`. Anything but a blob, or a blob over
 * `maxSize`, is not copied.
 * @see https://git-scm.com/docs/git-cat-file#_batch_output
 */
export function nextBatchAnswer(buffer: Buffer, offset: number, maxSize: number): { content: BlobContent; next: number } | undefined {
  const newline = buffer.indexOf(10, offset);
  if (newline < 0) return undefined;
  const header = buffer.subarray(offset, newline).toString('utf8').split(' ');
  if (header.length < 3 || header[1] === 'missing' || header[1] === 'ambiguous') return { content: { kind: 'missing' }, next: newline + 1 };
  const size = Number(header[2]);
  const end = newline + 1 + size;
  if (buffer.length < end + 1) return undefined;
  if (header[1] !== 'blob') return { content: { kind: 'missing' }, next: end + 1 };
  if (size > maxSize) return { content: { kind: 'too-large', size }, next: end + 1 };
  return { content: { kind: 'ok', bytes: buffer.subarray(newline + 1, end) }, next: end + 1 };
}
