import { nextBatchAnswer } from './batch-output.js';
import { git, splitZ } from './exec-git.js';

export interface StagedEntry {
  /** Path relative to the repository top level, with forward slashes. */
  path: string;
  /** Full blob id of the staged content (`--no-abbrev`: an abbreviated one is ambiguous in big repositories and never equals an index entry). */
  blob: string;
  mode: string;
  status: string;
  /**
   * The blob this content replaces: HEAD's version of the path (of the old path for a rename).
   * Undefined for an added file, and for one that was a symlink or submodule at HEAD.
   */
  base?: string;
}

const SUBMODULE = '160000';
const SYMLINK = '120000';

/**
 * Added, copied, modified, renamed and type-changed files in the index (`git diff --cached --raw -z
 * -M`), minus submodules and symlinks. Type changes (`T`) count because a symlink or submodule
 * replaced by a regular file is new content to check. Works on an unborn branch (git compares with
 * the empty tree) and under `git commit -a` (the index is whatever GIT_INDEX_FILE names).
 * @see https://git-scm.com/docs/git-diff#_raw_output_format
 */
export function stagedEntries(root: string): StagedEntry[] {
  return rawDiffEntries(root, ['diff', '--cached']);
}

/**
 * The files a commit changed against `parent` (`git diff-tree`), in the form of staged entries:
 * eval's replay stages each commit of the window this way.
 */
export function commitChanges(root: string, parent: string, commit: string): StagedEntry[] {
  return rawDiffEntries(root, ['diff-tree', '-r', parent, commit]);
}

/** Parses `git <diff command> --raw -z -M` output (added, copied, modified, renamed, type-changed; no submodules or symlinks). */
function rawDiffEntries(root: string, command: string[]): StagedEntry[] {
  const fields = splitZ(git([...command, '--raw', '--no-abbrev', '-z', '-M', '--diff-filter=ACMRT', '--no-ext-diff', '--ignore-submodules=all'], { cwd: root }));
  const entries: StagedEntry[] = [];
  for (let i = 0; i < fields.length; ) {
    const header = fields[i++] as string;
    // ":100644 100644 <src> <dst> M" then one path, or two for copies and renames (C/R + score).
    const [srcMode, dstMode, srcBlob, dstBlob, status] = header.slice(1).split(' ');
    const twoPaths = status?.startsWith('R') || status?.startsWith('C');
    if (twoPaths) i++;
    const path = fields[i++] as string;
    if (!dstMode || !dstBlob || !status) continue;
    if (dstMode === SUBMODULE || dstMode === SYMLINK) continue;
    const entry: StagedEntry = { path, blob: dstBlob, mode: dstMode, status: status.charAt(0) };
    if (srcBlob && !/^0+$/.test(srcBlob) && srcMode !== SUBMODULE && srcMode !== SYMLINK) entry.base = srcBlob;
    entries.push(entry);
  }
  return entries;
}

export type BlobContent = { kind: 'ok'; bytes: Buffer } | { kind: 'too-large'; size: number } | { kind: 'missing' };

/**
 * Reads blobs (ids or `rev:path` names) with `git cat-file --batch`: in one process when all of
 * them fit in the room that many files of `maxSize` would take (one spawn less on every staged
 * check), else after a `--batch-check` for their sizes, so that a huge blob is never read.
 */
export function readBlobs(root: string, blobs: string[], maxSize: number): Map<string, BlobContent> {
  const result = new Map<string, BlobContent>();
  if (blobs.length === 0) return result;
  const unique = [...new Set(blobs)];
  const all = git(['cat-file', '--batch'], { cwd: root, input: `${unique.join('\n')}\n`, maxBuffer: unique.length * (maxSize + 256), allowOverflow: true });
  if (all) {
    readAnswers(all, unique, maxSize, result);
    return result;
  }
  const checks = git(['cat-file', '--batch-check'], { cwd: root, input: `${unique.join('\n')}\n` }).toString('utf8').split('\n');
  const wanted: string[] = [];
  unique.forEach((blob, i) => {
    const [, type, size] = (checks[i] ?? '').split(' ');
    if (type !== 'blob') result.set(blob, { kind: 'missing' });
    else if (Number(size) > maxSize) result.set(blob, { kind: 'too-large', size: Number(size) });
    else wanted.push(blob);
  });
  if (wanted.length) readAnswers(git(['cat-file', '--batch'], { cwd: root, input: `${wanted.join('\n')}\n` }), wanted, maxSize, result);
  return result;
}

function readAnswers(out: Buffer, names: string[], maxSize: number, into: Map<string, BlobContent>): void {
  let offset = 0;
  for (const name of names) {
    const answer = nextBatchAnswer(out, offset, maxSize);
    into.set(name, answer?.content ?? { kind: 'missing' });
    if (!answer) break;
    offset = answer.next;
  }
  for (const name of names) if (!into.has(name)) into.set(name, { kind: 'missing' });
}
