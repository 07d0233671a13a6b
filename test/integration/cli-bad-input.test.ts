// Input the CLI must survive: files it cannot or should not check get one note on stderr and the
// run goes on (the exit code comes from the files that were checked); broken rules stop the run
// with exit 2 and one line naming the file and field.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jsCall, pyCall, writeRules } from '../helpers/rules.js';
import { CLI, gitEnv, runCli, tempDir, tempRepo, type CliResult } from '../helpers/temp-repo.js';

const cleanups: (() => void)[] = [];
test.after(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function rules(): string {
  const folder = tempDir();
  cleanups.push(folder.cleanup);
  return writeRules(join(folder.dir, 'rules'), pyCall('call-boom', 'boom', 'error'), jsCall('js-boom', 'boom', 'error'));
}

function repo(): ReturnType<typeof tempRepo> {
  const r = tempRepo();
  cleanups.push(r.cleanup);
  return r;
}

interface Report {
  findings: { path: string; line: number; column: number; ruleId: string }[];
  summary: { files: number; errors: number; warnings: number; legacy: number };
}

function report(result: CliResult): Report {
  try {
    return JSON.parse(result.stdout) as Report;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}

const where = (result: CliResult): string[] => report(result).findings.map((f) => `${f.path}:${f.line}`);
const notes = (result: CliResult): string[] => result.stderr.split('\n').filter((line) => line !== '');

function assertFatal(result: CliResult, ...patterns: RegExp[]): void {
  assert.is(result.code, 2, `exit code (stdout: ${result.stdout} stderr: ${result.stderr})`);
  const lines = notes(result);
  assert.is(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0] as string, /^attractor-lint: /);
  for (const pattern of patterns) assert.match(lines[0] as string, pattern);
  assert.not.match(result.stderr, /\n\s+at |internal error/);
}

test('files that are not checkable text get a note each and the run goes on', () => {
  const dir = rules();
  const r = repo();
  r.write('good.py', 'boom()\n');
  r.write('latin1.py', Buffer.concat([Buffer.from('name = "caf'), Buffer.from([0xe9]), Buffer.from('"\nboom()\n')]));
  r.write('binary.py', Buffer.concat([Buffer.from('boom()\n'), Buffer.from([0, 1, 2, 0xff, 0])]));
  r.write('huge.py', `boom()\n${'# padding\n'.repeat(110_000)}`); // just over 1 MiB
  r.write('bundle.min.py', `${'x = 1; '.repeat(4000)}boom()\n`); // one 28 000-character line
  r.write('app.min.js', 'boom();'.repeat(5000)); // excluded by the default **/*.min.js glob: no note
  const result = runCli(['--rules', dir, '--no-builtin', '--format', 'json'], { cwd: r.dir });
  assert.is(result.code, 1, result.stderr);
  assert.equal(where(result), ['good.py:1']);
  assert.equal(notes(result).sort(), [
    'attractor-lint: skipped binary.py: binary file (contains NUL bytes)',
    'attractor-lint: skipped bundle.min.py: a line is longer than 20000 characters (minified or generated)',
    'attractor-lint: skipped huge.py: larger than 1048576 bytes (maxFileSize)',
    'attractor-lint: skipped latin1.py: not valid UTF-8',
  ]);
  // Notes go to stderr only: the JSON on stdout stays parseable and counts the files it was given.
  assert.is(report(result).summary.errors, 1);
});

test('a skipped file alone does not fail the run', () => {
  const dir = rules();
  const r = repo();
  r.write('binary.py', Buffer.from([0x62, 0x6f, 0x6f, 0x6d, 0x28, 0x29, 0x0a, 0x00]));
  const result = runCli(['--rules', dir, '--no-builtin'], { cwd: r.dir });
  assert.is(result.code, 0);
  assert.match(result.stderr, /skipped binary\.py: binary file/);
});

test('a file just under maxFileSize is checked; a UTF-8 BOM and CRLF line ends keep positions right', () => {
  const dir = rules();
  const r = repo();
  // 1 047 019 bytes, in one string literal: a long run of comment lines after a statement would
  // take tree-sitter-python quadratic time (seconds for a few thousand lines).
  r.write('edge.py', `boom()\ns = """\n${`${'a'.repeat(99)}\n`.repeat(10_470)}"""\n`);
  r.write('bom.py', '\ufeffx = 1; boom()\n');
  r.write('crlf.js', 'let a = 1;\r\nlet b = 2; boom();\r\n');
  const result = runCli(['--rules', dir, '--no-builtin', '--format', 'json'], { cwd: r.dir });
  assert.is(result.stderr, '');
  const found = report(result).findings.map((f) => `${f.path}:${f.line}:${f.column}`);
  assert.equal(found, ['bom.py:1:8', 'crlf.js:2:12', 'edge.py:1:1']);
});

test('syntax errors: the parts that parse are checked, the broken part is not, with a note', () => {
  const dir = rules();
  const r = repo();
  r.write('broken.py', 'boom()\nprint(boom(2) ]] + )\n\n\ndef ok():\n    boom()\n');
  r.write('broken.ts', 'boom();\nconst x = {{{ boom() ;\n');
  const result = runCli(['--rules', dir, '--no-builtin', '--format', 'json'], { cwd: r.dir });
  assert.is(result.code, 1);
  const lines = where(result);
  assert.ok(lines.includes('broken.py:1') && lines.includes('broken.py:6') && lines.includes('broken.ts:1'), lines.join(', '));
  assert.not.ok(lines.includes('broken.py:2'), 'nothing reported from inside the broken statement');
  assert.equal(notes(result).sort(), [
    'attractor-lint: partly checked broken.py: syntax errors; parts that do not parse were not checked',
    'attractor-lint: partly checked broken.ts: syntax errors; parts that do not parse were not checked',
  ]);
});

test('missing paths, broken symbolic links and unknown languages named on the command line are notes', () => {
  const dir = rules();
  const r = repo();
  r.write('good.py', 'boom()\n');
  r.write('README.md', '# boom()\n');
  symlinkSync(join(r.dir, 'gone.py'), join(r.dir, 'dangling.py'));
  const result = runCli(['--rules', dir, '--no-builtin', '--format', 'json', 'nothere.py', 'dangling.py', 'README.md', 'good.py'], { cwd: r.dir });
  assert.is(result.code, 1);
  assert.equal(where(result), ['good.py:1']);
  assert.equal(notes(result), [
    'attractor-lint: skipped nothere.py: no such file or directory',
    'attractor-lint: skipped dangling.py: broken symbolic link',
    'attractor-lint: skipped README.md: no language is configured for this file extension',
  ]);
  // In a directory listing, links (broken or not) and files of other languages are passed over silently.
  const listed = runCli(['--rules', dir, '--no-builtin', '--format', 'json'], { cwd: r.dir });
  assert.equal(where(listed), ['good.py:1']);
  assert.is(listed.stderr, '');
});

test('a directory named like a source file is looked into, never read as a file', () => {
  const dir = rules();
  const r = repo();
  r.write('models.py', 'x = 1\n');
  r.commit('add models.py');
  // The tracked file becomes a directory in the working tree: git still lists `models.py`.
  rmSync(join(r.dir, 'models.py'));
  r.write('models.py/user.py', 'boom()\n');
  r.write('views.js/index.js', 'boom();\n');
  const all = runCli(['--rules', dir, '--no-builtin', '--format', 'json'], { cwd: r.dir });
  assert.is(all.code, 1, all.stderr);
  assert.equal(where(all), ['models.py/user.py:1', 'views.js/index.js:1']);
  assert.is(all.stderr, '');
  const named = runCli(['--rules', dir, '--no-builtin', '--format', 'json', 'models.py', 'views.js'], { cwd: r.dir });
  assert.equal(where(named), ['models.py/user.py:1', 'views.js/index.js:1']);
});

test('an unreadable file is a note and the run goes on', () => {
  const dir = rules();
  // Root reads anything, so as root the CLI runs as `nobody`, in a folder it can enter (not a
  // repository: git refuses repositories owned by another user).
  const asRoot = process.getuid?.() === 0;
  const d = tempDir();
  cleanups.push(d.cleanup);
  d.write('good.py', 'boom()\n');
  d.write('secret.py', 'boom()\n');
  chmodSync(join(d.dir, 'secret.py'), 0o000);
  chmodSync(d.dir, 0o755);
  const args = [CLI, '--rules', dir, '--no-builtin', '--format', 'json', '--no-cache'];
  const run = (extra: string[]): CliResult => {
    const spawned = spawnSync(process.execPath, [...args, ...extra], {
      cwd: d.dir,
      env: gitEnv(),
      encoding: 'utf8',
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    return { code: spawned.status ?? -1, stdout: spawned.stdout, stderr: spawned.stderr };
  };
  if (asRoot) chmodSync(join(dir, '..'), 0o755);
  const listed = run([]);
  assert.is(listed.code, 1, listed.stderr);
  assert.equal(where(listed), ['good.py:1']);
  assert.equal(notes(listed), ['attractor-lint: skipped secret.py: cannot read (EACCES)']);
  const named = run(['secret.py']);
  assert.is(named.code, 0);
  assert.equal(notes(named), ['attractor-lint: skipped secret.py: cannot read (EACCES)']);
});

test('a file that cannot be read as a regular file (a socket) is a note', async () => {
  const dir = rules();
  const d = tempDir();
  cleanups.push(d.cleanup);
  d.write('good.py', 'boom()\n');
  const { createServer } = await import('node:net');
  const server = createServer();
  const socket = join(d.dir, 'socket.py');
  await new Promise<void>((resolvePromise) => server.listen(socket, resolvePromise));
  try {
    const result = runCli(['--rules', dir, '--no-builtin', '--format', 'json', 'socket.py', 'good.py'], { cwd: d.dir });
    assert.is(result.code, 1, result.stderr);
    assert.equal(where(result), ['good.py:1']);
    assert.match(result.stderr, /^attractor-lint: skipped socket\.py: cannot read \(\w+\)\n$/);
  } finally {
    await new Promise((resolvePromise) => server.close(resolvePromise));
  }
});

test('empty and whitespace-only files are fine', () => {
  const dir = rules();
  const r = repo();
  r.write('empty.py', '');
  r.write('blank.ts', '\n\n   \n');
  const result = runCli(['--rules', dir, '--no-builtin', '--format', 'json'], { cwd: r.dir });
  assert.is(result.code, 0, result.stderr);
  assert.is(result.stderr, '');
  assert.equal(report(result).summary, { files: 2, errors: 0, warnings: 0, legacy: 0 });
});

const VALID_RULE = pyCall('call-boom', 'boom', 'error');

test('malformed rule files stop the run with exit 2 naming the file and field', () => {
  const r = repo();
  r.write('a.py', 'boom()\n');
  const folder = tempDir();
  cleanups.push(folder.cleanup);
  const rulesDir = join(folder.dir, 'bad');
  mkdirSync(rulesDir);
  const cases: [unknown, RegExp][] = [
    ['{"id": "x",', /bad\/rule\.json: not valid JSON/],
    [[VALID_RULE], /bad\/rule\.json: expected an object/],
    [{ ...VALID_RULE, id: 'Call Boom' }, /bad\/rule\.json: id: "Call Boom" is not a kebab-case id/],
    [{ ...VALID_RULE, severity: 'fatal' }, /bad\/rule\.json: severity: expected one of error, warning, info/],
    [{ ...VALID_RULE, language: 'cobol' }, /bad\/rule\.json: language: expected one of python, javascript, typescript/],
    [{ ...VALID_RULE, message: undefined }, /bad\/rule\.json: message: is required/],
    [{ ...VALID_RULE, sevirity: 'error' }, /bad\/rule\.json: sevirity: unknown key/],
    [{ ...VALID_RULE, cases: { invalid: [], valid: ['x'] } }, /bad\/rule\.json: cases\.invalid: needs at least one snippet/],
    [{ ...VALID_RULE, where: [{ capture: 'match', inside: { text: '(' } }] }, /bad\/rule\.json: where\[0\]\.inside\.text: invalid regular expression/],
    [{ ...VALID_RULE, fix: { target: 'nope', template: 'x' } }, /bad\/rule\.json: fix\.target: capture @nope is not defined by the query/],
  ];
  for (const [content, pattern] of cases) {
    writeFileSync(join(rulesDir, 'rule.json'), typeof content === 'string' ? content : JSON.stringify(content));
    assertFatal(runCli(['--rules', rulesDir, '--no-builtin'], { cwd: r.dir }), pattern);
    assertFatal(runCli(['test', '--rules', rulesDir, '--no-builtin'], { cwd: r.dir }), pattern);
  }
});

test('a query that does not compile stops the run naming the file, the field and the position', () => {
  const r = repo();
  r.write('a.py', 'boom()\n');
  const folder = tempDir();
  cleanups.push(folder.cleanup);
  const base = { ...VALID_RULE, message: 'a call' };
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...base, query: '(call (no_such_node) @match)' }, /q\.json: query: unknown node type "no_such_node" at line 1, column 8 of the query \(python grammar\)/],
    [{ ...base, query: '(call\n  function: (identifier) @match' }, /q\.json: query: syntax error at line \d+, column \d+ of the query/],
    [{ ...base, query: '(call nofield: (identifier)) @match' }, /q\.json: query: unknown field "nofield"/],
    [{ ...jsCall('js-boom', 'boom'), message: 'a call', query: '(call function: (identifier)) @match' }, /q\.json: query: unknown node type "call" .*\((javascript|typescript|tsx) grammar\)/],
    [{ ...base, query: '(call) @other' }, /q\.json: query: capture @match is not defined by the query/],
  ];
  for (const [spec, pattern] of cases) {
    const dir = join(folder.dir, String(cases.findIndex(([s]) => s === spec)));
    mkdirSync(dir);
    writeFileSync(join(dir, 'q.json'), JSON.stringify(spec));
    assertFatal(runCli(['--rules', dir, '--no-builtin'], { cwd: r.dir }), pattern);
  }
});

test('two rule files with the same id for a language stop the run', () => {
  const r = repo();
  const folder = tempDir();
  cleanups.push(folder.cleanup);
  writeFileSync(join(folder.dir, 'a.json'), JSON.stringify(VALID_RULE));
  writeFileSync(join(folder.dir, 'b.json'), JSON.stringify(pyCall('call-boom', 'bang')));
  assertFatal(runCli(['--rules', folder.dir, '--no-builtin'], { cwd: r.dir }), /b\.json: id: "call-boom" for python is already defined in .*a\.json/);
});

test('rule folders: schema files, _-prefixed files and non-JSON files are not rules', () => {
  const r = repo();
  r.write('a.py', 'boom()\n');
  const folder = tempDir();
  cleanups.push(folder.cleanup);
  writeFileSync(join(folder.dir, 'rule.schema.json'), '{"not": "a rule"}');
  writeFileSync(join(folder.dir, '_draft.json'), '{broken');
  writeFileSync(join(folder.dir, 'README.md'), '# rules');
  mkdirSync(join(folder.dir, 'python'));
  writeFileSync(join(folder.dir, 'python', 'boom.json'), JSON.stringify(VALID_RULE));
  const result = runCli(['--rules', folder.dir, '--no-builtin', '--format', 'json'], { cwd: r.dir });
  assert.is(result.code, 1, result.stderr);
  assert.equal(where(result), ['a.py:1']);
});

test.run();
