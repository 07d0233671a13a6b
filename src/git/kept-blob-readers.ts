import { withoutGitVariables } from '../shared/without-git-variables.js';
import { BlobReader } from './blob-reader.js';
import { readBlobs, type BlobContent } from './staged-files.js';

/** One `git cat-file --batch` per repository top level, in a process that keeps them. */
let kept: Map<string, BlobReader> | undefined;

/**
 * From now on, `readBlobsKept` reads through a `git cat-file --batch` that stays, one per
 * repository (the check server): a staged check then starts one git process less. New objects
 * (`git add` after the reader started) are found, since git looks again when an object is not in
 * the packs it knows.
 */
export function keepBlobReaders(): void {
  kept ??= new Map();
}

/** Ends the kept readers' git processes (the check server, when it stops). */
export function closeBlobReaders(): void {
  for (const reader of kept?.values() ?? []) reader.close();
  kept?.clear();
}

/** Variables that point git at other objects than the repository's own: no kept reader then. */
const OBJECT_VARIABLES = ['GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR', 'GIT_NAMESPACE'];

/**
 * `readBlobs`, through the kept reader of `root` when this process keeps them. Anything the kept
 * reader does not find (its git process was killed, or the object store moved under it) is read
 * again by `readBlobs`, and that reader is replaced next time.
 */
export async function readBlobsKept(root: string, blobs: string[], maxSize: number): Promise<Map<string, BlobContent>> {
  if (!kept || blobs.length === 0 || OBJECT_VARIABLES.some((name) => process.env[name])) return readBlobs(root, blobs, maxSize);
  let reader = kept.get(root);
  if (!reader?.alive) kept.set(root, (reader = new BlobReader(root, withoutGitVariables(process.env))));
  const unique = [...new Set(blobs)];
  const read = await Promise.all(unique.map((blob) => (reader as BlobReader).read(blob, maxSize)));
  const result = new Map(unique.map((blob, i) => [blob, read[i] as BlobContent]));
  const missing = unique.filter((blob) => result.get(blob)?.kind === 'missing');
  if (missing.length) {
    reader.close();
    kept.delete(root);
    for (const [blob, content] of readBlobs(root, missing, maxSize)) result.set(blob, content);
  }
  return result;
}
