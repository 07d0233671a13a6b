// Histories that have broken naive miners, built on the sample history (scripts/sample-history.mjs,
// which plants recurring fixes): `learn` must finish (exit 0) within the time limit, say what it
// skipped, and still learn the planted rules.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: plain JavaScript module shared with the demo
import { buildSampleHistory } from '../../scripts/sample-history.mjs';
import { CLI, gitEnv } from '../helpers/temp-repo.js';
import { runBounded, type BoundedResult } from './run-bounded.js';
import { runGit } from './run-git.js';

export interface HistoryCase {
  name: string;
  what: string;
  /** Changes the sample repository in `dir` (under `root`); returns the folder to learn in. */
  make(dir: string, root: string): string;
  /** A note `learn --json` must list in `skipped`. */
  note?: RegExp;
  /** Whether the planted rules must still be learned (false when the history is cut short). */
  learnsPlanted: boolean;
  /** The summary must count a skipped sweep. */
  sweeps?: boolean;
  /** A remark for docs/reliability.md. */
  finding?: string;
}

export interface LearnSummary {
  commitsScanned: number;
  fixCandidates: number;
  sweepsSkipped: number;
  rules: { promoted: number };
  skipped: string[];
}

// The added commits are dated just after the sample history's last one (2026-03-02), as if they
// came next: learn's recency score is relative to the newest commit, and today's date would age
// the planted fixes by months.
let minute = 0;
const dated = (): NodeJS.ProcessEnv => {
  const date = new Date(Date.UTC(2026, 2, 3) + minute++ * 60_000).toISOString();
  return { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
};
const git = (dir: string, ...args: string[]): string => runGit(dir, args, { env: dated() }).toString('utf8');
const commitAll = (dir: string, message: string | Buffer): void => {
  git(dir, 'add', '-A');
  runGit(dir, ['commit', '-q', '--no-verify', '-F', '-'], { input: message, env: dated() });
};

const inline = (path: string, text: string): string => `M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}`;

/** Appends commits to the current branch with `git fast-import` (no working tree: 1,000 files in milliseconds). */
function fastImport(dir: string, commits: { message: string; lines: string[] }[]): void {
  const branch = git(dir, 'symbolic-ref', 'HEAD').trim();
  let parent = git(dir, 'rev-parse', 'HEAD').trim();
  for (const c of commits) {
    const when = Math.floor(Date.parse(dated().GIT_COMMITTER_DATE as string) / 1000);
    const stream = `commit ${branch}\ncommitter Test Author <author@example.com> ${when} +0000\ndata ${Buffer.byteLength(c.message)}\n${c.message}\nfrom ${parent}\n${c.lines.join('\n')}\n\n`;
    runGit(dir, ['fast-import', '--quiet', '--force'], { input: stream });
    parent = git(dir, 'rev-parse', 'HEAD').trim();
  }
}

export const HISTORY_CASES: HistoryCase[] = [
  {
    name: 'octopus-merge',
    what: 'an octopus merge of three branches, one carrying a fix',
    make(dir) {
      for (const n of [1, 2, 3]) {
        git(dir, 'checkout', '-q', '-b', `topic-${n}`, 'main');
        mkdirSync(join(dir, 'topics'), { recursive: true });
        writeFileSync(join(dir, 'topics', `t${n}.py`), `def t${n}():\n    return ${n}\n`);
        commitAll(dir, n === 2 ? 'fix: topic 2 returned the wrong value' : `topic ${n}`);
      }
      git(dir, 'checkout', '-q', 'main');
      git(dir, 'merge', '-q', '--no-edit', 'topic-1', 'topic-2', 'topic-3');
      if (git(dir, 'rev-list', '--parents', '-n', '1', 'HEAD').trim().split(' ').length !== 4) throw new Error('not an octopus merge');
      return dir;
    },
    learnsPlanted: true,
  },
  {
    name: 'thousand-files',
    what: 'one "fix" commit renaming 1,000 files, and one changing all 1,000 (a sweep)',
    make(dir) {
      const gen = Array.from({ length: 1000 }, (_, i) => i);
      fastImport(dir, [
        { message: 'add generated modules', lines: gen.map((i) => inline(`gen/m${i}.py`, `def f${i}(x):\n    return x + ${i}\n`)) },
        { message: 'fix: move the generated modules', lines: gen.map((i) => `R gen/m${i}.py generated/m${i}.py`) },
        { message: 'fix: sign in every generated module', lines: gen.map((i) => inline(`generated/m${i}.py`, `def f${i}(x):\n    return x - ${i}\n`)) },
      ]);
      return dir;
    },
    sweeps: true,
    learnsPlanted: true,
    finding: 'renames are read as deletions plus additions (--no-renames): no edit to learn, and no note; the sweep is counted in sweepsSkipped',
  },
  {
    name: 'binary-20mb',
    what: 'a 20 MB binary file (named .py) added and changed by "fix" commits',
    make(dir) {
      const bytes = Buffer.alloc(20 * 1024 * 1024, 7);
      bytes[100] = 0;
      writeFileSync(join(dir, 'app', 'weights.py'), bytes);
      commitAll(dir, 'add weights');
      bytes[200] = 1;
      writeFileSync(join(dir, 'app', 'weights.py'), bytes);
      commitAll(dir, 'fix: corrupt weights');
      return dir;
    },
    note: /app\/weights\.py: (?:larger than|binary file).*skipped/,
    finding: 'read in full (the run takes seconds longer), then skipped with one note for the path',
    learnsPlanted: true,
  },
  {
    name: 'latin1-message',
    what: 'commit messages in Latin-1 (with and without i18n.commitEncoding)',
    make(dir) {
      writeFileSync(join(dir, 'app', 'cafe.py'), 'def cafe():\n    return 1\n');
      commitAll(dir, Buffer.concat([Buffer.from('fix: caf'), Buffer.from([0xe9]), Buffer.from(' returned the wrong price\n')]));
      writeFileSync(join(dir, 'app', 'cafe.py'), 'def cafe():\n    return 2\n');
      git(dir, 'config', 'i18n.commitEncoding', 'ISO-8859-1');
      commitAll(dir, Buffer.concat([Buffer.from('fix: na'), Buffer.from([0xef]), Buffer.from('ve pricing\n')]));
      git(dir, 'config', '--unset', 'i18n.commitEncoding');
      return dir;
    },
    learnsPlanted: true,
  },
  {
    name: 'missing-blobs',
    what: 'loose blobs deleted (a damaged or partial clone)',
    make(dir) {
      const packs = join(dir, '.git', 'objects', 'pack');
      for (const pack of existsSync(packs) ? readdirSync(packs).filter((f) => f.endsWith('.pack')) : []) {
        renameSync(join(packs, pack), join(dir, pack));
        execFileSync('git', ['unpack-objects', '-q'], { cwd: dir, input: execFileSync('cat', [join(dir, pack)]) });
        rmSync(join(dir, pack));
      }
      for (const rev of ['HEAD~3:app/billing.py', 'HEAD~5:app/users.py']) {
        const blob = git(dir, 'rev-parse', rev).trim();
        rmSync(join(dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)), { force: true });
      }
      return dir;
    },
    note: /blob missing \(partial or damaged clone\), skipped/,
    learnsPlanted: false,
  },
  {
    name: 'partial-clone-offline',
    what: 'a real partial clone (--filter=blob:none) whose remote is gone',
    make(dir, root) {
      git(dir, 'config', 'uploadpack.allowFilter', 'true');
      const clone = join(root, 'partial');
      runGit(root, ['clone', '-q', '--no-checkout', '--filter=blob:none', `file://${dir}`, clone]);
      rmSync(dir, { recursive: true, force: true });
      return clone;
    },
    note: /blob missing/,
    learnsPlanted: false,
  },
  {
    name: 'shallow-depth-1',
    what: 'a shallow clone of depth 1 (one grafted commit)',
    make(dir, root) {
      const clone = join(root, 'shallow');
      runGit(root, ['clone', '-q', '--depth', '1', `file://${dir}`, clone]);
      return clone;
    },
    note: /shallow clone/,
    finding: 'learns from the one commit it has, and says the clone is shallow',
    learnsPlanted: false,
  },
];

export const HISTORY_LIMIT_MS = 120_000;

export interface HistoryResult {
  run: BoundedResult;
  summary?: LearnSummary;
}

/** The plain sample history, as a case: what the others are compared with. */
export const PLAIN_HISTORY: HistoryCase = { name: 'plain', what: 'the sample history as it is', make: (dir) => dir, learnsPlanted: false };

/** Builds the case's repository and runs `learn --json` in it within the time limit. */
export async function runHistoryCase(c: HistoryCase): Promise<HistoryResult> {
  const root = mkdtempSync(join(tmpdir(), `attractor-history-${c.name}-`));
  try {
    const dir = join(root, 'repo');
    mkdirSync(dir);
    buildSampleHistory(dir);
    const cwd = c.make(dir, root);
    const run = await runBounded(process.execPath, [CLI, 'learn', '--json'], { cwd, env: gitEnv(), limitMs: HISTORY_LIMIT_MS });
    try {
      return { run, summary: JSON.parse(run.stdout) as LearnSummary };
    } catch {
      return { run };
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** What is wrong with a learn run, by the case's expectations; empty when it behaved. */
export function judgeHistoryCase(c: HistoryCase, r: HistoryResult, planted: number): string[] {
  const problems: string[] = [];
  if (r.run.timedOut) return [`learn did not finish within ${HISTORY_LIMIT_MS / 1000} s`];
  if (r.run.code !== 0) problems.push(`learn exited ${r.run.code ?? r.run.signal}: ${r.run.stderr}`);
  if (/\n\s+at |internal error/.test(r.run.stderr)) problems.push(`stack trace on stderr: ${r.run.stderr}`);
  if (!r.summary) return [...problems, `stdout is not the JSON summary: ${r.run.stdout.slice(0, 300)}`];
  if (c.note && !r.summary.skipped.some((note) => c.note?.test(note))) problems.push(`no note matching ${c.note} in ${JSON.stringify(r.summary.skipped)}`);
  if (c.sweeps && r.summary.sweepsSkipped < 1) problems.push('the sweep was not counted in sweepsSkipped');
  if (c.learnsPlanted && r.summary.rules.promoted < planted) problems.push(`learned ${r.summary.rules.promoted} rules, the plain sample history gives ${planted}`);
  return problems;
}
