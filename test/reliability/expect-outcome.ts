// What a commit through the hook must leave behind, worked out from the state before it with git's
// own plumbing on temporary index files (never through attractor-lint): the index being committed,
// the staged files with findings, their intended fixes, and the index, working tree and commit after.
import { copyFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { CommitMode, Scenario } from './build-scenario.js';
import { fixText } from './py-edits.js';
import { readIndex, type RepoSnapshot } from './repo-snapshot.js';
import { gitText, runGit, splitZ } from './run-git.js';

/** `check`: the hook as shipped; `fix`: a hook running `check --staged --fix`; `direct-fix`: that command alone, no commit. */
export type Variant = 'check' | 'fix' | 'direct-fix';

export interface Expectation {
  committed: boolean;
  index: Map<string, string>;
  files: Map<string, Buffer | string>;
  gitState: Map<string, string>;
  /** When committed: the commit's tree and parents. */
  tree?: string;
  parents?: string[];
  /** Staged files with a finding; of those, the ones fixed, and the ones whose unstaged edits overlap the fix. */
  findings: string[];
  fixed: string[];
  overlapped: string[];
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function checkable(bytes: Buffer): string | undefined {
  if (bytes.includes(0) || bytes.length > 1_048_576) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

function indexCopy(s: Scenario, name: string): string {
  const own = gitText(s.work, ['rev-parse', '--git-path', 'index']).trim();
  const file = join(s.root, name);
  copyFileSync(isAbsolute(own) ? own : resolve(s.work, own), file);
  return file;
}

/** The index `git commit` hands the hook, and (for `commit -- paths`) the index it leaves behind. */
function commitIndexes(s: Scenario, mode: CommitMode): { commit: string; after?: string } {
  const commit = indexCopy(s, 'expected-commit-index');
  const env = { GIT_INDEX_FILE: commit };
  if (mode === 'all') runGit(s.work, ['add', '-u'], { env });
  if (mode !== 'only') return { commit };
  const matched = splitZ(runGit(s.work, ['ls-files', '-z', '--', ...s.onlyPaths]));
  const input = `${[...new Set(matched)].join('\0')}\0`;
  runGit(s.work, ['read-tree', 'HEAD'], { env });
  runGit(s.work, ['update-index', '--add', '--remove', '-z', '--stdin'], { env, input });
  const after = indexCopy(s, 'expected-real-index');
  runGit(s.work, ['update-index', '--add', '--remove', '-z', '--stdin'], { env: { GIT_INDEX_FILE: after }, input });
  return { commit, after };
}

export function expectOutcome(s: Scenario, before: RepoSnapshot, variant: Variant): Expectation {
  const mode = variant === 'direct-fix' ? 'plain' : s.mode;
  const { commit, after } = commitIndexes(s, mode);
  const commitEnv = { GIT_INDEX_FILE: commit };
  const commitEntries = readIndex(s.work, commitEnv);
  const changed = splitZ(runGit(s.work, ['diff', '--cached', '--name-status', '-z', '--no-renames', '--diff-filter=AMT'], { env: commitEnv })).filter((_, i) => i % 2 === 1);
  const findings: string[] = [];
  const fixedBlobs = new Map<string, string>();
  const files = new Map(before.files);
  const overlapped: string[] = [];
  for (const path of changed) {
    const [entryMode, blob] = (commitEntries.get(path) ?? '').split(' ');
    if (!path.endsWith('.py') || (entryMode !== '100644' && entryMode !== '100755')) continue;
    const text = checkable(runGit(s.work, ['cat-file', 'blob', blob as string]));
    if (text === undefined || !text.includes('old(')) continue;
    findings.push(path);
    if (variant === 'check') continue;
    const partial = mode === 'plain' || mode === 'amend' ? s.partial.get(path) : undefined;
    if (partial === null) {
      overlapped.push(path);
      continue;
    }
    fixedBlobs.set(path, `${entryMode} ${gitText(s.work, ['hash-object', '-w', '--no-filters', '--stdin'], { input: fixText(text) }).trim()} 0`);
    const worktree = before.files.get(path);
    if (Buffer.isBuffer(worktree)) files.set(path, partial ?? Buffer.from(fixText(worktree.toString('utf8'))));
  }
  const withFixes = (indexFile: string): Map<string, string> => {
    const input = [...fixedBlobs].map(([path, entry]) => `${entry.replace(/ 0$/, '')} 0\t${path}\0`).join('');
    if (input) runGit(s.work, ['update-index', '-z', '--index-info'], { env: { GIT_INDEX_FILE: indexFile }, input });
    return readIndex(s.work, { GIT_INDEX_FILE: indexFile });
  };
  const fixedCommitIndex = withFixes(commit);
  const tree = gitText(s.work, ['write-tree'], { env: commitEnv }).trim();
  const blocked = variant === 'check' ? findings.length > 0 : overlapped.length > 0;
  const merging = before.gitState.has('MERGE_HEAD');
  const empty = mode !== 'amend' && !merging && tree === gitText(s.work, ['rev-parse', 'HEAD^{tree}']).trim();
  const committed = variant !== 'direct-fix' && !blocked && !empty;
  const base = { findings, fixed: [...fixedBlobs.keys()], overlapped, files };
  if (variant === 'direct-fix') return { ...base, committed, index: fixedCommitIndex, gitState: before.gitState };
  if (!committed) {
    // A blocked `commit -a` or `commit -- paths` drops its index; a plain one keeps what the hook wrote.
    const index = mode === 'plain' || mode === 'amend' ? fixedCommitIndex : before.index;
    return { ...base, committed, index, gitState: before.gitState };
  }
  const index = after ? withFixes(after) : fixedCommitIndex;
  const parents = mode === 'amend' ? gitText(s.work, ['rev-parse', 'HEAD^@']).split('\n').filter(Boolean) : [before.head, ...(before.gitState.get('MERGE_HEAD')?.split('\n').filter(Boolean) ?? [])];
  return { ...base, committed, index, gitState: new Map(), tree, parents };
}
