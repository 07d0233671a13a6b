// `attractor-lint check --staged` and hooks/pre-commit against real temporary git repositories.
// Every test uses its own rule folder (one error-severity rule, `boom()` calls) with --no-builtin,
// so the assertions do not depend on the starter pack.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI, gitEnv, runCli, tempDir, tempRepo, type TempRepo } from '../helpers/temp-repo.js';

const HOOK = new URL('../../hooks/pre-commit', import.meta.url).pathname;
const RULES = '.lint-rules';
const BOOM_RULE = {
  id: 'no-boom',
  language: 'python',
  severity: 'error',
  message: 'call to {{fn}}',
  query: '((call function: (identifier) @fn) @match (#eq? @fn "boom"))',
  provenance: { origin: 'curated' },
  cases: { invalid: ['boom()\n'], valid: ['ok()\n'] },
};
const BAD = 'x = 1\nboom()\n';
const GOOD = 'x = 1\nok()\n';

interface JsonFinding {
  ruleId: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  message: string;
  fix?: unknown;
}
interface JsonReport {
  version: number;
  findings: JsonFinding[];
  summary: { files: number; errors: number; warnings: number; legacy: number };
}
interface Checked {
  code: number;
  report: JsonReport;
  stderr: string;
}

/** Writes the rule folder (and optionally a config) into a folder, hidden from git through info/exclude. */
function addRules(dir: string, config?: Record<string, unknown>): void {
  mkdirSync(join(dir, RULES), { recursive: true });
  writeFileSync(join(dir, RULES, 'no-boom.json'), JSON.stringify(BOOM_RULE));
  if (config) writeFileSync(join(dir, '.attractorrc.json'), JSON.stringify(config));
}

/** A repository with the rule folder in place and ignored (info/exclude is shared by linked worktrees). */
function repoWithRules(options: { config?: Record<string, unknown> } = {}): TempRepo {
  const repo = tempRepo();
  addRules(repo.dir, options.config);
  writeFileSync(join(repo.dir, '.git', 'info', 'exclude'), `${RULES}/\n.attractorrc.json\n`);
  return repo;
}

/** Runs `check --staged --format json` with only the test rule and parses the report. */
function checkStaged(cwd: string, rulesDir: string): Checked {
  const result = runCli(['check', '--staged', '--format', 'json', '--rules', rulesDir, '--no-builtin'], { cwd });
  const report = parseReport(result.stdout, `exit ${result.code}, stderr:\n${result.stderr}`);
  assert.is(report.version, 1);
  return { code: result.code, report, stderr: result.stderr };
}

function parseReport(stdout: string, context: string): JsonReport {
  try {
    return JSON.parse(stdout) as JsonReport;
  } catch {
    throw new Error(`stdout is not JSON (${context}):\n${stdout}`);
  }
}

const rulesOf = (repo: TempRepo): string => join(repo.dir, RULES);
const where = (report: JsonReport): string[] => report.findings.map((f) => `${f.path}:${f.line}:${f.ruleId}:${f.severity}`);

/** Runs git without throwing, for commands that are expected to fail (a rejected commit). */
function gitTry(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const result = spawnSync('git', args, { cwd, env: gitEnv(extraEnv), encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Quotes a word for sh. */
const shQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/** ATTRACTOR_LINT_BIN pointing at the built CLI; the hook runs it through the shell. */
const LINT_BIN = { ATTRACTOR_LINT_BIN: `${shQuote(process.execPath)} ${shQuote(CLI)}` };

/** Installs hooks/pre-commit as a real git hook, with a config selecting only the test rule. */
function installHook(repo: TempRepo): void {
  const target = join(repo.dir, '.git', 'hooks', 'pre-commit');
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(HOOK, target);
  chmodSync(target, 0o755);
  writeFileSync(join(repo.dir, '.attractorrc.json'), JSON.stringify({ builtin: false, ruleDirs: [RULES] }));
}

const head = (repo: TempRepo, cwd = repo.dir): string => gitTry(cwd, ['rev-parse', 'HEAD']).stdout.trim();

/** A repository with `a.py` committed clean and the hook installed. */
function hookedRepo(): TempRepo {
  const repo = repoWithRules();
  repo.write('a.py', GOOD);
  repo.write('b.py', GOOD);
  repo.commit('base');
  installHook(repo);
  return repo;
}

test('the index decides: a violation staged but fixed in the working tree is reported', () => {
  const repo = repoWithRules();
  try {
    repo.write('a.py', BAD);
    repo.git('add', 'a.py');
    repo.write('a.py', 'ok()\n');
    const { code, report, stderr } = checkStaged(repo.dir, rulesOf(repo));
    assert.is(code, 1, stderr);
    assert.equal(report.findings, [
      { ruleId: 'no-boom', path: 'a.py', line: 2, column: 1, endLine: 2, endColumn: 7, severity: 'error', message: 'call to boom' },
    ]);
    assert.equal(report.summary, { files: 1, errors: 1, warnings: 0, legacy: 0 });
  } finally {
    repo.cleanup();
  }
});

test('the index decides: clean staged content passes though the working tree and untracked files violate', () => {
  const repo = repoWithRules();
  try {
    repo.write('a.py', GOOD);
    repo.git('add', 'a.py');
    repo.write('a.py', BAD);
    repo.write('untracked.py', BAD);
    const { code, report, stderr } = checkStaged(repo.dir, rulesOf(repo));
    assert.is(code, 0, stderr);
    assert.equal(report.findings, []);
    assert.equal(report.summary, { files: 1, errors: 0, warnings: 0, legacy: 0 });
  } finally {
    repo.cleanup();
  }
});

test('hook + git commit -a: rejected when the committed content violates, though the plain index is clean', () => {
  const repo = hookedRepo();
  try {
    const before = head(repo);
    repo.write('a.py', BAD);
    const commit = gitTry(repo.dir, ['commit', '-q', '-a', '-m', 'bad'], LINT_BIN);
    assert.is(commit.code, 1, commit.stderr);
    assert.match(commit.stdout + commit.stderr, /a\.py/);
    assert.match(commit.stdout + commit.stderr, /call to boom/);
    assert.is(head(repo), before, 'no commit was made');
    // The plain index is clean: a hook reading .git/index instead of GIT_INDEX_FILE would have passed.
    assert.is(checkStaged(repo.dir, rulesOf(repo)).code, 0);
  } finally {
    repo.cleanup();
  }
});

test('hook + git commit -a: allowed when the committed content is clean, though the plain index violates', () => {
  const repo = hookedRepo();
  try {
    const before = head(repo);
    repo.write('a.py', BAD);
    repo.git('add', 'a.py');
    assert.is(checkStaged(repo.dir, rulesOf(repo)).code, 1, 'precondition: the plain index violates');
    repo.write('a.py', 'x = 1\nfine(2)\n');
    const commit = gitTry(repo.dir, ['commit', '-q', '-a', '-m', 'good'], LINT_BIN);
    assert.is(commit.code, 0, commit.stderr);
    assert.is.not(head(repo), before);
    assert.is(repo.git('show', 'HEAD:a.py'), 'x = 1\nfine(2)\n');
  } finally {
    repo.cleanup();
  }
});

test('hook + git commit -- path: rejected when the named file violates in the working tree, though the index is clean', () => {
  const repo = hookedRepo();
  try {
    const before = head(repo);
    repo.write('a.py', BAD);
    const commit = gitTry(repo.dir, ['commit', '-q', '-m', 'bad', '--', 'a.py'], LINT_BIN);
    assert.is(commit.code, 1, commit.stderr);
    assert.match(commit.stdout + commit.stderr, /a\.py/);
    assert.is(head(repo), before);
  } finally {
    repo.cleanup();
  }
});

test('hook + git commit -- path: allowed when the named file is clean, though other staged files violate', () => {
  const repo = hookedRepo();
  try {
    repo.write('a.py', BAD);
    repo.write('b.py', BAD);
    repo.git('add', 'a.py', 'b.py');
    repo.write('a.py', 'x = 1\nfine(2)\n');
    const before = head(repo);
    const commit = gitTry(repo.dir, ['commit', '-q', '-m', 'only a', '--', 'a.py'], LINT_BIN);
    assert.is(commit.code, 0, commit.stderr);
    assert.is.not(head(repo), before);
    assert.equal(repo.git('diff', '--name-only', 'HEAD~1', 'HEAD').split('\n').filter(Boolean), ['a.py']);
    // b.py stays staged with its violation: the next plain commit is rejected.
    const next = gitTry(repo.dir, ['commit', '-q', '-m', 'b'], LINT_BIN);
    assert.is(next.code, 1, next.stderr);
    assert.match(next.stdout + next.stderr, /b\.py/);
  } finally {
    repo.cleanup();
  }
});

test('hook: ATTRACTOR_LINT=0 lets a violating commit through', () => {
  const repo = hookedRepo();
  try {
    repo.write('a.py', BAD);
    repo.git('add', 'a.py');
    const before = head(repo);
    const rejected = gitTry(repo.dir, ['commit', '-q', '-m', 'bad'], LINT_BIN);
    assert.is(rejected.code, 1, 'without ATTRACTOR_LINT=0 the same commit is rejected');
    assert.is(head(repo), before);
    const skipped = gitTry(repo.dir, ['commit', '-q', '-m', 'bad'], { ...LINT_BIN, ATTRACTOR_LINT: '0' });
    assert.is(skipped.code, 0, skipped.stderr);
    assert.is(skipped.stderr, '');
    assert.is.not(head(repo), before);
    assert.is(repo.git('show', 'HEAD:a.py'), BAD);
  } finally {
    repo.cleanup();
  }
});

test('hook: finds node_modules/.bin, then PATH, and fails (exit 1, one line) when the linter is missing', () => {
  const repo = tempRepo();
  const bin = tempDir();
  try {
    const fake = (label: string, code: number): string => `#!/bin/sh\necho "${label} $*"\nexit ${code}\n`;
    const runHook = (path: string) => spawnSync('/bin/sh', [HOOK, 'extra'], { cwd: repo.dir, env: { ...gitEnv(), PATH: path }, encoding: 'utf8' });
    bin.write('attractor-lint', fake('on-path', 5));
    chmodSync(join(bin.dir, 'attractor-lint'), 0o755);
    repo.write('node_modules/.bin/attractor-lint', fake('local', 7));
    chmodSync(join(repo.dir, 'node_modules/.bin/attractor-lint'), 0o755);

    let run = runHook(bin.dir);
    assert.equal([run.status, run.stdout], [7, 'local check --staged extra\n']);
    rmSync(join(repo.dir, 'node_modules'), { recursive: true });
    run = runHook(bin.dir);
    assert.equal([run.status, run.stdout], [5, 'on-path check --staged extra\n']);
    run = runHook(repo.dir); // a PATH without attractor-lint
    assert.is(run.status, 1);
    assert.is(run.stdout, '');
    assert.is(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^attractor-lint: .*npm install/);
  } finally {
    repo.cleanup();
    bin.cleanup();
  }
});

test('renames: a staged rename with a content change is checked under its new path', () => {
  const repo = repoWithRules();
  try {
    const body = Array.from({ length: 12 }, (_, i) => `value_${i} = compute(${i})\n`).join('');
    repo.write('old_name.py', body);
    repo.commit('base');
    mkdirSync(join(repo.dir, 'pkg dir'));
    repo.git('mv', 'old_name.py', 'pkg dir/new name.py');
    repo.write('pkg dir/new name.py', `${body}boom()\n`);
    repo.git('add', '-A');
    assert.match(repo.git('diff', '--cached', '--name-status', '-M'), /^R\d+\told_name\.py\tpkg dir\/new name\.py\n$/);
    const { code, report, stderr } = checkStaged(repo.dir, rulesOf(repo));
    assert.is(code, 1, stderr);
    assert.equal(where(report), ['pkg dir/new name.py:13:no-boom:error']);
    assert.is(report.summary.files, 1);
    assert.not.match(stderr, /old_name/);
  } finally {
    repo.cleanup();
  }
});

test('deletions are skipped without error, even when the working tree still has the file', () => {
  const repo = repoWithRules();
  try {
    repo.write('gone.py', BAD);
    repo.write('untracked-now.py', BAD);
    repo.commit('base');
    repo.git('rm', '-q', 'gone.py');
    repo.git('rm', '-q', '--cached', 'untracked-now.py');
    const { code, report, stderr } = checkStaged(repo.dir, rulesOf(repo));
    assert.is(code, 0, stderr);
    assert.equal(report.findings, []);
    assert.equal(report.summary, { files: 0, errors: 0, warnings: 0, legacy: 0 });
    assert.is(stderr, '');
  } finally {
    repo.cleanup();
  }
});

test('binary files, NUL bytes and invalid UTF-8 are skipped with a note on stderr; other files are still checked', () => {
  const repo = repoWithRules();
  try {
    repo.write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
    repo.write('nul.py', Buffer.concat([Buffer.from('boom()\n'), Buffer.from([0, 1, 2]), Buffer.from('\nboom()\n')]));
    repo.write('latin1.py', Buffer.concat([Buffer.from('boom()  # caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    repo.write('ok.py', 'boom()\n');
    repo.git('add', '.');
    const { code, report, stderr } = checkStaged(repo.dir, rulesOf(repo));
    assert.is(code, 1, stderr);
    assert.equal(where(report), ['ok.py:1:no-boom:error']);
    assert.equal(report.summary, { files: 3, errors: 1, warnings: 0, legacy: 0 });
    assert.match(stderr, /^attractor-lint: skipped nul\.py: binary file/m);
    assert.match(stderr, /^attractor-lint: skipped latin1\.py: not valid UTF-8/m);
    assert.not.match(stderr, /logo\.png|internal error|\n\s+at /);
  } finally {
    repo.cleanup();
  }
});

test('non-ASCII and space-containing file names are read and reported verbatim', () => {
  const repo = repoWithRules();
  try {
    const names = ['src/ünï code.py', 'a b/c d.py', 'ドキュメント/ファイル.py'];
    for (const name of names) repo.write(name, BAD);
    repo.git('add', '.');
    const { code, report, stderr } = checkStaged(repo.dir, rulesOf(repo));
    assert.is(code, 1, stderr);
    assert.equal(where(report).sort(), names.map((n) => `${n}:2:no-boom:error`).sort());
    assert.equal(report.summary, { files: 3, errors: 3, warnings: 0, legacy: 0 });
  } finally {
    repo.cleanup();
  }
});

test('names with leading dashes, brackets and braces are not taken for options or globs', () => {
  const repo = repoWithRules();
  try {
    const names = ['-n.py', '--help.py', '[ab].py', 'dir/-[1] {x,y}.py'];
    for (const name of names) repo.write(name, BAD);
    repo.write('a.py', GOOD); // what the glob "[ab].py" would match
    repo.git('add', '.');
    const { code, report, stderr } = checkStaged(repo.dir, rulesOf(repo));
    assert.is(code, 1, stderr);
    assert.equal(where(report).sort(), names.map((n) => `${n}:2:no-boom:error`).sort());
    assert.is(report.summary.files, 5);
  } finally {
    repo.cleanup();
  }
});

test('from a subdirectory, paths are relative to the current directory', () => {
  const repo = repoWithRules();
  try {
    repo.write('top.py', BAD);
    repo.write('pkg/sub/mod.py', BAD);
    repo.write('pkg/clean.py', GOOD);
    repo.git('add', '.');
    const { code, report, stderr } = checkStaged(join(repo.dir, 'pkg'), rulesOf(repo));
    assert.is(code, 1, stderr);
    // In index order (pkg/sub/mod.py sorts before top.py), shown relative to pkg/.
    assert.equal(where(report), ['sub/mod.py:2:no-boom:error', '../top.py:2:no-boom:error']);
    assert.equal(report.summary, { files: 3, errors: 2, warnings: 0, legacy: 0 });
  } finally {
    repo.cleanup();
  }
});

test('unborn branch: staged files are checked before the first commit', () => {
  const repo = repoWithRules();
  try {
    assert.is(gitTry(repo.dir, ['rev-parse', '--verify', '-q', 'HEAD']).code, 1, 'precondition: no commit yet');
    repo.write('first.py', BAD);
    repo.write('second.py', GOOD);
    repo.git('add', '.');
    const { code, report, stderr } = checkStaged(repo.dir, rulesOf(repo));
    assert.is(code, 1, stderr);
    assert.equal(where(report), ['first.py:2:no-boom:error']);
    assert.equal(report.summary, { files: 2, errors: 1, warnings: 0, legacy: 0 });
  } finally {
    repo.cleanup();
  }
});

test('linked worktree: its own index is checked, by the CLI and through the hook', () => {
  const repo = hookedRepo();
  const wt = mkdtempSync(join(tmpdir(), 'attractor-wt-'));
  try {
    repo.git('worktree', 'add', '-q', wt, '-b', 'feature');
    addRules(wt, { builtin: false, ruleDirs: [RULES] });
    writeFileSync(join(wt, 'feature.py'), BAD);
    gitTry(wt, ['add', 'feature.py']);
    repo.write('main.py', GOOD);
    repo.git('add', 'main.py');

    const inWorktree = checkStaged(wt, join(wt, RULES));
    assert.is(inWorktree.code, 1, inWorktree.stderr);
    assert.equal(where(inWorktree.report), ['feature.py:2:no-boom:error']);
    const inMain = checkStaged(repo.dir, rulesOf(repo));
    assert.is(inMain.code, 0, inMain.stderr);
    assert.equal(inMain.report.summary, { files: 1, errors: 0, warnings: 0, legacy: 0 });

    const before = head(repo, wt);
    const rejected = gitTry(wt, ['commit', '-q', '-m', 'bad'], LINT_BIN);
    assert.is(rejected.code, 1, rejected.stderr);
    assert.match(rejected.stdout + rejected.stderr, /feature\.py/);
    writeFileSync(join(wt, 'feature.py'), GOOD);
    const allowed = gitTry(wt, ['commit', '-q', '-a', '-m', 'good'], LINT_BIN);
    assert.is(allowed.code, 0, allowed.stderr);
    assert.is.not(head(repo, wt), before);
  } finally {
    rmSync(wt, { recursive: true, force: true });
    repo.cleanup();
  }
});

test('symlinks and submodule entries in the index are skipped', () => {
  const repo = repoWithRules();
  try {
    repo.write('base.txt', 'base\n');
    const sha = repo.commit('base');
    repo.write('real.txt', 'boom()\n');
    symlinkSync('real.txt', join(repo.dir, 'link.py'));
    repo.git('add', 'real.txt', 'link.py');
    repo.git('update-index', '--add', '--cacheinfo', `160000,${sha},vendor/lib.py`);
    const staged = repo.git('ls-files', '-s');
    assert.match(staged, /^120000 \S+ 0\tlink\.py$/m);
    assert.match(staged, /^160000 \S+ 0\tvendor\/lib\.py$/m);
    const { code, report, stderr } = checkStaged(repo.dir, rulesOf(repo));
    assert.is(code, 0, stderr);
    assert.equal(report.findings, []);
    assert.equal(report.summary, { files: 0, errors: 0, warnings: 0, legacy: 0 });
    assert.is(stderr, '');
  } finally {
    repo.cleanup();
  }
});

test('a symlink replaced by a regular file (type change) is checked', () => {
  const repo = repoWithRules();
  try {
    repo.write('real.txt', 'text\n');
    symlinkSync('real.txt', join(repo.dir, 'changed.py'));
    repo.commit('base');
    rmSync(join(repo.dir, 'changed.py'));
    repo.write('changed.py', BAD);
    repo.git('add', 'changed.py');
    assert.match(repo.git('diff', '--cached', '--name-status'), /^T\tchanged\.py$/m);
    const { code, report, stderr } = checkStaged(repo.dir, rulesOf(repo));
    assert.is(code, 1, stderr);
    assert.equal(where(report), ['changed.py:2:no-boom:error']);
  } finally {
    repo.cleanup();
  }
});

test('a staged file over maxFileSize is skipped with a note, judged by its staged size', () => {
  const repo = repoWithRules({ config: { maxFileSize: 200 } });
  try {
    repo.write('big.py', `boom()\n${'# padding line\n'.repeat(20)}`);
    repo.write('small.py', 'boom()\n');
    repo.git('add', 'big.py', 'small.py');
    repo.write('big.py', 'boom()\n'); // small in the working tree: only the staged size counts
    const { code, report, stderr } = checkStaged(repo.dir, rulesOf(repo));
    assert.is(code, 1, stderr);
    assert.equal(where(report), ['small.py:1:no-boom:error']);
    assert.match(stderr, /^attractor-lint: skipped big\.py: larger than 200 bytes/m);
  } finally {
    repo.cleanup();
  }
});

test('a repository folder whose name ends with a space', () => {
  const parent = tempDir();
  try {
    const dir = join(parent.dir, 'repo ');
    mkdirSync(dir);
    gitTry(dir, ['init', '-q', '-b', 'main']);
    addRules(dir);
    writeFileSync(join(dir, 'a.py'), BAD);
    assert.is(gitTry(dir, ['add', 'a.py']).code, 0);
    mkdirSync(join(dir, 'sub'));
    const { code, report, stderr } = checkStaged(join(dir, 'sub'), join(dir, RULES));
    assert.is(code, 1, stderr);
    assert.equal(where(report), ['../a.py:2:no-boom:error']);
  } finally {
    parent.cleanup();
  }
});

test('inside the .git folder: exit 2 with the reason git gives, not "not a repository"', () => {
  const repo = repoWithRules();
  try {
    const result = runCli(['check', '--staged', '--rules', rulesOf(repo), '--no-builtin'], { cwd: join(repo.dir, '.git'), env: gitEnv({ LC_ALL: 'C', LANGUAGE: 'C' }) });
    assert.is(result.code, 2, result.stderr);
    assert.is(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /^attractor-lint: git rev-parse failed: fatal: .*work tree/);
  } finally {
    repo.cleanup();
  }
});

test('git missing from PATH: exit 2 with one line saying so', () => {
  const repo = repoWithRules();
  const empty = tempDir();
  try {
    repo.write('a.py', BAD);
    repo.git('add', 'a.py');
    const result = runCli(['check', '--staged', '--rules', rulesOf(repo), '--no-builtin'], { cwd: repo.dir, env: { ...gitEnv(), PATH: empty.dir } });
    assert.is(result.code, 2, result.stderr);
    assert.is(result.stderr, 'attractor-lint: git was not found on PATH\n');
  } finally {
    empty.cleanup();
    repo.cleanup();
  }
});

test('not a repository: exit 2 with one clear line and no stack trace', () => {
  const dir = tempDir();
  try {
    addRules(dir.dir);
    dir.write('a.py', BAD);
    const result = runCli(['check', '--staged', '--format', 'json', '--rules', join(dir.dir, RULES), '--no-builtin'], {
      cwd: dir.dir,
      env: gitEnv({ GIT_CEILING_DIRECTORIES: dirname(dir.dir) }),
    });
    assert.is(result.code, 2, result.stderr);
    assert.is(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.is(lines.length, 1, result.stderr);
    assert.match(lines[0] as string, /^attractor-lint: .*not inside a git repository$/);
  } finally {
    dir.cleanup();
  }
});

test.run();
