// Siblings of the staged edits (`sibling-of-staged-edit`) through the built CLI in real temporary
// repositories, with no learned pack: the staged change itself is the evidence. A fix at 2 of 3
// sites reports the third (same file, other file) and `--fix` repairs a staged one; a rename with
// 4 of 5 call sites updated reports the fifth; formatting and sweeps report nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateSarif } from '../helpers/sarif.js';
import { cleanedUp, runCli, type CliResult, type TempRepo } from '../helpers/temp-repo.js';

interface JsonReport {
  findings: { ruleId: string; path: string; line: number; severity: string; message: string; related?: { path: string; line: number }[]; fix?: unknown }[];
  summary: { files: number; errors: number; warnings: number };
  fixes?: { ruleId: string; path: string; line: number; fixed: boolean }[];
}

const temps = cleanedUp(test.after);
const repo = (): TempRepo => temps.repo();

function json(result: CliResult): JsonReport {
  try {
    return JSON.parse(result.stdout) as JsonReport;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}

const check = (r: TempRepo, ...args: string[]): CliResult => runCli(['check', '--staged', ...args], { cwd: r.dir });
const siblings = (report: JsonReport): string[] => report.findings.filter((f) => f.ruleId === 'sibling-of-staged-edit').map((f) => `${f.path}:${f.line}`);

const fn = (name: string, route: string, extra = ''): string => `def ${name}(session):\n    data = client.fetch_json(session, "${route}"${extra})\n    return data\n`;

/** app/a.py with three calls of fetch_json, app/b.py with one, committed. */
function threeSites(): TempRepo {
  const r = repo();
  r.write('app/a.py', ['import client\n', fn('load_users', '/users'), fn('load_groups', '/groups'), fn('load_teams', '/teams')].join('\n\n'));
  r.write('app/b.py', ['import client\n', fn('load_roles', '/roles')].join('\n\n'));
  r.write('app/other.py', 'import client\n\n\ndef ping(session):\n    return client.ping(session)\n');
  r.commit('base');
  return r;
}

test('a staged fix at 2 of 3 sites reports the third, in the same file and in another file, naming the edited sites', () => {
  const r = threeSites();
  const a = readFileSync(join(r.dir, 'app/a.py'), 'utf8').replace('"/users")', '"/users", timeout=10)').replace('"/groups")', '"/groups", timeout=10)');
  r.write('app/a.py', a);
  r.git('add', 'app/a.py');
  const result = check(r, '--format', 'json');
  assert.is(result.code, 0, 'siblings are info: they never block by default');
  const report = json(result);
  assert.equal(siblings(report), ['app/a.py:15', 'app/b.py:5']);
  const finding = report.findings.find((f) => f.path === 'app/b.py');
  assert.is(finding?.severity, 'info');
  assert.match(finding?.message ?? '', /added `timeout` at 2 sites \(app\/a\.py:5, app\/a\.py:10\)/);
  assert.equal(finding?.related, [
    { path: 'app/a.py', line: 5 },
    { path: 'app/a.py', line: 10 },
  ]);
  // Unrelated code that calls another function is not a sibling.
  assert.not.ok(report.findings.some((f) => f.path === 'app/other.py'));
});

test('--fix replays the staged edit on a staged sibling (index and working tree); a sibling outside the staged files is only reported', () => {
  const r = threeSites();
  const a = readFileSync(join(r.dir, 'app/a.py'), 'utf8').replace('"/users")', '"/users", timeout=10)').replace('"/groups")', '"/groups", timeout=10)');
  r.write('app/a.py', a);
  r.git('add', 'app/a.py');
  const result = check(r, '--fix', '--format', 'json');
  assert.is(result.code, 0, result.stderr);
  const report = json(result);
  assert.equal(siblings(report), ['app/b.py:5'], 'the unfixed sibling is still reported');
  assert.equal(report.fixes?.filter((f) => f.fixed).map((f) => `${f.path}:${f.line}`), ['app/a.py:15']);
  const staged = r.git('show', ':app/a.py');
  assert.ok(staged.includes('client.fetch_json(session, "/teams", timeout=10)'), staged);
  assert.ok(readFileSync(join(r.dir, 'app/a.py'), 'utf8').includes('"/teams", timeout=10)'));
  assert.is(r.git('show', ':app/b.py'), readFileSync(join(r.dir, 'app/b.py'), 'utf8'));
  assert.not.ok(r.git('show', ':app/b.py').includes('timeout'), 'files outside the commit are never changed');
});

test('a rename staged with 4 of 5 call sites updated reports the fifth', () => {
  const r = repo();
  const calls = (name: string, n: number): string => Array.from({ length: n }, (_, i) => `def step_${i}(job):\n    return ${name}(job, ${i})\n`).join('\n\n');
  r.write('lib/jobs.py', 'def run_job(job, n):\n    return job(n)\n');
  r.write('lib/a.py', `from lib.jobs import run_job\n\n\n${calls('run_job', 3)}`);
  r.write('lib/b.py', `from lib.jobs import run_job\n\n\n${calls('run_job', 2)}`);
  r.commit('base');
  r.write('lib/jobs.py', 'def execute_job(job, n):\n    return job(n)\n');
  r.write('lib/a.py', `from lib.jobs import execute_job\n\n\n${calls('execute_job', 3)}`);
  r.write('lib/b.py', `from lib.jobs import execute_job, run_job\n\n\n${calls('run_job', 2).replace('run_job(job, 0)', 'execute_job(job, 0)')}`);
  r.git('add', '.');
  const report = json(check(r, '--format', 'json'));
  assert.equal(siblings(report), ['lib/b.py:9']);
  assert.match(report.findings[0]?.message ?? '', /replaced `run_job` with `execute_job` at 4 sites/);
});

test('an edit made at one site only, or only in tests, reports nothing, and --verbose says why', () => {
  const r = threeSites();
  r.write('tests/test_a.py', `import client\n\n\n${fn('t1', '/a')}\n\n${fn('t2', '/b')}\n\n${fn('t3', '/c')}`);
  r.commit('tests');
  r.write('app/a.py', readFileSync(join(r.dir, 'app/a.py'), 'utf8').replace('"/users")', '"/users", timeout=10)'));
  r.write('tests/test_a.py', `import client\n\n\n${fn('t1', '/a', ', retries=1')}\n\n${fn('t2', '/b', ', retries=1')}\n\n${fn('t3', '/c')}`);
  r.git('add', '.');
  const result = check(r, '--format', 'json', '--verbose');
  assert.equal(json(result).findings, []);
  assert.match(result.stderr, /app\/a\.py:\d+: the edit is made at one site only/);
  assert.match(result.stderr, /tests\/test_a\.py:\d+: the edit is in test code only/);
});

test('a formatting-only change reports nothing', () => {
  const r = threeSites();
  r.write('app/a.py', readFileSync(join(r.dir, 'app/a.py'), 'utf8').replace('"/users"', "'/users'").replace('data = client', 'data  =  client'));
  r.git('add', '.');
  const result = check(r, '--format', 'json', '--verbose');
  assert.equal(json(result).findings, []);
});

test('a sweep that touches 200 sites reports nothing, and --verbose says why', () => {
  const r = repo();
  const file = (offset: number): string => `import client\n\n\n${Array.from({ length: 10 }, (_, i) => fn(`load_${offset + i}`, `/r${offset + i}`)).join('\n\n')}`;
  for (let f = 0; f < 20; f++) r.write(`app/m${f}.py`, file(f * 10));
  r.write('app/left.py', file(500));
  r.commit('base');
  for (let f = 0; f < 20; f++) r.write(`app/m${f}.py`, file(f * 10).replace(/"\)/g, '", timeout=10)'));
  r.git('add', '.');
  const result = check(r, '--format', 'json', '--verbose');
  assert.equal(json(result).findings, []);
  assert.match(result.stderr, /siblings: .*(a sweep|too many changed regions)/);
});

test('siblings in SARIF carry the edited sites as related locations; --no-siblings and rules: off turn the search off', () => {
  const r = threeSites();
  r.write('app/a.py', readFileSync(join(r.dir, 'app/a.py'), 'utf8').replace('"/users")', '"/users", timeout=10)').replace('"/groups")', '"/groups", timeout=10)'));
  r.git('add', '.');
  const sarif = JSON.parse(check(r, '--format', 'sarif').stdout) as { runs: { results: { ruleId: string; level: string; relatedLocations?: unknown[] }[]; tool: { driver: { rules: { id: string }[] } } }[] };
  assert.equal(validateSarif(sarif), []);
  const results = sarif.runs[0]?.results ?? [];
  assert.is(results.length, 2);
  assert.ok(results.every((x) => x.ruleId === 'sibling-of-staged-edit' && x.level === 'note' && x.relatedLocations?.length === 2));
  assert.equal(json(check(r, '--format', 'json', '--no-siblings')).findings, []);
  r.write('.attractorrc.json', JSON.stringify({ rules: { 'sibling-of-staged-edit': 'off' } }));
  assert.equal(json(check(r, '--format', 'json')).findings, []);
  r.write('.attractorrc.json', JSON.stringify({ rules: { 'sibling-of-staged-edit': 'error' } }));
  assert.is(check(r).code, 1, 'a team can make siblings block');
});

test('check --diff REF reports the siblings of the working tree change against the merge base', () => {
  const r = threeSites();
  r.git('checkout', '-q', '-b', 'topic');
  r.write('app/a.py', readFileSync(join(r.dir, 'app/a.py'), 'utf8').replace('"/users")', '"/users", timeout=10)').replace('"/groups")', '"/groups", timeout=10)'));
  r.commit('add timeouts');
  const report = json(runCli(['check', '--diff', 'main', '--format', 'json'], { cwd: r.dir }));
  assert.equal(siblings(report), ['app/a.py:15', 'app/b.py:5']);
  assert.match(report.findings[0]?.message ?? '', /^This change added/);
});

test('bad input: binary, huge, renamed, deleted, unparsable and 5,000-hunk staged files make no crash and lose nothing', () => {
  const r = threeSites();
  const big = Array.from({ length: 5000 }, (_, i) => `value_${i} = compute(${i})\n`).join('\n');
  r.write('app/big.py', big);
  r.write('app/gone.py', 'x = 1\n');
  r.write('app/moved.py', 'import client\n\n\ndef m(session):\n    return client.fetch_json(session, "/m")\n');
  r.commit('more files');
  r.write('app/big.py', big.replace(/compute\(/g, 'compute_fast('));
  r.write('app/bin.py', Buffer.from([0x70, 0x00, 0x01, 0x02]));
  r.write('app/huge.py', `x = "${'a'.repeat(2 * 1024 * 1024)}"\n`);
  r.write('app/broken.py', 'def f(:\n    client.fetch_json(session, "/x", timeout=1)\n');
  r.git('rm', '-q', 'app/gone.py');
  r.git('mv', 'app/moved.py', 'app/renamed.py');
  r.write('app/renamed.py', 'import client\n\n\ndef m(session):\n    return client.fetch_json(session, "/m", timeout=10)\n');
  r.git('add', '-A');
  const before = r.git('write-tree');
  const result = check(r, '--format', 'json', '--verbose');
  assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}: ${result.stderr}`);
  assert.not.match(result.stderr, /\n\s+at /, 'no stack trace');
  json(result);
  assert.is(r.git('write-tree'), before, 'the index is untouched');
  // A merge in progress: check --staged still reads the index and the siblings of what is staged.
  r.git('commit', '-q', '-m', 'big change');
  r.git('checkout', '-q', '-b', 'side', 'HEAD~1');
  r.write('app/side.py', 'y = 2\n');
  r.commit('side');
  r.git('checkout', '-q', 'main');
  r.git('merge', '-q', '--no-commit', '--no-ff', 'side');
  const merging = check(r, '--format', 'json');
  assert.ok(merging.code === 0 || merging.code === 1, merging.stderr);
});

test('eval --siblings: a sibling the hook would have shown is confirmed when a later commit makes the same edit there', () => {
  const r = threeSites();
  for (let i = 0; i < 10; i++) {
    r.write(`notes/n${i}.txt`, `${i}\n`);
    r.commit(`note ${i}`);
  }
  const a = readFileSync(join(r.dir, 'app/a.py'), 'utf8');
  r.write('app/a.py', a.replace('"/users")', '"/users", timeout=10)').replace('"/groups")', '"/groups", timeout=10)'));
  const first = r.commit('Fix hangs: timeouts for users and groups');
  r.write('app/a.py', readFileSync(join(r.dir, 'app/a.py'), 'utf8').replace('"/teams")', '"/teams", timeout=10)'));
  const second = r.commit('Fix hang: timeout for teams too');
  const result = runCli(['eval', '--siblings', '--split', '0.5', '--json'], { cwd: r.dir });
  assert.is(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { commits: number; confirmed: number; unconfirmed: number; findings: { commit: string; path: string; line: number; confirmedBy?: string }[] };
  const ofFirst = report.findings.filter((f) => f.commit === first);
  assert.equal(
    ofFirst.map((f) => [f.path, f.line, f.confirmedBy ?? null]),
    [
      ['app/a.py', 15, second],
      ['app/b.py', 5, null],
    ],
  );
  assert.is(report.confirmed, 1);
  assert.ok(report.commits >= 2 && report.unconfirmed >= 1);
});

test('eval --siblings: reverts and cherry-picks are not replayed (git makes them without the hook), and a site shown again for the same edit counts once', () => {
  const r = threeSites();
  for (let i = 0; i < 10; i++) {
    r.write(`notes/n${i}.txt`, `${i}\n`);
    r.commit(`note ${i}`);
  }
  const a = readFileSync(join(r.dir, 'app/a.py'), 'utf8');
  const fixed = a.replace('"/users")', '"/users", timeout=10)').replace('"/groups")', '"/groups", timeout=10)');
  r.write('app/a.py', fixed);
  const first = r.commit('Fix hangs: timeouts for users and groups');
  // Undone and done again by git: the redo would show the same siblings as `first`.
  r.git('revert', '--no-edit', first);
  r.git('revert', '--no-edit', 'HEAD');
  // Undone by hand and done again by hand: the redo's siblings were shown for `first` already.
  r.write('app/a.py', a);
  r.commit('Undo the timeouts for now');
  r.write('app/a.py', fixed);
  const again = r.commit('Timeouts again');
  const result = runCli(['eval', '--siblings', '--split', '0.5', '--json'], { cwd: r.dir });
  assert.is(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { madeByGit: number; repeated: number; findings: { commit: string; path: string; line: number }[] };
  assert.is(report.madeByGit, 2);
  assert.equal([...new Set(report.findings.map((f) => f.commit))], [first]);
  assert.equal(report.findings.map((f) => `${f.path}:${f.line}`).sort(), ['app/a.py:15', 'app/b.py:5']);
  assert.is(report.repeated, 2, `the hand-made redo ${again.slice(0, 10)} shows the same two sites`);
});

test.run();
