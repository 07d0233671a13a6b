import { decodeSource } from '../files/decode.js';
import type { BlobReader } from '../git/blob-reader.js';
import { firstParentHistory } from '../git/first-parent.js';
import { walkHistory, type RawCommit } from '../git/walk-history.js';
import { extractEdits } from '../learn/extract-edits.js';
import { classifyMessage, isTestPath } from '../mine/classify-commit.js';
import { diffLines, type LineHunk } from '../mine/diff-lines.js';
import type { EditPattern, LanguageId } from '../model.js';
import { extensionMap, languageOfPath } from '../parse/index.js';
import { AttractorError } from '../shared/errors.js';

/** One source file of a held-out fix: its versions before and after, the line hunks and the edits. */
export interface HeldOutFile {
  commit: string;
  parent: string;
  edits: EditPattern[];
  subject: string;
  path: string;
  language: LanguageId;
  before: string;
  after: string;
  hunks: LineHunk[];
}

/** Reads and decodes one blob (by id or `rev:path`); undefined when it is not readable source. */
export async function readText(reader: BlobReader, blob: string, maxFileSize: number): Promise<string | undefined> {
  const read = await reader.read(blob, maxFileSize);
  if (read.kind !== 'ok') return undefined;
  const decoded = decodeSource(read.bytes, maxFileSize);
  return 'skip' in decoded ? undefined : decoded.text;
}

/**
 * One walk of the window `range` (`cut..head`): the held-out fixes (evaluation.md: a fix commit
 * that modifies 1 to `maxFixFiles` non-test source files and adds or deletes none), newest first,
 * and the commits that add or modify source, which the hook view samples.
 */
export async function readWindow(root: string, reader: BlobReader, range: string, options: { maxFixFiles: number; maxFileSize: number }): Promise<{ heldOut: HeldOutFile[][]; windowCommits: RawCommit[] }> {
  const languages = extensionMap();
  const heldOut: HeldOutFile[][] = [];
  const windowCommits: RawCommit[] = [];
  for await (const commit of walkHistory(root, { rev: range })) {
    const sources = commit.changes.filter((c) => languageOfPath(c.path, languages) && !isTestPath(c.path));
    if (sources.some((c) => c.status === 'M' || c.status === 'A')) windowCommits.push(commit);
    if (!classifyMessage(commit.message).isFix) continue;
    if (sources.length === 0 || sources.length > options.maxFixFiles || sources.some((c) => c.status !== 'M')) continue;
    const files: HeldOutFile[] = [];
    for (const change of sources) {
      const [before, after] = await Promise.all([readText(reader, change.oldBlob, options.maxFileSize), readText(reader, change.newBlob, options.maxFileSize)]);
      if (before === undefined || after === undefined) continue;
      const language = languageOfPath(change.path, languages) as LanguageId;
      const edits = extractEdits({ commit, path: change.path, language, before, after, evidence: { touchesTests: false, redToGreen: [] } });
      files.push({ commit: commit.sha, parent: commit.parents[0] as string, edits, subject: commit.message.split('\n')[0] ?? '', path: change.path, language, before, after, hunks: diffLines(before.split('\n'), after.split('\n')) });
    }
    if (files.length) heldOut.push(files);
  }
  return { heldOut, windowCommits };
}

/**
 * The temporal hold-out's cut: the first-parent history, the cut's index (`split` of the commits
 * are before or at it) and the commits at the cut and at HEAD. One line and exit 2 for a bad split
 * or a history under 10 commits.
 */
export function holdOutCut(root: string, split: number): { history: string[]; index: number; cut: string; head: string } {
  if (!(split > 0 && split < 1)) throw new AttractorError('bad-args', `--split must be between 0 and 1, got ${split}`);
  const history = firstParentHistory(root);
  if (history.length < 10) throw new AttractorError('bad-args', `only ${history.length} commits on the first-parent history; eval needs at least 10`);
  const index = Math.floor(history.length * split) - 1;
  return { history, index, cut: history[index] as string, head: history[history.length - 1] as string };
}
