import { spawn } from 'node:child_process';

/** Where a line of a file came from: the commit that introduced it, and its path and 1-based line there. */
export interface BlamedLine {
  commit: string;
  path: string;
  line: number;
}

/**
 * `git blame -w --line-porcelain` of the given 1-based lines of `path` at `rev` (whitespace-only
 * changes are looked through, as the SZZ step does). A root commit is blamed like any other (in a
 * shallow clone, so is its oldest commit); when git cannot blame (a path missing at `rev`) the map
 * is empty. Asynchronous, so several blames can run at once.
 * @see https://git-scm.com/docs/git-blame#_the_porcelain_format
 */
export function blameLines(root: string, rev: string, path: string, lines: number[]): Promise<Map<number, BlamedLine>> {
  const result = new Map<number, BlamedLine>();
  const sorted = [...new Set(lines)].filter((l) => l > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return Promise.resolve(result);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    ranges.push('-L', `${sorted[i]},${sorted[j]}`);
    i = j + 1;
  }
  return new Promise((resolve) => {
    const child = spawn('git', ['-c', 'core.quotepath=false', 'blame', '-w', '--line-porcelain', ...ranges, rev, '--', path], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve(result));
    child.on('close', (code) => {
      if (code !== 0) return resolve(result);
      let current: { commit: string; orig: number; final: number } | undefined;
      for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
        const head = /^([0-9a-f]{40}) (\d+) (\d+)/.exec(line);
        if (head) {
          current = { commit: head[1] as string, orig: Number(head[2]), final: Number(head[3]) };
        } else if (current && line.startsWith('filename ')) {
          result.set(current.final, { commit: current.commit, path: line.slice('filename '.length), line: current.orig });
        } else if (line.startsWith('\t')) {
          current = undefined;
        }
      }
      resolve(result);
    });
  });
}
