import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gitText, runGit, splitZ } from './run-git.js';

/** Everything a commit through the hook may touch, as bytes: what "nothing was lost" is checked against. */
export interface RepoSnapshot {
  head: string;
  /** path -> "mode blob stage" (git ls-files -s). */
  index: Map<string, string>;
  /** Contents of the index's blobs, by id (gitlinks excluded). */
  blobs: Map<string, Buffer>;
  /** Working-tree files by path: bytes, or "symlink -> target". Without .git and the tool's own cache. */
  files: Map<string, Buffer | string>;
  untracked: string[];
  /** MERGE_HEAD, MERGE_MSG, MERGE_MODE when a merge is in progress. */
  gitState: Map<string, string>;
  /** Folders left under <git dir>/attractor-lint/. */
  backups: string[];
  /** Submodule path -> its HEAD and index (its files are in `files`). */
  submodules: Map<string, string>;
}

/** The tool's own cache, written by every run and ignored (as `init` sets it up): not user work. */
export const TOOL_CACHE = '.attractor/cache';

function walk(root: string, rel: string, out: Map<string, Buffer | string>): void {
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.name === '.git' || path === TOOL_CACHE) continue;
    const full = join(root, path);
    if (entry.isSymbolicLink()) out.set(path, `symlink -> ${readlinkSync(full)}`);
    else if (entry.isDirectory()) walk(root, path, out);
    else out.set(path, readFileSync(full));
  }
}

/** Reads blobs with one `git cat-file --batch`. */
export function readBlobContents(cwd: string, ids: string[]): Map<string, Buffer> {
  const result = new Map<string, Buffer>();
  const unique = [...new Set(ids)];
  if (!unique.length) return result;
  const out = runGit(cwd, ['cat-file', '--batch'], { input: `${unique.join('\n')}\n` });
  let offset = 0;
  for (const id of unique) {
    const newline = out.indexOf(10, offset);
    const size = Number(out.subarray(offset, newline).toString('utf8').split(' ')[2]);
    result.set(id, out.subarray(newline + 1, newline + 1 + size));
    offset = newline + 1 + size + 1;
  }
  return result;
}

/** `git ls-files -s` of the index `env` names (GIT_INDEX_FILE), as path -> "mode blob stage". */
export function readIndex(cwd: string, env: NodeJS.ProcessEnv = {}): Map<string, string> {
  const index = new Map<string, string>();
  for (const line of splitZ(runGit(cwd, ['ls-files', '-s', '-z'], { env }))) {
    const tab = line.indexOf('\t');
    index.set(line.slice(tab + 1), line.slice(0, tab));
  }
  return index;
}

export function takeSnapshot(dir: string): RepoSnapshot {
  const head = runGit(dir, ['rev-parse', '-q', '--verify', 'HEAD'], { allowFailure: true })?.toString('utf8').trim() ?? '';
  const index = readIndex(dir);
  const blobIds = [...index.values()].filter((v) => !v.startsWith('160000')).map((v) => v.split(' ')[1] as string);
  const files = new Map<string, Buffer | string>();
  walk(dir, '', files);
  const untracked = splitZ(runGit(dir, ['ls-files', '-o', '-z'])).filter((p) => !p.startsWith(`${TOOL_CACHE}/`));
  const gitDir = gitText(dir, ['rev-parse', '--absolute-git-dir']).trim();
  const gitState = new Map<string, string>();
  for (const name of ['MERGE_HEAD', 'MERGE_MSG', 'MERGE_MODE']) if (existsSync(join(gitDir, name))) gitState.set(name, readFileSync(join(gitDir, name), 'utf8'));
  const backupRoot = join(gitText(dir, ['rev-parse', '--git-common-dir']).trim(), 'attractor-lint');
  const backupDirs = [backupRoot, join(gitDir, 'attractor-lint')].map((d) => (d.startsWith('/') ? d : join(dir, d)));
  const backups = [...new Set(backupDirs)].flatMap((d) => (existsSync(d) ? readdirSync(d).map((name) => join(d, name)) : []));
  const submodules = new Map<string, string>();
  for (const [path, entry] of index) {
    if (!entry.startsWith('160000') || !existsSync(join(dir, path, '.git')) || !lstatSync(join(dir, path)).isDirectory()) continue;
    submodules.set(path, `${gitText(join(dir, path), ['rev-parse', 'HEAD'])}${gitText(join(dir, path), ['ls-files', '-s'])}`);
  }
  return { head, index, blobs: readBlobContents(dir, blobIds), files, untracked, gitState, backups, submodules };
}
