import { spawn } from 'node:child_process';
import { git } from './exec-git.js';

/** Where a line of a file came from: the commit that introduced it, and its path and 1-based line there. */
export interface BlamedLine {
  commit: string;
  path: string;
  line: number;
  /** The commit's committer time (Unix seconds). */
  time: number;
}

/** `-L` arguments covering the given lines (runs of consecutive lines as one range). */
function lineRanges(lines: number[]): string[] {
  const sorted = [...new Set(lines)].filter((l) => l > 0).sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    ranges.push('-L', `${sorted[i]},${sorted[j]}`);
    i = j + 1;
  }
  return ranges;
}

function blameArgs(rev: string | undefined, path: string, ranges: string[]): string[] {
  return ['blame', '-w', '--line-porcelain', ...ranges, ...(rev === undefined ? [] : [rev]), '--', path];
}

/** The lines of `git blame --line-porcelain` output, by their final line number. */
function parseBlame(text: string): Map<number, BlamedLine> {
  const result = new Map<number, BlamedLine>();
  let current: { commit: string; orig: number; final: number; time: number } | undefined;
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]{40}) (\d+) (\d+)/.exec(line);
    if (head) {
      current = { commit: head[1] as string, orig: Number(head[2]), final: Number(head[3]), time: 0 };
    } else if (current && line.startsWith('committer-time ')) {
      current.time = Number(line.slice('committer-time '.length));
    } else if (current && line.startsWith('filename ')) {
      result.set(current.final, { commit: current.commit, path: line.slice('filename '.length), line: current.orig, time: current.time });
    } else if (line.startsWith('\t')) {
      current = undefined;
    }
  }
  return result;
}

/**
 * `git blame -w --line-porcelain` of the given 1-based lines of `path` at `rev` (whitespace-only
 * changes are looked through, as the SZZ step does). A root commit is blamed like any other (in a
 * shallow clone, so is its oldest commit); when git cannot blame (a path missing at `rev`) the map
 * is empty. Asynchronous, so several blames can run at once.
 * @see https://git-scm.com/docs/git-blame#_the_porcelain_format
 */
export function blameLines(root: string, rev: string, path: string, lines: number[]): Promise<Map<number, BlamedLine>> {
  const ranges = lineRanges(lines);
  if (ranges.length === 0) return Promise.resolve(new Map());
  return new Promise((resolve) => {
    const child = spawn('git', ['-c', 'core.quotepath=false', ...blameArgs(rev, path, ranges)], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve(new Map()));
    child.on('close', (code) => resolve(code === 0 ? parseBlame(Buffer.concat(chunks).toString('utf8')) : new Map()));
  });
}

/**
 * `blameLines`, synchronously (a few lines, where the caller cannot wait); without `rev`, of the
 * file as it is in the working tree (lines not committed yet are blamed on the all-zero commit).
 */
export function blameLinesSync(root: string, rev: string | undefined, path: string, lines: number[]): Map<number, BlamedLine> {
  const ranges = lineRanges(lines);
  if (ranges.length === 0) return new Map();
  const out = git(blameArgs(rev, path, ranges), { cwd: root, allowFailure: true });
  return out ? parseBlame(out.toString('utf8')) : new Map();
}
