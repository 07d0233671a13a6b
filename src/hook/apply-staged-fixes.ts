import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { replaceFile } from '../files/replace-file.js';
import { gitDir, indexEntry, indexFile, lockedMainIndex, mergeTexts, readBlob, setIndexEntry, worktreeForm, writeBlob } from '../git/index.js';
import { shellQuote } from '../shared/shell-quote.js';

/** A staged file whose content `--fix` changed. */
export interface StagedChange {
  /** Repository-relative path. */
  path: string;
  mode: string;
  /** Blob of the staged content that was checked. */
  blob: string;
  /** The fixed content, in the index's (clean) form. */
  fixed: Buffer;
}

export interface StagedFixOutcome {
  path: string;
  /** `both`: index and working tree fixed; `index`: the working tree file is gone or not a file. */
  applied: 'both' | 'index' | 'none';
  reason?: string;
}

interface Backup {
  dir: string;
  index: string;
  /** The locked real index of a `git commit -- <paths>`, when there is one. */
  mainIndex?: string;
  files: { path: string; copy: string }[];
}

const BACKUP_ROOT = 'attractor-lint';

/**
 * Writes a copy of the index and of the working-tree files about to change, so that an interrupted
 * run can be undone (by the signal handler, or by hand: the folder says what goes where).
 */
function makeBackup(root: string, changes: StagedChange[], git: { dir: string; index: string; mainIndex: string | undefined }): Backup {
  const { index, mainIndex } = git;
  const dir = join(git.dir, BACKUP_ROOT, `fix-backup-${process.pid}-${Date.now()}`);
  mkdirSync(join(dir, 'files'), { recursive: true });
  copyFileSync(index, join(dir, 'index'));
  if (mainIndex) copyFileSync(mainIndex, join(dir, 'main-index'));
  const files: Backup['files'] = [];
  changes.forEach((change, i) => {
    const file = resolve(root, change.path);
    if (!existsSync(file) || !lstatSync(file).isFile()) return;
    const copy = join(dir, 'files', String(i));
    copyFileSync(file, copy);
    files.push({ path: file, copy });
  });
  // Shell commands to paste: every path quoted (file names may hold spaces, quotes, `$` or newlines).
  const cp = (from: string, to: string): string => `  cp ${shellQuote(from)} ${shellQuote(to)}\n`;
  const copies = [cp(join(dir, 'index'), index), ...(mainIndex ? [cp(join(dir, 'main-index'), mainIndex)] : []), ...files.map((f) => cp(f.copy, f.path))];
  writeFileSync(join(dir, 'README'), `attractor-lint --staged --fix was interrupted. To undo it, run:\n${copies.join('')}`);
  return { dir, index, files, ...(mainIndex ? { mainIndex } : {}) };
}

function restore(backup: Backup): void {
  copyFileSync(join(backup.dir, 'index'), backup.index);
  if (backup.mainIndex) copyFileSync(join(backup.dir, 'main-index'), backup.mainIndex);
  for (const f of backup.files) copyFileSync(f.copy, f.path);
}

/** Backups left by runs that were killed outright (SIGKILL, power loss): the user should know. */
export function staleBackups(root: string): string[] {
  const dir = join(gitDir(root), BACKUP_ROOT);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name.startsWith('fix-backup-')).map((name) => join(dir, name));
}

/**
 * Applies fixes of staged content without losing work. The fixed content goes into the index
 * directly (a new blob, same mode), so the working tree is never hidden or stashed. The fix is
 * then carried into the working tree: a file with no unstaged changes gets the fixed content; a
 * partially staged file gets a three-way merge of its unstaged changes with the fix, and when
 * those overlap the file is left unfixed in both places. A backup of the index and the files is
 * taken first; SIGINT, SIGTERM and SIGHUP restore it before exiting (git runs synchronously, so
 * the run yields to the event loop between steps for the handler to get its turn).
 *
 * Under `git commit -- <paths>` the index in GIT_INDEX_FILE is a temporary one and git writes the
 * real index from its lock file after the commit: a fixed entry is written there too (when it
 * holds the content that was checked), or the real index would keep the unfixed content.
 */
export async function applyStagedFixes(root: string, changes: StagedChange[]): Promise<StagedFixOutcome[]> {
  if (changes.length === 0) return [];
  // Handlers first: a signal during the (synchronous) backup waits for it to finish, instead of
  // killing the process half way through writing it.
  let backup: Backup | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (backup) {
      restore(backup);
      rmSync(backup.dir, { recursive: true, force: true });
    }
    process.exit(signal === 'SIGINT' ? 130 : signal === 'SIGHUP' ? 129 : 143);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  try {
    const dotGit = gitDir(root);
    const index = indexFile(root);
    const mainIndex = lockedMainIndex(dotGit, index);
    const setEntry = (change: StagedChange, blob: string): void => {
      setIndexEntry(root, change.path, change.mode, blob);
      if (mainIndex && indexEntry(root, change.path, mainIndex) === `${change.mode} ${change.blob}`) setIndexEntry(root, change.path, change.mode, blob, mainIndex);
    };
    backup = makeBackup(root, changes, { dir: dotGit, index, mainIndex });
    const outcomes: StagedFixOutcome[] = [];
    for (const change of changes) {
      await yieldToLoop();
      const file = resolve(root, change.path);
      const newBlob = writeBlob(root, change.fixed);
      const isFile = existsSync(file) && lstatSync(file).isFile();
      if (!isFile) {
        setEntry(change, newBlob);
        outcomes.push({ path: change.path, applied: 'index' });
        continue;
      }
      const current = readFileSync(file);
      const checkout = worktreeForm(root, change.path, change.blob);
      // A file kept in the index's line ends where checkout would write CRLF (LF files under
      // core.autocrlf=true) has no unstaged change in git's eyes: merge it in the index's form,
      // so that its line ends stay as they are.
      const indexForm = !current.equals(checkout) && !current.includes(13) && checkout.includes(13);
      const base = indexForm ? readBlob(root, change.blob) : checkout;
      const theirs = indexForm ? change.fixed : worktreeForm(root, change.path, newBlob);
      const next = current.equals(base) ? theirs : mergeTexts(root, current, base, theirs);
      if (!next) {
        outcomes.push({ path: change.path, applied: 'none', reason: 'the unstaged changes of this file overlap the fix; nothing was changed' });
        continue;
      }
      setEntry(change, newBlob);
      await yieldToLoop();
      if (!next.equals(current)) replaceFile(file, next);
      outcomes.push({ path: change.path, applied: 'both' });
    }
    await yieldToLoop();
    rmSync(backup.dir, { recursive: true, force: true });
    return outcomes;
  } catch (error) {
    if (backup) {
      restore(backup);
      rmSync(backup.dir, { recursive: true, force: true });
    }
    throw error;
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}
