import { spawn } from 'node:child_process';
import { AttractorError } from '../shared/errors.js';

/** One changed file of a commit, from `git log --raw` (no content: blobs are read on demand). */
export interface RawChange {
  status: string;
  oldMode: string;
  newMode: string;
  /** All zeros when the file was added (old) or deleted (new). */
  oldBlob: string;
  newBlob: string;
  path: string;
}

export interface RawCommit {
  sha: string;
  parents: string[];
  authorEmail: string;
  /** Author time, seconds since the epoch. */
  time: number;
  message: string;
  changes: RawChange[];
}

export interface WalkOptions {
  /** Revision or range to walk (default HEAD). */
  rev?: string;
  since?: string;
  maxCommits?: number;
  /** Limit to these pathspecs (e.g. `*.py`). */
  pathspecs?: string[];
}

const RECORD = Buffer.from('\u001eC\u001f');
const decoder = new TextDecoder('utf-8', { fatal: false });

function parseRecord(record: Buffer): RawCommit | undefined {
  const headerEnd = record.indexOf('\u001f\u0000');
  if (headerEnd < 0) return undefined;
  const [sha, parents, authorEmail, time, ...message] = decoder.decode(record.subarray(0, headerEnd)).split('\u001f');
  const tokens = record.subarray(headerEnd + 2).toString('utf8').replace(/^\n/, '').split('\0');
  const changes: RawChange[] = [];
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    const header = tokens[i] as string;
    if (!header.startsWith(':')) break;
    const [oldMode, newMode, oldBlob, newBlob, status] = header.slice(1).split(' ');
    if (!oldMode || !newMode || !oldBlob || !newBlob || !status) continue;
    changes.push({ status: status.charAt(0), oldMode, newMode, oldBlob, newBlob, path: tokens[i + 1] as string });
  }
  return { sha: sha ?? '', parents: parents ? parents.split(' ') : [], authorEmail: authorEmail ?? '', time: Number(time), message: message.join('\u001f').trimEnd(), changes };
}

/**
 * Streams the non-merge history, newest first, one commit at a time: metadata and the list of
 * changed files with their blob ids (`git log --raw -z --no-renames`), never the whole history in
 * memory. No content is read here: git itself never opens a blob, so histories with missing
 * objects (partial clones) walk fine, and renames come out as delete + add.
 * @see https://git-scm.com/docs/git-log#_raw_output_format
 */
export async function* walkHistory(root: string, options: WalkOptions = {}): AsyncGenerator<RawCommit> {
  const args = ['-c', 'core.quotepath=false', 'log', '--no-merges', '--no-renames', '--raw', '--no-abbrev', '-z', '--no-color', '--format=%x1eC%x1f%H%x1f%P%x1f%ae%x1f%at%x1f%B%x1f'];
  if (options.since) args.push(`--since=${options.since}`);
  if (options.maxCommits !== undefined) args.push(`--max-count=${options.maxCommits}`);
  args.push(options.rev ?? 'HEAD', '--');
  if (options.pathspecs?.length) args.push(...options.pathspecs);
  const child = spawn('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString();
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  let pending: Buffer = Buffer.alloc(0);
  let finished = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let start = pending.indexOf(RECORD);
      for (;;) {
        const next = start < 0 ? -1 : pending.indexOf(RECORD, start + RECORD.length);
        if (next < 0) break;
        const commit = parseRecord(pending.subarray(start + RECORD.length, next));
        if (commit) yield commit;
        start = next;
      }
      if (start > 0) pending = pending.subarray(start);
    }
    const last = pending.indexOf(RECORD);
    if (last >= 0) {
      const commit = parseRecord(pending.subarray(last + RECORD.length));
      if (commit) yield commit;
    }
    finished = true;
  } finally {
    // The consumer stopped early (break, or an error): stop git too.
    if (!finished && child.exitCode === null) child.kill();
  }
  const code = await exited;
  if (code !== 0) {
    const reason = stderr.split('\n').find((line) => line.startsWith('fatal:')) ?? stderr.trim().split('\n').pop() ?? `exit ${code}`;
    if (/does not have any commits|bad default revision|unknown revision|ambiguous argument/.test(stderr)) {
      throw new AttractorError('git-failed', `${options.rev ?? 'HEAD'}: no such revision (${reason.replace(/^fatal: /, '')})`);
    }
    throw new AttractorError('git-failed', `git log failed: ${reason.replace(/^fatal: /, '')}`);
  }
}
