// The command-line contract other tools rely on: arguments, exit codes, the JSON and SARIF
// shapes, file discovery, baselines and suppressions. Every test spawns the built CLI in real
// temporary git repositories (or plain folders) with its own small rule folder.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jsCall, pyCall, writeRules } from '../helpers/rules.js';
import { validateSarif } from '../helpers/sarif.js';
import { runCli, tempDir, tempRepo, type CliResult } from '../helpers/temp-repo.js';

interface JsonFinding {
  ruleId: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  message: string;
  fix?: { range: [number, number]; text: string };
}
interface JsonReport {
  version: number;
  findings: JsonFinding[];
  summary: { files: number; errors: number; warnings: number; legacy: number };
}

const cleanups: (() => void)[] = [];
test.after(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A rule folder outside every repository: call-boom (error), call-warn (warning, fixable), js-boom. */
function rules(): string {
  const folder = tempDir();
  cleanups.push(folder.cleanup);
  return writeRules(
    join(folder.dir, 'rules'),
    pyCall('call-boom', 'boom', 'error'),
    pyCall('call-warn', 'warn', 'warning', {
      fix: { target: 'fn', template: 'warned' },
      cases: { invalid: [{ code: 'warn()\n', output: 'warned()\n' }], valid: ['warned()\n'] },
    }),
    pyCall('call-info', 'note', 'info'),
    jsCall('js-boom', 'boom', 'error'),
  );
}

function repo(): ReturnType<typeof tempRepo> {
  const r = tempRepo();
  cleanups.push(r.cleanup);
  return r;
}

function plainDir(): ReturnType<typeof tempDir> {
  const d = tempDir();
  cleanups.push(d.cleanup);
  return d;
}

const own = (dir: string): string[] => ['--rules', dir, '--no-builtin'];

function json(result: CliResult): JsonReport {
  try {
    return JSON.parse(result.stdout) as JsonReport;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

const where = (report: JsonReport): string[] => report.findings.map((f) => `${f.path}:${f.line} ${f.ruleId}`);

/** Exit 2 with exactly one `attractor-lint: ...` line on stderr and no stack trace. */
function assertFatal(result: CliResult, pattern: RegExp): void {
  assert.is(result.code, 2, `exit code (stderr: ${result.stderr})`);
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  assert.is(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0] as string, /^attractor-lint: /);
  assert.match(lines[0] as string, pattern);
  assert.not.match(result.stderr, /\n\s+at /, 'no stack trace');
  assert.not.match(result.stderr, /internal error/);
}

test('--format json: exact keys in order, 1-based positions, fix only when fixable, exit 1 on errors', () => {
  const dir = rules();
  const r = repo();
  r.write('app.py', 'x = 1\nif x:\n    boom(x)\nwarn()\n');
  const result = runCli([...own(dir), '--format', 'json'], { cwd: r.dir });
  assert.is(result.code, 1);
  assert.is(result.stdout.trimEnd().split('\n').length, 1, 'a single line of JSON');
  const report = json(result);
  assert.equal(Object.keys(report), ['version', 'findings', 'summary']);
  assert.is(report.version, 1);
  assert.equal(Object.keys(report.summary), ['files', 'errors', 'warnings', 'legacy']);
  assert.equal(report.summary, { files: 1, errors: 1, warnings: 1, legacy: 0 });
  const [boom, warn] = report.findings;
  assert.equal(Object.keys(boom!), ['ruleId', 'path', 'line', 'column', 'endLine', 'endColumn', 'severity', 'message']);
  assert.equal(boom, { ruleId: 'call-boom', path: 'app.py', line: 3, column: 5, endLine: 3, endColumn: 12, severity: 'error', message: 'call to boom' });
  assert.equal(Object.keys(warn!), ['ruleId', 'path', 'line', 'column', 'endLine', 'endColumn', 'severity', 'message', 'fix']);
  assert.equal(Object.keys(warn!.fix!), ['range', 'text']);
  // The fix range is in UTF-16 code units of the file: applying it gives the fixed source.
  const source = readFileSync(join(r.dir, 'app.py'), 'utf8');
  const { range, text } = warn!.fix!;
  assert.is(source.slice(0, range[0]) + text + source.slice(range[1]), 'x = 1\nif x:\n    boom(x)\nwarned()\n');
});

test('columns count UTF-16 code units; multi-line findings report their end line', () => {
  const dir = rules();
  const r = repo();
  r.write('u.py', 'x = "é😀"; boom(1,\n  2)\n');
  const [f] = json(runCli([...own(dir), '-f', 'json'], { cwd: r.dir })).findings;
  assert.equal([f!.line, f!.column, f!.endLine, f!.endColumn], [1, 12, 2, 5]);
});

test('exit codes: 0 with no findings, 0 with only warnings and info, 1 with an error', () => {
  const dir = rules();
  const r = repo();
  r.write('clean.py', 'print(1)\n');
  const clean = runCli([...own(dir), '--format', 'json'], { cwd: r.dir });
  assert.is(clean.code, 0, clean.stderr);
  assert.equal(json(clean), { version: 1, findings: [], summary: { files: 1, errors: 0, warnings: 0, legacy: 0 } });
  r.write('w.py', 'warn()\nnote()\n');
  const warnings = runCli([...own(dir), '--format', 'json'], { cwd: r.dir });
  assert.is(warnings.code, 0);
  assert.equal(json(warnings).findings.map((f) => f.severity), ['warning', 'info']);
  assert.equal(json(warnings).summary, { files: 2, errors: 0, warnings: 1, legacy: 0 });
  r.write('e.py', 'boom()\n');
  assert.is(runCli(own(dir), { cwd: r.dir }).code, 1);
});

test('--max-warnings N: exit 1 only when warnings exceed N', () => {
  const dir = rules();
  const r = repo();
  r.write('w.py', 'warn()\nwarn()\nnote()\n');
  assert.is(runCli([...own(dir), '--max-warnings', '2'], { cwd: r.dir }).code, 0);
  const over = runCli([...own(dir), '--max-warnings', '1'], { cwd: r.dir });
  assert.is(over.code, 1);
  assert.match(over.stderr, /2 warnings exceed --max-warnings 1/);
  assert.is(runCli([...own(dir), '--max-warnings=0', '--format', 'json'], { cwd: r.dir }).code, 1);
  // Errors fail the run whatever the limit.
  r.write('e.py', 'boom()\n');
  assert.is(runCli([...own(dir), '--max-warnings', '99'], { cwd: r.dir }).code, 1);
});

test('--quiet reports errors only; warnings then neither print nor count', () => {
  const dir = rules();
  const r = repo();
  r.write('a.py', 'warn()\nboom()\nnote()\n');
  const quiet = runCli([...own(dir), '--quiet', '--format', 'json'], { cwd: r.dir });
  assert.is(quiet.code, 1);
  assert.equal(where(json(quiet)), ['a.py:2 call-boom']);
  assert.equal(json(quiet).summary, { files: 1, errors: 1, warnings: 0, legacy: 0 });
  r.write('a.py', 'warn()\n');
  const onlyWarnings = runCli([...own(dir), '-q', '--max-warnings', '0'], { cwd: r.dir });
  assert.is(onlyWarnings.code, 0);
  assert.is(onlyWarnings.stdout, '');
});

test('stylish: findings grouped by file, a summary line, no colour when not a terminal', () => {
  const dir = rules();
  const r = repo();
  r.write('a.py', 'boom()\nwarn()\n');
  const result = runCli(own(dir), { cwd: r.dir });
  assert.is(result.code, 1);
  assert.not.match(result.stdout, /\u001b\[/);
  const lines = result.stdout.split('\n').map((line) => line.trimEnd());
  assert.ok(lines.includes('a.py'), result.stdout);
  assert.ok(lines.some((line) => /^\s+1:1\s+error\s+call to boom\s+call-boom$/.test(line)), result.stdout);
  assert.ok(lines.some((line) => /^\s+2:1\s+warning\s+call to warn\s+call-warn$/.test(line)), result.stdout);
  assert.ok(lines.some((line) => /2 problems \(1 error, 1 warning\)/.test(line)), result.stdout);
  r.write('a.py', 'print(1)\n');
  const clean = runCli(own(dir), { cwd: r.dir });
  assert.is(clean.code, 0);
  assert.is(clean.stdout, '');
});

test('no paths in a repository: tracked and untracked files, .gitignore and default excludes respected', () => {
  const dir = rules();
  const r = repo();
  r.write('tracked.py', 'boom()\n');
  r.write('.gitignore', 'ignored.py\ngenerated/\n');
  r.commit('init');
  r.write('untracked.py', 'boom()\n');
  r.write('ignored.py', 'boom()\n');
  r.write('generated/out.py', 'boom()\n');
  r.write('node_modules/pkg/index.js', 'boom();\n');
  r.write('web/app.ts', 'boom();\n');
  r.write('notes.txt', 'boom()\n');
  const report = json(runCli([...own(dir), '--format', 'json'], { cwd: r.dir }));
  assert.equal(where(report), ['tracked.py:1 call-boom', 'untracked.py:1 call-boom', 'web/app.ts:1 js-boom']);
  assert.is(report.summary.files, 3);
  // A file named explicitly is checked even when ignored.
  assert.equal(where(json(runCli([...own(dir), '--format', 'json', 'ignored.py'], { cwd: r.dir }))), ['ignored.py:1 call-boom']);
});

test('every supported extension is checked, with -j accepted', () => {
  const dir = rules();
  const r = repo();
  for (const ext of ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'mts', 'cts']) r.write(`src/a.${ext}`, 'boom();\n');
  for (const ext of ['py', 'pyi', 'pyw']) r.write(`src/b.${ext}`, 'boom()\n');
  const expected = ['a.cjs', 'a.cts', 'a.js', 'a.jsx', 'a.mjs', 'a.mts', 'a.ts', 'a.tsx', 'b.py', 'b.pyi', 'b.pyw'].map((f) => `src/${f}:1`);
  const found = (args: string[]): string[] => json(runCli([...own(dir), '--format', 'json', '--no-cache', ...args], { cwd: r.dir })).findings.map((f) => `${f.path}:${f.line}`).sort();
  assert.equal(found([]), expected);
  assert.equal(found(['-j', '1']), expected);
});

test('paths: files and directories, relative to a subdirectory as the current directory', () => {
  const dir = rules();
  const r = repo();
  r.write('top.py', 'boom()\n');
  r.write('pkg/a.py', 'boom()\n');
  r.write('pkg/deep/b.py', 'boom()\n');
  r.write('other/c.py', 'boom()\n');
  const cwd = join(r.dir, 'pkg');
  assert.equal(where(json(runCli([...own(dir), '--format', 'json'], { cwd }))), ['a.py:1 call-boom', 'deep/b.py:1 call-boom']);
  assert.equal(where(json(runCli([...own(dir), '--format', 'json', 'deep'], { cwd }))), ['deep/b.py:1 call-boom']);
  const paths = where(json(runCli([...own(dir), '--format', 'json', '../other', '../top.py', 'deep/b.py'], { cwd }))).sort();
  assert.equal(paths, ['../other/c.py:1 call-boom', '../top.py:1 call-boom', 'deep/b.py:1 call-boom']);
  // `check` is the default command and may be named.
  assert.equal(where(json(runCli(['check', ...own(dir), '--format', 'json', 'deep'], { cwd }))), ['deep/b.py:1 call-boom']);
});

test('outside a git repository: directories are walked, from any folder', () => {
  const dir = rules();
  const d = plainDir();
  d.write('a.py', 'boom()\n');
  d.write('sub/b.py', 'boom()\n');
  d.write('sub/.gitignore', 'b.py\n'); // no repository, so no .gitignore semantics
  d.write('node_modules/x/c.py', 'boom()\n');
  d.write('dist/d.py', 'boom()\n');
  const top = runCli([...own(dir), '--format', 'json'], { cwd: d.dir });
  assert.is(top.code, 1, top.stderr);
  assert.equal(where(json(top)), ['a.py:1 call-boom', 'sub/b.py:1 call-boom']);
  assert.equal(where(json(runCli([...own(dir), '--format', 'json'], { cwd: join(d.dir, 'sub') }))), ['b.py:1 call-boom']);
  assert.equal(where(json(runCli([...own(dir), '--format', 'json', '..'], { cwd: join(d.dir, 'sub') }))), ['../a.py:1 call-boom', 'b.py:1 call-boom']);
});

test('a directory of another repository (or of none) named from inside a repository is listed by its own rules', () => {
  const dir = rules();
  const here = repo();
  here.write('mine.py', 'boom()\n');
  const there = repo();
  there.write('.gitignore', 'skip.py\n');
  there.write('lib/kept.py', 'boom()\n');
  there.write('lib/skip.py', 'boom()\n');
  const plain = plainDir();
  plain.write('loose/x.py', 'boom()\n');
  const result = runCli([...own(dir), '--format', 'json', join(there.dir, 'lib'), join(plain.dir, 'loose')], { cwd: here.dir });
  assert.is(result.code, 1, result.stderr);
  const paths = json(result).findings.map((f) => f.path.split('/').slice(-2).join('/'));
  assert.equal(paths.sort(), ['lib/kept.py', 'loose/x.py']);
  // And the other way round: a repository's folder named from outside any repository.
  const back = runCli([...own(dir), '--format', 'json', join(there.dir, 'lib')], { cwd: plain.dir });
  assert.equal(json(back).findings.map((f) => f.path.split('/').slice(-1)[0]), ['kept.py']);
});

test('--rules is repeatable and replaces ruleDirs; the built-in pack stays unless --no-builtin', () => {
  const r = repo();
  const a = rules();
  const b = writeRules(join(plainDir().dir, 'more'), pyCall('call-bang', 'bang', 'error'));
  const configured = writeRules(join(r.dir, 'team-rules'), pyCall('call-team', 'team', 'error'));
  r.write('.attractorrc.json', JSON.stringify({ ruleDirs: ['team-rules'], builtin: true }));
  r.write('a.py', 'boom()\nbang()\nteam()\n');
  assert.ok(existsSync(configured));
  const configuredRun = json(runCli(['--no-builtin', '--format', 'json'], { cwd: r.dir }));
  assert.equal(where(configuredRun), ['a.py:3 call-team']);
  const both = json(runCli(['--rules', a, '--rules', b, '--no-builtin', '--format', 'json'], { cwd: r.dir }));
  assert.equal(where(both), ['a.py:1 call-boom', 'a.py:2 call-bang']);
  // The built-in pack: `test --format json` lists which rule files were loaded.
  type TestReport = { rules: { ruleId: string; file: string }[]; passed: number; failed: number };
  const withBuiltin = JSON.parse(runCli(['test', '--rules', b, '--format', 'json'], { cwd: r.dir }).stdout) as TestReport;
  assert.ok(withBuiltin.rules.some((rule) => rule.file.startsWith('<builtin>/')), 'built-in rules are loaded by default');
  assert.ok(withBuiltin.rules.some((rule) => rule.ruleId === 'call-bang'));
  assert.not.ok(withBuiltin.rules.some((rule) => rule.ruleId === 'call-team'), '--rules replaces ruleDirs');
  const without = JSON.parse(runCli(['test', '--rules', b, '--no-builtin', '--format', 'json'], { cwd: r.dir }).stdout) as TestReport;
  assert.equal(without.rules.map((rule) => rule.ruleId), ['call-bang']);
});

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; defaultConfiguration: { level: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

test('--format sarif: valid against the SARIF 2.1.0 schema, with what GitHub code scanning needs', () => {
  const dir = rules();
  const r = repo();
  r.write('src/app.py', 'boom()\nwarn()\nnote()\n');
  r.write('src/we ird#1 é.py', 'x = 1\nboom()\n');
  r.write('web/a.js', 'boom();\n');
  const result = runCli([...own(dir), '--format', 'sarif'], { cwd: join(r.dir, 'src') });
  assert.is(result.code, 1, result.stderr);
  const log = JSON.parse(result.stdout) as SarifLog;
  assert.equal(validateSarif(log), []);
  assert.is(log.version, '2.1.0');
  assert.is(log.runs.length, 1);
  const [run] = log.runs;
  assert.is(run!.tool.driver.name, 'attractor-lint');
  assert.equal(run!.results.map((res) => [res.ruleId, res.level]), [['call-boom', 'error'], ['call-warn', 'warning'], ['call-info', 'note'], ['call-boom', 'error']]);
  for (const res of run!.results) {
    const rule = run!.tool.driver.rules[res.ruleIndex];
    assert.is(rule?.id, res.ruleId, 'ruleIndex points at the rule');
    assert.is(rule?.defaultConfiguration.level, res.level);
    assert.ok(res.message.text.length > 0);
    assert.ok(Object.values(res.partialFingerprints)[0], 'a fingerprint for alert tracking');
    const { artifactLocation, region } = res.locations[0]!.physicalLocation;
    assert.is(artifactLocation.uriBaseId, '%SRCROOT%');
    // URIs are relative to the repository root (not the current directory) and resolve to the file.
    const resolved = new URL(artifactLocation.uri, pathToFileURL(`${r.dir}/`));
    assert.ok(existsSync(resolved), `${artifactLocation.uri} resolves to a file`);
    assert.ok(artifactLocation.uri.startsWith('src/'), artifactLocation.uri);
    assert.ok(region.startLine! >= 1 && region.startColumn! >= 1);
  }
  // No findings is still a valid log with an empty result list.
  r.write('src/app.py', 'print(1)\n');
  rmSync(join(r.dir, 'src/we ird#1 é.py'));
  rmSync(join(r.dir, 'web'), { recursive: true });
  const empty = runCli([...own(dir), '--format', 'sarif'], { cwd: r.dir });
  assert.is(empty.code, 0);
  const emptyLog = JSON.parse(empty.stdout) as SarifLog;
  assert.equal(validateSarif(emptyLog), []);
  assert.equal(emptyLog.runs[0]!.results, []);
});

test('the SARIF schema check can fail', () => {
  const dir = rules();
  const r = repo();
  r.write('a.py', 'boom()\n');
  const log = JSON.parse(runCli([...own(dir), '--format', 'sarif'], { cwd: r.dir }).stdout) as SarifLog;
  assert.equal(validateSarif(log), []);
  (log.runs[0]!.results[0] as { level: string }).level = 'fatal';
  assert.ok(validateSarif(log).length > 0);
});

test('baseline: stable across inserted lines, still reports a new finding, --no-baseline shows all', () => {
  const dir = rules();
  const r = repo();
  r.write('a.py', 'boom()\nwarn()\n');
  r.write('pkg/b.py', 'boom()\n');
  r.commit('legacy');
  const recorded = runCli(['baseline', ...own(dir)], { cwd: r.dir });
  assert.is(recorded.code, 0, recorded.stderr);
  assert.match(recorded.stdout, /recorded 3 findings/);
  const file = JSON.parse(readFileSync(join(r.dir, '.attractor/baseline.json'), 'utf8')) as { version: number; findings: Record<string, { ruleId: string; path: string }> };
  assert.is(file.version, 1);
  assert.equal(Object.values(file.findings).map((f) => `${f.path} ${f.ruleId}`).sort(), ['a.py call-boom', 'a.py call-warn', 'pkg/b.py call-boom']);

  assert.is(runCli(own(dir), { cwd: r.dir }).code, 0);
  r.write('a.py', '"""Module docs."""\nimport os\n\n\ndef f():\n    pass\n\nboom()\nwarn()\n');
  const shifted = runCli([...own(dir), '--format', 'json'], { cwd: r.dir });
  assert.is(shifted.code, 0, shifted.stdout);
  assert.equal(json(shifted).findings, []);

  r.write('a.py', '"""Module docs."""\nimport os\n\n\ndef f():\n    boom()\n\nboom()\nwarn()\n');
  const fresh = runCli([...own(dir), '--format', 'json'], { cwd: r.dir });
  assert.is(fresh.code, 1);
  assert.is(json(fresh).findings.length, 1, 'exactly one new finding');
  assert.is(json(fresh).findings[0]!.ruleId, 'call-boom');
  assert.equal(json(fresh).summary, { files: 2, errors: 1, warnings: 0, legacy: 0 });

  const all = json(runCli([...own(dir), '--format', 'json', '--no-baseline'], { cwd: r.dir }));
  assert.equal(where(all), ['a.py:6 call-boom', 'a.py:8 call-boom', 'a.py:9 call-warn', 'pkg/b.py:1 call-boom']);
});

test('baseline from a subdirectory keeps what was recorded for other paths', () => {
  const dir = rules();
  const r = repo();
  r.write('a.py', 'boom()\n');
  r.write('pkg/b.py', 'boom()\n');
  assert.is(runCli(['baseline', ...own(dir)], { cwd: r.dir }).code, 0);
  r.write('pkg/b.py', 'boom()\nboom(2)\n');
  const partial = runCli(['baseline', ...own(dir)], { cwd: join(r.dir, 'pkg') });
  assert.is(partial.code, 0, partial.stderr);
  assert.match(partial.stdout, /recorded 2 findings/);
  assert.is(runCli(own(dir), { cwd: r.dir }).code, 0, 'a.py stays in the baseline');
  // A corrupt baseline makes check fail clearly, and `baseline` re-creates it.
  r.write('.attractor/baseline.json', '{"version": 1, "findings": ');
  assertFatal(runCli(own(dir), { cwd: r.dir }), /\.attractor\/baseline\.json: not a baseline file/);
  assert.is(runCli(['baseline', ...own(dir)], { cwd: r.dir }).code, 0);
  assert.is(runCli(own(dir), { cwd: r.dir }).code, 0);
});

test('baseline: the config key `baseline` moves the file', () => {
  const dir = rules();
  const r = repo();
  r.write('.attractorrc.json', JSON.stringify({ baseline: 'lint/known.json' }));
  r.write('a.py', 'boom()\n');
  assert.is(runCli(['baseline', ...own(dir)], { cwd: r.dir }).code, 0);
  assert.ok(existsSync(join(r.dir, 'lint/known.json')));
  assert.not.ok(existsSync(join(r.dir, '.attractor/baseline.json')));
  assert.is(runCli(own(dir), { cwd: r.dir }).code, 0);
});

test('inline suppressions in Python and JavaScript; unknown rule ids are reported', () => {
  const dir = rules();
  const r = repo();
  r.write(
    'a.py',
    [
      '# attractor-lint: disable-next-line call-boom',
      'boom()',
      'boom()  # attractor-lint: disable-line call-boom',
      'boom()',
      '# attractor-lint: disable-next-line call-warn',
      'boom()',
      '# attractor-lint: disable-next-line no-such-rule',
      'warn()',
      '',
    ].join('\n'),
  );
  r.write('b.ts', '// attractor-lint-disable-next-line js-boom\nboom();\nboom(); // attractor-lint-disable-line js-boom\nboom();\n');
  r.write('c.py', '# attractor-lint: disable-file call-boom\nboom()\nwarn()\n');
  r.write('d.js', '/* attractor-lint-disable-file */\nboom();\n');
  const report = json(runCli([...own(dir), '--format', 'json'], { cwd: r.dir }));
  assert.equal(where(report), [
    'a.py:4 call-boom',
    'a.py:6 call-boom',
    'a.py:7 unknown-rule-in-suppression',
    'a.py:8 call-warn',
    'b.ts:4 js-boom',
    'c.py:3 call-warn',
  ]);
  const unknown = report.findings.find((f) => f.ruleId === 'unknown-rule-in-suppression')!;
  assert.is(unknown.severity, 'warning');
  assert.match(unknown.message, /no-such-rule/);
  assert.equal([unknown.column, unknown.endColumn], [37, 49]);
});

test('test command: exit 0 when every case passes, 1 when one fails, 2 for an unknown rule id', () => {
  const dir = rules();
  const r = repo();
  const ok = runCli(['test', ...own(dir)], { cwd: r.dir });
  assert.is(ok.code, 0, ok.stdout);
  assert.match(ok.stdout, /4 rules passed, 0 failed/);
  const one = JSON.parse(runCli(['test', ...own(dir), 'call-warn', '--format', 'json'], { cwd: r.dir }).stdout) as { rules: { ruleId: string }[]; passed: number; failed: number };
  assert.equal([one.rules.map((x) => x.ruleId), one.passed, one.failed], [['call-warn'], 1, 0]);
  assertFatal(runCli(['test', ...own(dir), 'call-typo'], { cwd: r.dir }), /"call-typo"/);

  const broken = writeRules(join(plainDir().dir, 'broken'), pyCall('call-boom', 'boom', 'error', { cases: { invalid: ['bam()\n'], valid: ['boom()\n'] } }));
  const failed = runCli(['test', '--rules', broken, '--no-builtin'], { cwd: r.dir });
  assert.is(failed.code, 1);
  assert.match(failed.stdout, /FAIL call-boom/);
  assert.match(failed.stdout, /invalid\[0\].*must fire/);
  assert.match(failed.stdout, /valid\[0\].*must not fire/);
});

test('bad arguments: exit 2 with one line', () => {
  const dir = rules();
  const r = repo();
  r.write('a.py', 'boom()\n');
  assertFatal(runCli([...own(dir), '--bogus'], { cwd: r.dir }), /unknown option --bogus/);
  assertFatal(runCli([...own(dir), '--format', 'xml'], { cwd: r.dir }), /--format.*"xml"/);
  assertFatal(runCli([...own(dir), '--format'], { cwd: r.dir }), /option --format needs a value/);
  assertFatal(runCli([...own(dir), '--staged=yes'], { cwd: r.dir }), /option --staged does not take a value/);
  assertFatal(runCli([...own(dir), '--max-warnings', 'lots'], { cwd: r.dir }), /--max-warnings expects a whole number/);
  assertFatal(runCli([...own(dir), '-j', 'x'], { cwd: r.dir }), /--jobs/);
  assertFatal(runCli([...own(dir), '--staged', 'a.py'], { cwd: r.dir }), /--staged/);
  assertFatal(runCli(['baseline', '--format', 'json'], { cwd: r.dir }), /unknown option --format/);
  assertFatal(runCli(['--rules', join(r.dir, 'nowhere'), '--no-builtin'], { cwd: r.dir }), /nowhere: rules folder not found/);
});

test('--staged outside a git repository: exit 2 with one line', () => {
  const dir = rules();
  const d = plainDir();
  d.write('a.py', 'boom()\n');
  assertFatal(runCli([...own(dir), '--staged'], { cwd: d.dir }), /not inside a git repository/);
});

test('--help and --version exit 0', () => {
  const d = plainDir();
  const help = runCli(['--help'], { cwd: d.dir });
  assert.is(help.code, 0);
  assert.match(help.stdout, /--max-warnings/);
  const version = runCli(['--version'], { cwd: d.dir });
  assert.is(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
});

test('the result cache gives the same answers, follows rule changes, and --no-cache writes none', () => {
  const dir = rules();
  const r = repo();
  r.write('a.py', 'boom()\n# attractor-lint: disable-next-line call-info\nnote()\n');
  r.write('.attractorrc.json', JSON.stringify({ ruleDirs: [dir], builtin: false, rules: { 'call-info': 'off' } }));
  const first = runCli(['--format', 'json'], { cwd: r.dir });
  assert.ok(existsSync(join(r.dir, '.attractor/cache')), 'the cache is written');
  assert.is(runCli(['--format', 'json'], { cwd: r.dir }).stdout, first.stdout);
  assert.equal(where(json(first)), ['a.py:1 call-boom']);
  // The rule that was off is deleted: its suppression now names an unknown rule.
  rmSync(join(dir, 'call-info.json'));
  r.write('.attractorrc.json', JSON.stringify({ ruleDirs: [dir], builtin: false }));
  assert.equal(where(json(runCli(['--format', 'json'], { cwd: r.dir }))), ['a.py:1 call-boom', 'a.py:2 unknown-rule-in-suppression']);
  // A corrupt cache is a note, not a failure.
  const cacheDir = join(r.dir, '.attractor/cache');
  r.write('.attractor/cache/check-v1.json', '{torn');
  const torn = runCli(['--format', 'json'], { cwd: r.dir });
  assert.is(torn.code, 1);
  assert.match(torn.stderr, /cache/);
  assert.equal(where(json(torn)), ['a.py:1 call-boom', 'a.py:2 unknown-rule-in-suppression']);
  rmSync(cacheDir, { recursive: true });
  runCli(['--format', 'json', '--no-cache'], { cwd: r.dir });
  assert.not.ok(existsSync(cacheDir));
});

test('symlinked and explicitly named directories are followed; a broken link named explicitly is a note', () => {
  const dir = rules();
  const d = plainDir();
  d.write('real/a.py', 'boom()\n');
  mkdirSync(join(d.dir, 'dir.py'));
  d.write('dir.py/inner.py', 'boom()\n');
  symlinkSync(join(d.dir, 'real'), join(d.dir, 'linked'));
  symlinkSync(join(d.dir, 'missing.py'), join(d.dir, 'broken.py'));
  const result = runCli([...own(dir), '--format', 'json', 'linked', 'dir.py', 'broken.py'], { cwd: d.dir });
  assert.is(result.code, 1);
  assert.equal(where(json(result)).sort(), ['dir.py/inner.py:1 call-boom', 'linked/a.py:1 call-boom']);
  assert.match(result.stderr, /broken\.py: broken symbolic link/);
});

test.run();
