// A real temporary repository in a random state a commit may meet: partially staged files, renames,
// deletions, binary, CRLF and non-UTF-8 files, awkward names, a submodule, a linked worktree, an
// in-progress merge, untracked and ignored files. Everything is drawn from one seeded PRNG.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRng } from './create-rng.js';
import { filler, fixedWorktreeLines, overlapsFix, render, stagedLines, unstagedEdits, withCalls, worktreeLines } from './py-edits.js';
import { gitText, runGit } from './run-git.js';
import { renameRule } from '../helpers/rename-rule.js';

export type CommitMode = 'plain' | 'all' | 'only' | 'amend';

export interface Scenario {
  seed: number;
  /** Temporary folder holding the repository, the rules and everything else. */
  root: string;
  repo: string;
  /** Where the commit runs: the repository, or a linked worktree of it. */
  work: string;
  mode: CommitMode;
  /** `git commit -- <paths>` (mode "only"). */
  onlyPaths: string[];
  /** Partially staged files: the working tree after the fix is merged in, or null when the unstaged edits overlap the fix. */
  partial: Map<string, Buffer | null>;
  features: Set<string>;
  cleanup(): void;
}

export const RULES_DIR = 'rules';
export const RULE = renameRule();

/** File names that break naive hooks: spaces, Unicode, leading dashes, glob and shell characters, a newline. */
export const AWKWARD_NAMES = [
  'a b/c d.py', 'ünï cödé.py', 'ドキュメント/ファイル.py', '-n.py', '--help.py', '[ab].py', 'dir/-[1] {x,y}.py', '$test.py',
  '(paren).py', "it's.py", 'tab\there.py', 'line\nbreak.py', 'quo"te.py', 'back\\slash.py', '*star.py', 'semi;colon & amp.py',
  '#hash.py', 'deep/er/mod.py', 'plain.py', 'é/ü.py',
];

interface Options {
  /** More files with fixes and no commit options: for the kill cases. */
  forKill?: boolean;
  /** No findings in anything staged (so a commit through the checking hook goes through). */
  clean?: boolean;
}

export function buildScenario(seed: number, options: Options = {}): Scenario {
  const rng = createRng(seed);
  const root = mkdtempSync(join(tmpdir(), `attractor-rel-${seed}-`));
  const features = new Set<string>();
  const partial = new Map<string, Buffer | null>();
  const repo = join(root, 'repo');
  mkdirSync(repo);
  const git = (cwd: string, ...args: string[]): string => gitText(cwd, args);
  mkdirSync(join(root, RULES_DIR));
  writeFileSync(join(root, RULES_DIR, 'renamed-api.json'), JSON.stringify(RULE));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'commit.gpgsign', 'false');
  const autocrlf = rng.chance(0.2);
  if (autocrlf) features.add('autocrlf');
  git(repo, 'config', 'core.autocrlf', String(autocrlf));
  git(repo, 'config', 'core.quotepath', String(rng.chance(0.5)));
  writeFileSync(join(repo, '.git', 'info', 'exclude'), '.attractorrc.json\n.attractor/\n*.log\n');
  const eol = autocrlf ? '\r\n' : '\n';
  const write = (dir: string, path: string, bytes: Buffer | string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    rmSync(join(dir, path), { force: true });
    writeFileSync(join(dir, path), bytes);
  };
  const config = (dir: string): void => writeFileSync(join(dir, '.attractorrc.json'), JSON.stringify({ builtin: false, ruleDirs: [join(root, RULES_DIR)] }));
  config(repo);

  // The base commit: a few clean Python modules and some other files.
  const names = rng.sample(AWKWARD_NAMES, AWKWARD_NAMES.length);
  let tagCount = 0;
  const tracked = Array.from({ length: rng.range(3, 6) }, () => {
    const tag = `m${tagCount++}`;
    return { path: names.pop() as string, tag, lines: filler(tag, rng.range(10, 24)) };
  });
  for (const file of tracked) write(repo, file.path, render(file.lines, eol));
  write(repo, 'README.md', `# sample${eol}`);
  write(repo, 'logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...Buffer.from('old(x)')]));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');

  if (!options.forKill && rng.chance(0.25)) {
    features.add('submodule');
    const origin = join(root, 'sub-origin');
    mkdirSync(origin);
    git(origin, 'init', '-q', '-b', 'main');
    write(origin, 'lib.py', 'old(1)\n');
    git(origin, 'add', '-A');
    git(origin, 'commit', '-q', '-m', 'lib');
    git(repo, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', origin, 'vendor/lib');
    git(repo, 'commit', '-q', '-m', 'submodule');
    if (rng.chance(0.7)) {
      write(repo, 'vendor/lib/lib.py', 'old(1)\nold(2)  # unstaged in the submodule\n');
      write(repo, 'vendor/lib/scratch.py', 'old(3)\n');
    }
  }

  let work = repo;
  if (rng.chance(0.2)) {
    features.add('linked-worktree');
    work = join(root, 'wt');
    git(repo, 'worktree', 'add', '-q', work, '-b', 'feature');
    config(work);
  }

  const merging = !options.forKill && rng.chance(0.15);
  if (merging) {
    features.add('merge-in-progress');
    const branch = git(work, 'symbolic-ref', '--short', 'HEAD').trim();
    git(work, 'checkout', '-q', '-b', `side-${seed}`);
    write(work, 'side.py', render(withCalls(rng, filler('side', 6), 'side', options.clean ? 0 : rng.range(0, 2)), eol));
    git(work, 'add', 'side.py');
    git(work, 'commit', '-q', '-m', 'side');
    git(work, 'checkout', '-q', branch);
    write(work, 'mainline.txt', `main${eol}`);
    git(work, 'add', 'mainline.txt');
    git(work, 'commit', '-q', '-m', 'mainline');
    git(work, 'merge', '-q', '--no-ff', '--no-commit', `side-${seed}`);
  }

  /** A Python file staged with calls, partially staged (maybe overlapping the fix), or fully staged. */
  const stagePy = (path: string, base: string[], tag: string, kind: 'staged' | 'partial' | 'overlap', fileEol = eol): void => {
    const staged = withCalls(rng, base, tag, options.clean ? 0 : rng.range(1, 3));
    write(work, path, render(staged, fileEol));
    git(work, 'add', '--', path);
    if (kind === 'staged') return;
    const edits = unstagedEdits(rng, staged, tag, { overlap: kind === 'overlap', count: rng.range(1, 3), addCall: !options.clean && rng.chance(0.3) });
    if (stagedLines(edits).join() !== staged.join()) throw new Error('line model out of step');
    write(work, path, render(worktreeLines(edits), fileEol));
    partial.set(path, overlapsFix(edits) ? null : render(fixedWorktreeLines(edits), fileEol));
    features.add(overlapsFix(edits) ? 'overlap' : 'partially-staged');
  };

  const call = options.clean ? 'pass' : 'old(x)';
  const kinds = ['keep', 'staged', 'partial', 'partial', 'overlap', 'unstaged-call', 'staged-clean', 'rename', 'delete-staged', 'delete-unstaged', 'staged-then-removed', 'became-dir'] as const;
  for (const file of tracked) {
    const kind = options.forKill ? rng.pick(['staged', 'partial', 'partial', 'overlap', 'keep'] as const) : rng.pick(kinds);
    if (kind !== 'keep') features.add(kind === 'partial' ? 'partially-staged' : kind);
    if (kind === 'staged' || kind === 'partial' || kind === 'overlap') stagePy(file.path, file.lines, file.tag, kind);
    else if (kind === 'unstaged-call') write(work, file.path, render([...file.lines, options.clean ? `${file.tag}_late = 1` : `old(${file.tag}_9)`], eol));
    else if (kind === 'staged-clean') {
      write(work, file.path, render([...file.lines, `${file.tag}_extra = 1`], eol));
      git(work, 'add', '--', file.path);
    } else if (kind === 'rename') {
      const to = names.pop() as string;
      mkdirSync(dirname(join(work, to)), { recursive: true });
      git(work, 'mv', '--', file.path, to);
      if (rng.chance(0.6)) stagePy(to, file.lines, file.tag, 'staged');
    } else if (kind === 'delete-staged') git(work, 'rm', '-q', '--', file.path);
    else if (kind === 'delete-unstaged') rmSync(join(work, file.path));
    else if (kind === 'staged-then-removed') {
      stagePy(file.path, file.lines, file.tag, 'staged');
      rmSync(join(work, file.path));
    } else if (kind === 'became-dir') {
      stagePy(file.path, file.lines, file.tag, 'staged');
      rmSync(join(work, file.path));
      write(work, `${file.path}/inner.py`, `old(1)${eol}`);
    }
  }

  const newFiles = options.forKill ? rng.range(8, 24) : rng.range(1, 3);
  for (let n = 0; n < newFiles; n++) {
    const tag = `n${tagCount++}`;
    const path = names.pop() ?? `gen/file ${tag}.py`;
    stagePy(path, filler(tag, rng.range(8, 20)), tag, rng.pick(['staged', 'staged', 'partial', 'overlap'] as const));
  }
  const extra = (name: string, p: number, make: () => void): void => {
    if (!rng.chance(p)) return;
    features.add(name);
    make();
  };
  extra('crlf', autocrlf ? 0 : 0.35, () => stagePy('crlf file.py', filler('crlf', 10), 'crlf', rng.pick(['staged', 'partial'] as const), '\r\n'));
  // LF files under core.autocrlf=true: no unstaged change in git's eyes, though checkout would write CRLF.
  extra('lf-under-autocrlf', autocrlf ? 0.6 : 0, () => stagePy('lf file.py', filler('lf', 10), 'lf', rng.pick(['staged', 'partial'] as const), '\n'));
  extra('bom', 0.2, () => {
    write(work, 'bom.py', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), render(['x = 1', call], eol)]));
    git(work, 'add', 'bom.py');
  });
  extra('non-utf8', 0.35, () => {
    write(work, 'latin1.py', Buffer.concat([Buffer.from(`name = "caf`), Buffer.from([0xe9]), Buffer.from(`"${eol}old(name)${eol}`)]));
    git(work, 'add', 'latin1.py');
  });
  extra('binary', 0.35, () => {
    write(work, 'blob.py', Buffer.concat([Buffer.from(`old(1)${eol}`), Buffer.from([0, 1, 2, 0xff, 0]), Buffer.from(`old(2)${eol}`)]));
    write(work, 'data.bin', Buffer.from(Array.from({ length: 300 }, () => rng.int(256))));
    git(work, 'add', 'blob.py', 'data.bin');
  });
  extra('executable', 0.25, () => {
    write(work, 'run.py', render(['import sys', 'x = sys.argv', call], eol));
    chmodSync(join(work, 'run.py'), 0o755);
    git(work, 'add', 'run.py');
  });
  extra('symlink', 0.25, () => {
    write(work, 'target.txt', `old(1)${eol}`);
    symlinkSync('target.txt', join(work, 'link.py'));
    git(work, 'add', 'link.py', 'target.txt');
  });
  extra('intent-to-add', 0.25, () => {
    write(work, 'ita.py', render(['x = 1', call], eol));
    git(work, 'add', '-N', 'ita.py');
  });
  extra('untracked', 0.5, () => {
    write(work, 'scratch.py', render(['old(1)'], eol));
    write(work, 'notes/todo.py', render(['old(2)'], eol));
    write(work, 'debug.log', 'ignored\n');
  });
  // Nothing staged yet (the diff exits 0): stage one file with fixes, so there is something to commit.
  if (runGit(work, ['diff', '--cached', '--quiet'], { allowFailure: true })) stagePy('fallback.py', filler('fb', 8), 'fb', 'staged');

  const modes: CommitMode[] = merging ? ['plain', 'all'] : ['plain', 'plain', 'all', 'only', 'amend'];
  const mode = options.forKill ? 'plain' : rng.pick(modes);
  let onlyPaths: string[] = [];
  if (mode === 'only') {
    const inIndex = gitText(work, ['ls-files', '-z']).split('\0').filter(Boolean);
    const candidates = inIndex.filter((p) => existsFile(work, p));
    onlyPaths = rng.sample(candidates, rng.range(1, Math.min(3, candidates.length)));
  }
  features.add(`commit-${mode}`);
  return { seed, root, repo, work, mode, onlyPaths, partial, features, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

function existsFile(dir: string, path: string): boolean {
  try {
    return lstatSync(join(dir, path)).isFile();
  } catch {
    return false;
  }
}
