// The persistent check process (`attractor-lint server`), driven as a hook drives it: real
// processes, real sockets, real git. Whatever happens to the server (killed mid-check, stale after a
// pack change or a rebuild, a socket left behind, two repositories at once, started while a hook
// runs), every commit is checked correctly and no staged or unstaged byte changes.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI, cleanedUp, gitEnv, runCli, type CliResult, type TempRepo } from '../helpers/temp-repo.js';

const started: { cli: string; dir: string }[] = [];

test.after(() => {
  // No server outlives the suite (stopped before the repositories are removed).
  for (const { cli, dir } of started) spawnSync(process.execPath, [cli, 'server', 'stop'], { cwd: dir, env: gitEnv(), encoding: 'utf8' });
});
const temp = cleanedUp(test.after);

const BAD = 'import re\n\n\ndef first(text):\n    return re.match("a", text).group(0)\n';
const WORSE = 'import re\n\n\ndef second(text):\n    return re.search("b", text).group(0)\n\n\ndef third(d):\n    return d.get("k").strip()\n';

function repoWithStagedBug(): TempRepo {
  const repo = temp.repo();
  repo.write('app/ok.py', 'VALUE = 1\n');
  repo.commit('Start');
  repo.write('app/bad.py', BAD);
  repo.git('add', 'app/bad.py');
  // Unstaged work beside it: never touched.
  repo.write('app/ok.py', 'VALUE = 2  # not staged\n');
  return repo;
}

function startServer(dir: string, cli = CLI, env: NodeJS.ProcessEnv = {}): number {
  const result = spawnSync(process.execPath, [cli, 'server', 'start', '--idle', '3'], { cwd: dir, env: gitEnv(env), encoding: 'utf8' });
  assert.is(result.status, 0, result.stderr);
  started.push({ cli, dir });
  return Number(/pid (\d+)/.exec(result.stdout)?.[1]);
}

function served(dir: string, cli = CLI): number {
  const status = spawnSync(process.execPath, [cli, 'server', 'status'], { cwd: dir, env: gitEnv(), encoding: 'utf8' });
  const count = /(\d+) checks served/.exec(status.stdout)?.[1];
  return count === undefined ? -1 : Number(count);
}

const alone = (dir: string, args: string[], env: NodeJS.ProcessEnv = {}): CliResult => runCli(args, { cwd: dir, env: gitEnv({ ATTRACTOR_LINT_SERVER: '0', ...env }) });

function bytes(repo: TempRepo): string {
  return JSON.stringify([readFileSync(join(repo.dir, 'app/ok.py'), 'utf8'), repo.git('diff', '--cached'), repo.git('diff'), repo.git('status', '--porcelain', '--', 'app')]);
}

test('a check the server answers is the check run alone: output, exit code, formats; the server counts it', () => {
  const repo = repoWithStagedBug();
  const before = bytes(repo);
  const expected = alone(repo.dir, ['check', '--staged']);
  const expectedJson = alone(repo.dir, ['check', '--staged', '--format', 'json']);
  assert.match(expected.stdout, /none-guard/);
  startServer(repo.dir);
  assert.is(served(repo.dir), 0);
  const got = runCli(['check', '--staged'], { cwd: repo.dir });
  const gotJson = runCli(['check', '--staged', '--format', 'json'], { cwd: repo.dir });
  assert.equal(got, expected);
  assert.equal(gotJson, expectedJson);
  assert.is(served(repo.dir), 2, 'both checks were served');
  // A fix is never served (it writes the index): it runs in its own process.
  runCli(['check', '--staged', '--fix-dry-run'], { cwd: repo.dir });
  assert.is(served(repo.dir), 2);
  assert.is(bytes(repo), before);
});

test("the server reads the index the hook's GIT_INDEX_FILE names (git commit -a, partial commits)", () => {
  const repo = repoWithStagedBug();
  startServer(repo.dir);
  // A second index, as `git commit <paths>` makes one: it holds another file.
  const index = join(repo.dir, '.git', 'other-index');
  repo.git('read-tree', 'HEAD');
  repo.write('app/worse.py', WORSE);
  spawnSync('git', ['add', 'app/worse.py'], { cwd: repo.dir, env: gitEnv({ GIT_INDEX_FILE: index }) });
  repo.git('add', 'app/bad.py');
  const env = { GIT_INDEX_FILE: index };
  const expected = alone(repo.dir, ['check', '--staged', '--format', 'json'], env);
  const got = runCli(['check', '--staged', '--format', 'json'], { cwd: repo.dir, env: gitEnv(env) });
  assert.equal(got, expected);
  const paths = (JSON.parse(got.stdout) as { findings: { path: string }[] }).findings.map((f) => f.path);
  assert.ok(paths.includes('app/worse.py') && !paths.includes('app/bad.py'), paths.join(', '));
  assert.is(served(repo.dir), 1);
});

test("the sibling search runs on the server's kept thread, for each check with its own index", () => {
  // A fix at 2 of 3 sites in app/a.py; app/b.py has a fourth site. With another index that drops
  // app/b.py, only the third site of app/a.py is a sibling: the kept thread must read that index.
  const fn = (name: string, route: string, extra = ''): string => `def ${name}(session):\n    data = client.fetch_json(session, "${route}"${extra})\n    return data\n`;
  const repo = temp.repo();
  repo.write('app/a.py', ['import client\n', fn('load_users', '/users'), fn('load_groups', '/groups'), fn('load_teams', '/teams')].join('\n\n'));
  repo.write('app/b.py', ['import client\n', fn('load_roles', '/roles')].join('\n\n'));
  repo.commit('base');
  repo.write('app/a.py', ['import client\n', fn('load_users', '/users', ', timeout=10'), fn('load_groups', '/groups', ', timeout=10'), fn('load_teams', '/teams')].join('\n\n'));
  repo.git('add', 'app/a.py');
  const other = { GIT_INDEX_FILE: join(repo.dir, '.git', 'other-index') };
  for (const args of [['read-tree', 'HEAD'], ['add', 'app/a.py'], ['rm', '--cached', '-q', 'app/b.py']]) {
    assert.is(spawnSync('git', args, { cwd: repo.dir, env: gitEnv(other) }).status, 0);
  }
  const args = ['check', '--staged', '--format', 'json'];
  const siblings = (result: CliResult): string[] => (JSON.parse(result.stdout) as { findings: { ruleId: string; path: string; line: number }[] }).findings.filter((f) => f.ruleId === 'sibling-of-staged-edit').map((f) => `${f.path}:${f.line}`);
  const expected = alone(repo.dir, args);
  const expectedOther = alone(repo.dir, args, other);
  assert.equal(siblings(expected), ['app/a.py:15', 'app/b.py:5']);
  assert.equal(siblings(expectedOther), ['app/a.py:15']);
  startServer(repo.dir);
  assert.equal(runCli(args, { cwd: repo.dir }), expected);
  assert.equal(runCli(args, { cwd: repo.dir, env: gitEnv(other) }), expectedOther);
  assert.equal(runCli(args, { cwd: repo.dir }), expected);
  assert.is(served(repo.dir), 3);
});

test("the server's kept git cat-file: new blobs staged after it started are read, and its death costs nothing", () => {
  const repo = repoWithStagedBug();
  const pid = startServer(repo.dir);
  const args = ['check', '--staged', '--format', 'json'];
  assert.equal(runCli(args, { cwd: repo.dir }), alone(repo.dir, args));
  const readers = (): number[] => {
    const found = spawnSync('pgrep', ['-P', String(pid), '-f', 'cat-file --batch'], { encoding: 'utf8' }).stdout.trim();
    return found ? found.split('\n').map(Number) : [];
  };
  assert.is(readers().length, 1, 'one git cat-file kept by the server');
  // New content, so new blobs that did not exist when the reader started.
  repo.write('app/worse.py', WORSE);
  repo.git('add', 'app/worse.py');
  const expected = alone(repo.dir, args);
  assert.match(expected.stdout, /app\/worse\.py/);
  assert.equal(runCli(args, { cwd: repo.dir }), expected);
  // Killed under the server: the next check reads the blobs again and is right.
  for (const reader of readers()) process.kill(reader, 'SIGKILL');
  assert.equal(runCli(args, { cwd: repo.dir }), expected);
  assert.equal(runCli(args, { cwd: repo.dir }), expected);
  assert.is(served(repo.dir), 4);
  const [reader] = readers();
  assert.ok(reader, 'a new reader replaced the killed one');
  // Stopped: the process exits, its threads and its git process with it.
  assert.is(spawnSync(process.execPath, [CLI, 'server', 'stop'], { cwd: repo.dir, env: gitEnv(), encoding: 'utf8' }).status, 0);
  const gone = (id: number): boolean => {
    try {
      process.kill(id, 0);
      return false;
    } catch {
      return true;
    }
  };
  for (let waited = 0; waited < 10_000 && !(gone(pid) && gone(reader)); waited += 100) spawnSync('sleep', ['0.1']);
  assert.ok(gone(pid), 'the server process exited');
  assert.ok(gone(reader), 'its git cat-file exited');
});

test('a rule added to the pack on disk is in the next served check (the server is not stale about packs)', () => {
  const repo = repoWithStagedBug();
  startServer(repo.dir);
  const first = runCli(['check', '--staged', '--format', 'json'], { cwd: repo.dir });
  assert.not.match(first.stdout, /team\/no-group-zero/);
  const rule = {
    id: 'team/no-group-zero',
    language: 'python',
    message: 'group(0) is the whole match; say so',
    severity: 'error',
    query: '((call function: (attribute attribute: (identifier) @m) arguments: (argument_list (integer) @n)) @match (#eq? @m "group") (#eq? @n "0"))',
    provenance: { origin: 'curated' },
    cases: { invalid: ['m.group(0)'], valid: ['m.group(1)'] },
  };
  repo.write('.attractor/rules/no-group-zero.json', JSON.stringify(rule));
  const second = runCli(['check', '--staged', '--format', 'json'], { cwd: repo.dir });
  assert.equal(second, alone(repo.dir, ['check', '--staged', '--format', 'json']));
  assert.match(second.stdout, /team\/no-group-zero/);
  assert.is(second.code, 1);
  // The same file edited in place (same length): read again.
  repo.write('.attractor/rules/no-group-zero.json', JSON.stringify({ ...rule, severity: 'info ' }).replace('"info "', '"info"').replace('}', ' }'));
  const third = runCli(['check', '--staged', '--format', 'json'], { cwd: repo.dir });
  assert.equal(third, alone(repo.dir, ['check', '--staged', '--format', 'json']));
  assert.is(third.code, 0);
  assert.is(served(repo.dir), 3);
});

test('killed mid-check: the hook checks the commit itself, and no staged or unstaged byte changes', async () => {
  const repo = repoWithStagedBug();
  const before = bytes(repo);
  const expected = alone(repo.dir, ['check', '--staged']);
  const pid = startServer(repo.dir, CLI, { ATTRACTOR_LINT_SERVER_DELAY_MS: '3000' });
  const child = spawn(process.execPath, [CLI, 'check', '--staged'], { cwd: repo.dir, env: gitEnv() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => void (stdout += c));
  child.stderr.on('data', (c: Buffer) => void (stderr += c));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  // The server has accepted the check and waits; kill it there.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  process.kill(pid, 'SIGKILL');
  const code = await exited;
  assert.equal({ code, stdout, stderr }, expected);
  assert.is(bytes(repo), before);
  // Its socket is left behind: the next check runs alone, and `server start` takes the socket over.
  assert.equal(runCli(['check', '--staged'], { cwd: repo.dir }), expected);
  startServer(repo.dir);
  assert.equal(runCli(['check', '--staged'], { cwd: repo.dir }), expected);
  assert.is(served(repo.dir), 1);
});

test('two repositories at once: each server answers for its own repository only', () => {
  const one = repoWithStagedBug();
  const two = temp.repo();
  two.write('lib/a.py', 'X = 1\n');
  two.commit('Start');
  two.write('lib/worse.py', WORSE);
  two.git('add', 'lib/worse.py');
  startServer(one.dir);
  startServer(two.dir);
  const expectedOne = alone(one.dir, ['check', '--staged', '--format', 'json']);
  const expectedTwo = alone(two.dir, ['check', '--staged', '--format', 'json']);
  for (let i = 0; i < 2; i++) {
    assert.equal(runCli(['check', '--staged', '--format', 'json'], { cwd: two.dir }), expectedTwo);
    assert.equal(runCli(['check', '--staged', '--format', 'json'], { cwd: one.dir }), expectedOne);
  }
  assert.equal([served(one.dir), served(two.dir)], [2, 2]);
});

test('a server of another build is stale: it answers no check and exits; hooks started while it restarts are checked', async () => {
  // A copy of the package, so that "rebuilding" it touches nothing of this checkout.
  const pkg = mkdtempSync(join(tmpdir(), 'attractor-pkg-'));
  try {
    const root = join(dirname(CLI), '../..');
    cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
    cpSync(join(root, 'rules'), join(pkg, 'rules'), { recursive: true });
    cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
    symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'));
    const cli = join(pkg, 'dist/cli/bin.cjs');
    const repo = repoWithStagedBug();
    const expected = alone(repo.dir, ['check', '--staged']);
    startServer(repo.dir, cli);
    assert.equal(runCli(['check', '--staged'], { cwd: repo.dir }), expected, 'the checkout client talks to a server of another build: it runs alone');
    assert.is(served(repo.dir, cli), 0);
    assert.equal(spawnSync(process.execPath, [cli, 'check', '--staged'], { cwd: repo.dir, env: gitEnv(), encoding: 'utf8' }).stdout, expected.stdout);
    assert.is(served(repo.dir, cli), 1);
    // Rebuilt under the running server.
    const later = new Date(Date.now() + 5000);
    utimesSync(join(pkg, 'dist/check/check-source.js'), later, later);
    const after = spawnSync(process.execPath, [cli, 'check', '--staged'], { cwd: repo.dir, env: gitEnv(), encoding: 'utf8' });
    assert.equal({ code: after.status, stdout: after.stdout, stderr: after.stderr }, expected);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.is(served(repo.dir, cli), -1, 'the stale server exited');

    // Hooks while the server starts again: each is checked, served or not.
    const starting = spawn(process.execPath, [CLI, 'server', 'start', '--idle', '3'], { cwd: repo.dir, env: gitEnv() });
    const startedAgain = new Promise<void>((resolve) => starting.on('close', () => resolve()));
    started.push({ cli: CLI, dir: repo.dir });
    const hooks = Array.from({ length: 4 }, () => new Promise<CliResult>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'check', '--staged'], { cwd: repo.dir, env: gitEnv() });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => void (stdout += c));
      child.stderr.on('data', (c: Buffer) => void (stderr += c));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    }));
    for (const result of await Promise.all(hooks)) assert.equal(result, expected);
    await startedAgain;
    assert.equal(runCli(['check', '--staged'], { cwd: repo.dir }), expected);
    assert.ok(served(repo.dir) >= 1);
  } finally {
    rmSync(pkg, { recursive: true, force: true });
  }
});

test('server.enabled: a hook check with no server starts one for the next commits', async () => {
  const repo = repoWithStagedBug();
  const expected = alone(repo.dir, ['check', '--staged']);
  writeFileSync(join(repo.dir, '.attractorrc.json'), JSON.stringify({ server: { enabled: true, idleMinutes: 2 } }));
  started.push({ cli: CLI, dir: repo.dir });
  assert.equal(runCli(['check', '--staged'], { cwd: repo.dir }), expected);
  let count = -1;
  for (let waited = 0; waited < 10_000 && count < 0; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    count = served(repo.dir);
  }
  assert.is(count, 0, 'a server started in the background');
  assert.equal(runCli(['check', '--staged'], { cwd: repo.dir }), expected);
  assert.is(served(repo.dir), 1);
});

test('server: bad arguments get one line and exit 2', () => {
  const repo = temp.repo();
  repo.write('a.py', 'X = 1\n');
  repo.commit('Start');
  const none = runCli(['server'], { cwd: repo.dir });
  assert.is(none.code, 2);
  assert.match(none.stderr, /^attractor-lint: server needs one of start, stop, status, run\n$/);
  const idle = runCli(['server', 'start', '--idle', 'soon'], { cwd: repo.dir });
  assert.is(idle.code, 2);
  assert.match(idle.stderr, /--idle/);
  const status = runCli(['server', 'status'], { cwd: repo.dir });
  assert.is(status.code, 1);
  assert.match(status.stdout, /no check server runs/);
});

test.run();
