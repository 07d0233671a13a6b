// New-code-only rules (`newCodeOnly: true`, e.g. learned migrations) through the built CLI in real
// temporary repositories: `check --staged` and `check --diff REF` report them only on the lines the
// change adds or modifies; a whole-tree check counts the rest as legacy; `--all-findings` lists them.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pyCall, writeRules } from '../helpers/rules.js';
import { validateSarif } from '../helpers/sarif.js';
import { runCli, tempDir, tempRepo, type CliResult, type TempRepo } from '../helpers/temp-repo.js';

interface JsonReport {
  version: number;
  findings: { ruleId: string; path: string; line: number; legacy?: true }[];
  summary: { files: number; errors: number; warnings: number; legacy: number };
}

const cleanups: (() => void)[] = [];
test.after(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** old-api: a new-code-only rule (calls of `old_api`); no-boom: an ordinary one. Outside every repository. */
function rules(): string {
  const folder = tempDir();
  cleanups.push(folder.cleanup);
  return writeRules(join(folder.dir, 'rules'), pyCall('old-api', 'old_api', 'error', { newCodeOnly: true }), pyCall('no-boom', 'boom', 'error'));
}

function repo(): TempRepo {
  const r = tempRepo();
  cleanups.push(r.cleanup);
  return r;
}

const LEGACY = 'a = 1\nold_api(a)\nb = 2\nold_api(b)\n';

function run(cwd: string, dir: string, ...args: string[]): CliResult {
  return runCli(['check', '--rules', dir, '--no-builtin', ...args], { cwd });
}

function json(result: CliResult): JsonReport {
  try {
    return JSON.parse(result.stdout) as JsonReport;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}

const where = (report: JsonReport): string[] => report.findings.map((f) => `${f.path}:${f.line}:${f.ruleId}${f.legacy ? ':legacy' : ''}`);

/**
 * Two legacy sites committed (and an unchanged file with a boom()); staged: a new call on line 5,
 * the legacy lines left alone, a boom() on line 6.
 */
function stagedChange(): TempRepo {
  const r = repo();
  r.write('a.py', LEGACY);
  r.write('unchanged.py', 'boom()\n');
  r.commit('base');
  r.write('a.py', `${LEGACY}old_api(c)\nboom()\n`);
  r.git('add', 'a.py');
  return r;
}

test('check --staged: a new-code-only rule reports only on the staged lines; the legacy sites are counted', () => {
  const dir = rules();
  const r = stagedChange();
  const result = run(r.dir, dir, '--staged', '--format', 'json');
  assert.is(result.code, 1, result.stderr);
  const report = json(result);
  assert.equal(where(report), ['a.py:5:old-api', 'a.py:6:no-boom']);
  assert.equal(report.summary, { files: 1, errors: 2, warnings: 0, legacy: 2 });
});

test('check --staged: a modified line that still holds the old call is new; a rename is compared with its old path', () => {
  const dir = rules();
  const r = repo();
  r.write('a.py', LEGACY);
  r.commit('base');
  r.git('mv', 'a.py', 'b.py');
  r.write('b.py', LEGACY.replace('old_api(b)', 'old_api(b, retries=3)'));
  r.git('add', 'b.py');
  // (`retries=3` added to one of two calls also makes a sibling finding on line 2: siblings.test.ts.)
  const report = json(run(r.dir, dir, '--staged', '--format', 'json', '--no-siblings'));
  assert.equal(where(report), ['b.py:4:old-api']);
  assert.is(report.summary.legacy, 1);
});

test('check --staged: a new file is all new code', () => {
  const dir = rules();
  const r = repo();
  r.write('a.py', 'x = 1\n');
  r.commit('base');
  r.write('new.py', LEGACY);
  r.git('add', 'new.py');
  assert.equal(where(json(run(r.dir, dir, '--staged', '--format', 'json'))), ['new.py:2:old-api', 'new.py:4:old-api']);
});

test('check --diff REF: the lines changed since REF; untracked files are new; other rules report as usual', () => {
  const dir = rules();
  const r = stagedChange();
  r.commit('change');
  r.write('untracked.py', 'old_api(1)\n');
  const result = run(r.dir, dir, '--diff', 'HEAD~1', '--format', 'json');
  assert.is(result.code, 1, result.stderr);
  const report = json(result);
  assert.equal(where(report), ['a.py:5:old-api', 'a.py:6:no-boom', 'untracked.py:1:old-api']);
  assert.equal(report.summary, { files: 2, errors: 3, warnings: 0, legacy: 2 });
  // Nothing changed since HEAD but the untracked file; a whole-tree check also sees unchanged.py.
  assert.equal(where(json(run(r.dir, dir, '--diff', 'HEAD', '--format', 'json'))), ['untracked.py:1:old-api']);
  assert.equal(where(json(run(r.dir, dir, '--format', 'json'))), ['a.py:6:no-boom', 'unchanged.py:1:no-boom']);
});

test('check --diff REF compares with the merge base: what REF did after the branch started is not the branch\'s change', () => {
  const dir = rules();
  const r = repo();
  r.write('a.py', LEGACY);
  r.commit('base');
  r.git('checkout', '-q', '-b', 'topic');
  r.write('a.py', `${LEGACY}x = 3\n`);
  r.commit('topic: unrelated line');
  r.git('checkout', '-q', 'main');
  // main migrates line 2 after topic branched: against main itself, topic's untouched line 2 would look added.
  r.write('a.py', LEGACY.replace('old_api(a)', 'new_api(a)'));
  r.commit('main: migrate one site');
  r.git('checkout', '-q', 'topic');
  const report = json(run(r.dir, dir, '--diff', 'main', '--format', 'json'));
  assert.equal(where(report), []);
  assert.equal(report.summary, { files: 1, errors: 0, warnings: 0, legacy: 2 });
});

test('whole-tree check: new-code-only findings are legacy, counted and not failing; --all-findings lists them', () => {
  const dir = rules();
  const r = repo();
  r.write('a.py', LEGACY);
  r.commit('base');
  const plain = run(r.dir, dir, '--format', 'json');
  assert.is(plain.code, 0, plain.stderr);
  assert.equal(json(plain), { version: 1, findings: [], summary: { files: 1, errors: 0, warnings: 0, legacy: 2 } });

  const stylish = run(r.dir, dir);
  assert.is(stylish.code, 0);
  assert.is(stylish.stdout, '2 legacy findings of new-code-only rules not shown (--all-findings lists them)\n');

  const all = run(r.dir, dir, '--all-findings', '--format', 'json');
  assert.is(all.code, 1, 'listed, they are ordinary findings');
  assert.equal(where(json(all)), ['a.py:2:old-api:legacy', 'a.py:4:old-api:legacy']);
  assert.equal(json(all).summary, { files: 1, errors: 2, warnings: 0, legacy: 2 });
  assert.match(run(r.dir, dir, '--all-findings').stdout, /✖ 2 problems \(2 errors, 0 warnings; 2 legacy\)\n$/);
});

test('--staged --all-findings: the staged file\'s legacy sites are listed and marked', () => {
  const dir = rules();
  const r = stagedChange();
  const report = json(run(r.dir, dir, '--staged', '--all-findings', '--format', 'json'));
  assert.equal(where(report), ['a.py:2:old-api:legacy', 'a.py:4:old-api:legacy', 'a.py:5:old-api', 'a.py:6:no-boom']);
  assert.is(report.summary.legacy, 2);
});

test('SARIF: legacy findings are left out, or with --all-findings marked baselineState "unchanged"', () => {
  const dir = rules();
  const r = stagedChange();
  const log = (extra: string[]): { runs: { results: { locations: { physicalLocation: { region: { startLine: number } } }[]; baselineState?: string }[] }[] } => {
    const result = run(r.dir, dir, '--staged', '--format', 'sarif', ...extra);
    const parsed = JSON.parse(result.stdout);
    assert.equal(validateSarif(parsed), []);
    return parsed;
  };
  const lines = (extra: string[]): string[] => (log(extra).runs[0]?.results ?? []).map((res) => `${res.locations[0]?.physicalLocation.region.startLine}:${res.baselineState ?? '-'}`);
  assert.equal(lines([]), ['5:-', '6:-']);
  assert.equal(lines(['--all-findings']), ['2:unchanged', '4:unchanged', '5:-', '6:-']);
});

test('--diff: a REF that names no commit, an empty REF, or with --staged is exit 2 with one line', () => {
  const dir = rules();
  const r = repo();
  r.write('a.py', LEGACY);
  r.commit('base');
  for (const [args, pattern] of [
    [['--diff', 'no-such-branch'], /^attractor-lint: --diff: "no-such-branch" does not name a commit in this repository\n$/],
    [['--diff', ''], /^attractor-lint: --diff needs a revision/],
    [['--diff', 'HEAD', '--staged'], /^attractor-lint: --diff and --staged do not go together/],
    [['--diff'], /^attractor-lint: option --diff needs a value/],
  ] as [string[], RegExp][]) {
    const result = run(r.dir, dir, ...args);
    assert.is(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, pattern);
    assert.is(result.stdout, '');
  }
  const outside = tempDir();
  cleanups.push(outside.cleanup);
  const notRepo = run(outside.dir, dir, '--diff', 'HEAD');
  assert.is(notRepo.code, 2);
  assert.match(notRepo.stderr, /not inside a git repository\n$/);
});

test('a rule whose newCodeOnly is not true or false stops the run with exit 2 naming the file and field', () => {
  const folder = tempDir();
  cleanups.push(folder.cleanup);
  const dir = writeRules(join(folder.dir, 'rules'), pyCall('old-api', 'old_api', 'error', { newCodeOnly: 'yes' }));
  const r = repo();
  r.write('a.py', LEGACY);
  const result = run(r.dir, dir);
  assert.is(result.code, 2);
  assert.match(result.stderr, /^attractor-lint: .*rules\/old-api\.json: newCodeOnly: expected true or false\n$/);
});

test('check --diff HEAD before the first commit (lint-staged on a new repository): every line is new, no error', () => {
  const dir = rules();
  const r = repo();
  r.write('a.py', LEGACY);
  r.git('add', 'a.py');
  const result = run(r.dir, dir, '--diff', 'HEAD', 'a.py', '--format', 'json');
  assert.is(result.code, 1, result.stderr);
  assert.equal(where(json(result)), ['a.py:2:old-api', 'a.py:4:old-api']);
  // Another revision still has to name a commit.
  assert.is(run(r.dir, dir, '--diff', 'main', 'a.py').code, 2);
});

test.run();
