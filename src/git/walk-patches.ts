import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { AttractorError } from '../shared/errors.js';
import { failureReason } from './exec-git.js';

/** One hunk of a `-U0` diff: the lines removed (from 1-based `oldStart`) and the lines added. */
export interface PatchHunk {
  oldStart: number;
  newStart: number;
  removed: string[];
  added: string[];
}

export interface PatchCommit {
  sha: string;
  /** Author time, seconds since the epoch. */
  time: number;
  subject: string;
  files: { path: string; hunks: PatchHunk[] }[];
}

const HEADER = '\u001eP\u001f';

/**
 * Streams every non-merge commit of `rev` with its diff (`git log -p -U0`, no renames, no
 * context), newest first. Git computes the diffs; nothing but their text is read. A commit with
 * more than `maxLines` diff lines is cut there (a vendored import or a generated file is not a
 * pattern), and `truncated` counts such commits.
 */
export async function* walkPatches(root: string, options: { rev: string; pathspecs: string[]; maxLines?: number; onTruncated?: (sha: string) => void }): AsyncGenerator<PatchCommit> {
  const args = ['-c', 'core.quotepath=false', 'log', '-p', '-U0', '--no-merges', '--no-renames', '--no-color', '--no-ext-diff', '--format=%x1eP%x1f%H%x1f%at%x1f%s', options.rev, '--', ...options.pathspecs];
  const child = spawn('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString();
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const maxLines = options.maxLines ?? 20_000;
  let commit: PatchCommit | undefined;
  let file: { path: string; hunks: PatchHunk[] } | undefined;
  let hunk: PatchHunk | undefined;
  let lines = 0;
  let cut = false;
  let finished = false;
  const lineReader = createInterface({ input: child.stdout, crlfDelay: Infinity });
  try {
    for await (const line of lineReader) {
      if (line.startsWith(HEADER)) {
        if (commit) yield commit;
        const [sha = '', time = '0', ...subject] = line.slice(HEADER.length).split('\u001f');
        commit = { sha, time: Number(time), subject: subject.join('\u001f'), files: [] };
        file = undefined;
        hunk = undefined;
        lines = 0;
        cut = false;
        continue;
      }
      if (!commit || cut) continue;
      if (line.startsWith('diff --git ')) {
        file = undefined;
        hunk = undefined;
        continue;
      }
      if (line.startsWith('+++ ')) {
        const path = line.slice(4);
        if (path.startsWith('b/')) {
          file = { path: path.slice(2), hunks: [] };
          commit.files.push(file);
        }
        continue;
      }
      if (line.startsWith('--- ')) continue;
      const at = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      if (at) {
        if (!file) continue;
        hunk = { oldStart: Number(at[1]), newStart: Number(at[2]), removed: [], added: [] };
        file.hunks.push(hunk);
        continue;
      }
      if (!hunk) continue;
      if (++lines > maxLines) {
        cut = true;
        options.onTruncated?.(commit.sha);
        continue;
      }
      if (line.startsWith('-')) hunk.removed.push(line.slice(1));
      else if (line.startsWith('+')) hunk.added.push(line.slice(1));
    }
    if (commit) yield commit;
    finished = true;
  } finally {
    if (!finished && child.exitCode === null) child.kill();
  }
  const code = await exited;
  if (code !== 0) {
    throw new AttractorError('git-failed', `git log -p failed: ${failureReason(stderr, code).replace(/^fatal: /, '')}`);
  }
}
