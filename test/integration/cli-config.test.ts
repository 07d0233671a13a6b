// Configuration through the CLI: every file format cosmiconfig finds, the search from the current
// directory up to the repository root (and not beyond), --config, and one-line errors naming the
// file and key for anything wrong.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pyCall, writeRules } from '../helpers/rules.js';
import { gitEnv, runCli, tempDir, tempRepo, type CliResult } from '../helpers/temp-repo.js';

const cleanups: (() => void)[] = [];
test.after(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/**
 * A repository with a rule folder `lint-rules/` (call-boom error, call-warn warning) and
 * `pkg/sub/a.py` calling both. Configurations below point ruleDirs at the folder and raise
 * call-warn to an error, so whether a configuration was read shows in the findings.
 */
function project(): ReturnType<typeof tempRepo> {
  const r = tempRepo();
  cleanups.push(r.cleanup);
  writeRules(join(r.dir, 'lint-rules'), pyCall('call-boom', 'boom', 'error'), pyCall('call-warn', 'warn', 'warning'));
  r.write('pkg/sub/a.py', 'boom()\nwarn()\n');
  return r;
}

const CONFIG = { ruleDirs: ['lint-rules'], builtin: false, rules: { 'call-warn': 'error' } };
const YAML = 'ruleDirs:\n  - lint-rules\nbuiltin: false\nrules:\n  call-warn: error\n';

function severities(result: CliResult): string[] {
  let report: { findings: { ruleId: string; severity: string }[] };
  try {
    report = JSON.parse(result.stdout) as typeof report;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  return report.findings.map((f) => `${f.ruleId}:${f.severity}`);
}

function assertFatal(result: CliResult, ...patterns: RegExp[]): void {
  assert.is(result.code, 2, `exit code (stdout: ${result.stdout} stderr: ${result.stderr})`);
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  assert.is(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0] as string, /^attractor-lint: /);
  for (const pattern of patterns) assert.match(lines[0] as string, pattern);
  assert.not.match(result.stderr, /\n\s+at |internal error/);
}

const check = (cwd: string, ...args: string[]): CliResult => runCli(['--format', 'json', ...args], { cwd });

const FORMATS: [string, string, Record<string, string>?][] = [
  ['.attractorrc', JSON.stringify(CONFIG)],
  ['.attractorrc (YAML)', YAML],
  ['.attractorrc.json', JSON.stringify(CONFIG, null, 2)],
  ['.attractorrc.yaml', YAML],
  ['.attractorrc.yml', YAML],
  ['attractor.config.js', `export default ${JSON.stringify(CONFIG)};\n`, { 'package.json': '{"type":"module"}' }],
  ['attractor.config.js', `module.exports = ${JSON.stringify(CONFIG)};\n`, { 'package.json': '{"name":"commonjs-package"}' }],
  ['attractor.config.cjs', `module.exports = ${JSON.stringify(CONFIG)};\n`],
  ['attractor.config.mjs', `export default ${JSON.stringify(CONFIG)};\n`],
  ['.attractorrc.cjs', `module.exports = ${JSON.stringify(CONFIG)};\n`],
  ['package.json', JSON.stringify({ name: 'app', attractor: CONFIG })],
];

for (const [label, content, extra] of FORMATS) {
  const name = label.split(' ')[0] as string;
  const flavour = extra?.['package.json'] ? ` (${extra['package.json'].includes('module') ? 'ESM' : 'CommonJS'} package)` : '';
  test(`${label}${flavour} at the repository root is found from a subdirectory`, () => {
    const r = project();
    r.write(name, content);
    for (const [file, text] of Object.entries(extra ?? {})) r.write(file, text);
    const result = check(join(r.dir, 'pkg/sub'));
    assert.is(result.code, 1, result.stderr);
    assert.equal(severities(result), ['call-boom:error', 'call-warn:error']);
  });
}

test('without a configuration the defaults apply (warn stays a warning)', () => {
  const r = project();
  assert.equal(severities(check(join(r.dir, 'pkg/sub'), '--rules', join(r.dir, 'lint-rules'), '--no-builtin')), ['call-boom:error', 'call-warn:warning']);
});

test('the nearest configuration wins; relative paths are resolved against its folder', () => {
  const r = project();
  r.write('.attractorrc.json', JSON.stringify({ bogus: 'never read' }));
  writeRules(join(r.dir, 'pkg/local-rules'), pyCall('call-warn', 'warn', 'info'));
  r.write('pkg/.attractorrc.yaml', 'ruleDirs: [local-rules]\nbuiltin: false\n');
  const result = check(join(r.dir, 'pkg/sub'));
  assert.is(result.code, 0, result.stderr);
  assert.equal(severities(result), ['call-warn:info']);
});

test('a configuration above the repository root is never read', () => {
  const outer = tempDir();
  cleanups.push(outer.cleanup);
  outer.write('.attractorrc.json', JSON.stringify({ bogus: true }));
  outer.write('package.json', JSON.stringify({ name: 'outer', attractor: { rules: { 'call-boom': 'off' } } }));
  const repoDir = join(outer.dir, 'repo');
  mkdirSync(repoDir);
  execFileSync('git', ['init', '-q'], { cwd: repoDir, env: gitEnv(), stdio: 'ignore' });
  writeRules(join(repoDir, 'lint-rules'), pyCall('call-boom', 'boom', 'error'));
  outer.write('repo/pkg/a.py', 'boom()\n');
  const result = check(join(repoDir, 'pkg'), '--rules', '../lint-rules', '--no-builtin');
  assert.is(result.code, 1, result.stderr);
  assert.equal(severities(result), ['call-boom:error']);
  // The same configuration inside the repository is read (and rejected): the test can fail.
  outer.write('repo/.attractorrc.json', JSON.stringify({ bogus: true }));
  assertFatal(check(join(repoDir, 'pkg'), '--rules', '../lint-rules', '--no-builtin'), /bogus/);
});

test('outside a repository the current directory configuration is read', () => {
  const d = tempDir();
  cleanups.push(d.cleanup);
  writeRules(join(d.dir, 'lint-rules'), pyCall('call-boom', 'boom', 'error'), pyCall('call-warn', 'warn', 'warning'));
  d.write('a.py', 'boom()\nwarn()\n');
  d.write('.attractorrc.yaml', YAML);
  assert.equal(severities(check(d.dir)), ['call-boom:error', 'call-warn:error']);
});

test('-c/--config FILE: any name and place, paths relative to it, a missing file is exit 2', () => {
  const r = project();
  const elsewhere = tempDir();
  cleanups.push(elsewhere.cleanup);
  writeRules(join(elsewhere.dir, 'shared-rules'), pyCall('call-warn', 'warn', 'info'));
  elsewhere.write('team-lint.json', JSON.stringify({ ruleDirs: ['shared-rules'], builtin: false }));
  r.write('.attractorrc.json', JSON.stringify({ bogus: 'ignored when -c is given' }));
  const cwd = join(r.dir, 'pkg/sub');
  assert.equal(severities(check(cwd, '-c', join(elsewhere.dir, 'team-lint.json'))), ['call-warn:info']);
  r.write('ci.yaml', YAML);
  assert.equal(severities(check(cwd, '--config', '../../ci.yaml')), ['call-boom:error', 'call-warn:error']);
  assertFatal(check(cwd, '--config', 'missing.json'), /missing\.json: file not found/);
});

test('unknown keys and wrong types: exit 2 naming the file and the key', () => {
  const cases: [string, string, RegExp[]][] = [
    ['.attractorrc.json', '{"ruleDir": ["x"]}', [/\.attractorrc\.json: ruleDir: unknown key/]],
    ['.attractorrc.json', '{"cache": {"enable": false}}', [/cache\.enable: unknown key/]],
    ['.attractorrc.json', '{"maxFileSize": "1MB"}', [/maxFileSize: expected a number, got string/]],
    ['.attractorrc.json', '{"maxFileSize": 0}', [/maxFileSize: must be a positive whole number/]],
    ['.attractorrc.json', '{"maxFileSize": 10.5}', [/maxFileSize: must be a positive whole number/]],
    ['.attractorrc.json', '{"builtin": "no"}', [/builtin: expected a boolean, got string/]],
    ['.attractorrc.json', '{"exclude": "dist"}', [/exclude: expected a list of strings, got string/]],
    ['.attractorrc.json', '{"include": [1]}', [/include: expected a list of strings, got list/]],
    ['.attractorrc.json', '{"llm": {"retries": "2"}}', [/llm\.retries: expected a number/]],
    ['.attractorrc.json', '{"learn": []}', [/learn: expected an object, got list/]],
    ['.attractorrc.json', '{"rules": {"call-boom": "fatal"}}', [/rules\.call-boom: expected one of error, warning, info, off/]],
    ['.attractorrc.json', '{"rules": ["call-boom"]}', [/rules: expected an object/]],
    ['.attractorrc.json', '{"extensions": {"pyx": "python"}}', [/extensions\.pyx: an extension starts with a dot/]],
    ['.attractorrc.json', '{"extensions": {".pyx": "cython"}}', [/extensions\.\.pyx: expected one of python, javascript, typescript/]],
    ['.attractorrc.json', '[1, 2]', [/\.attractorrc\.json: \(top level\): expected an object, got list/]],
    ['.attractorrc.yaml', 'builtin: maybe\n', [/\.attractorrc\.yaml: builtin: expected a boolean/]],
    ['attractor.config.mjs', 'export default { cache: { dir: 3 } };\n', [/attractor\.config\.mjs: cache\.dir: expected a string, got number/]],
    ['package.json', '{"name": "x", "attractor": {"ruleDirs": "lint-rules"}}', [/package\.json: ruleDirs: expected a list of strings/]],
  ];
  const r = project();
  for (const [file, content, patterns] of cases) {
    r.write(file, content);
    assertFatal(check(r.dir), ...patterns);
    rmSync(join(r.dir, file));
  }
});

test('a configured severity for a rule id that no rule has is exit 2 naming the file, unless --rules/--no-builtin replaced the rules', () => {
  const r = project();
  r.write('.attractorrc.json', JSON.stringify({ ruleDirs: ['lint-rules'], builtin: false, rules: { 'call-typo': 'off' } }));
  assertFatal(check(join(r.dir, 'pkg')), /\.\.\/\.attractorrc\.json: rules\.call-typo: no rule has this id/);
  const other = writeRules(join(r.dir, 'other-rules'), pyCall('call-boom', 'boom', 'warning'));
  const replaced = check(join(r.dir, 'pkg'), '--rules', other, '--no-builtin');
  assert.is(replaced.code, 0, replaced.stderr);
  assert.equal(severities(replaced), ['call-boom:warning']);
});

test('a configured rules folder that does not exist is exit 2 naming the file and the entry; the learn output may be missing', () => {
  const r = project();
  r.write('.attractorrc.json', JSON.stringify({ ruleDirs: ['lint-rules', 'team-rules'], builtin: false }));
  assertFatal(check(r.dir), /\.attractorrc\.json: ruleDirs\[1\]: folder not found \(team-rules\)/);
  r.write('.attractorrc.json', JSON.stringify({ ruleDirs: ['lint-rules', 'learned'], builtin: false, learn: { out: 'learned' } }));
  const fine = check(r.dir);
  assert.is(fine.code, 1, fine.stderr);
  assert.equal(severities(fine).sort(), ['call-boom:error', 'call-warn:warning']);
});

test('broken configuration files: exit 2 naming the file with the parser reason, no absolute paths', () => {
  const cases: [string, string, RegExp][] = [
    ['.attractorrc.json', '{"builtin": false,,}', /\.attractorrc\.json: cannot load \(.+\)/],
    ['.attractorrc.yaml', 'ruleDirs: [lint-rules\n', /\.attractorrc\.yaml: cannot load \(.*flow collection.*\)/],
    ['.attractorrc', 'ruleDirs: [\n', /\.attractorrc: cannot load \(.+\)/],
    ['attractor.config.mjs', 'export default {\n', /attractor\.config\.mjs: cannot load \(.+\)/],
    ['attractor.config.cjs', 'throw new Error("config exploded")\n', /attractor\.config\.cjs: cannot load \(config exploded\)/],
    ['package.json', '{"name": "x", "attractor": {', /package\.json: cannot load \(.+\)/],
  ];
  const r = project();
  for (const [file, content, pattern] of cases) {
    r.write(file, content);
    const result = check(r.dir);
    assertFatal(result, pattern);
    assert.not.ok(result.stderr.includes(r.dir), `no absolute path in: ${result.stderr}`);
    assert.not.match(result.stderr, /cannot load \(\)/);
    rmSync(join(r.dir, file));
  }
});

test('a broken package.json next to another configuration is reported, not a crash', () => {
  const r = project();
  r.write('.attractorrc.json', JSON.stringify(CONFIG));
  r.write('package.json', '{"name": ');
  assertFatal(check(r.dir), /package\.json: cannot load/);
  // Without any configuration a broken, unrelated package.json is not read at all.
  const plain = project();
  plain.write('package.json', '{"name": ');
  assert.is(check(plain.dir, '--rules', join(plain.dir, 'lint-rules'), '--no-builtin').code, 1);
});

test('include, exclude, extensions, maxFileSize and cache settings take effect', () => {
  const r = project();
  r.write('pkg/gen/out.py', 'boom()\n');
  r.write('pkg/fast.pyx', 'boom()\n');
  r.write('pkg/big.py', `boom()\n${'#'.repeat(200)}\n`);
  r.write('scripts/tool.py', 'boom()\n');
  r.write(
    '.attractorrc.json',
    JSON.stringify({ ruleDirs: ['lint-rules'], builtin: false, include: ['pkg/**'], exclude: ['**/gen/**'], extensions: { '.pyx': 'python' }, maxFileSize: 100, cache: { enabled: false } }),
  );
  const result = check(r.dir);
  const paths = (JSON.parse(result.stdout) as { findings: { path: string; line: number }[] }).findings.map((f) => `${f.path}:${f.line}`);
  assert.equal(paths, ['pkg/fast.pyx:1', 'pkg/sub/a.py:1', 'pkg/sub/a.py:2']);
  assert.match(result.stderr, /skipped pkg\/big\.py: larger than 100 bytes \(maxFileSize\)/);
  assert.not.ok(existsSync(join(r.dir, '.attractor/cache')), 'cache.enabled: false writes no cache');
  // A path named explicitly is checked even when a glob leaves it out.
  const named = check(r.dir, 'scripts/tool.py');
  assert.equal((JSON.parse(named.stdout) as { findings: { path: string }[] }).findings.map((f) => f.path), ['scripts/tool.py']);
});

test('an empty configuration file means the defaults', () => {
  const r = project();
  r.write('.attractorrc.json', '');
  r.write('.attractor/rules/boom.json', JSON.stringify(pyCall('call-boom', 'boom', 'error')));
  const result = check(join(r.dir, 'pkg'), '--no-builtin');
  assert.is(result.code, 1, result.stderr);
  assert.equal(severities(result), ['call-boom:error'], 'the default ruleDirs (.attractor/rules) is used');
});

test.run();
