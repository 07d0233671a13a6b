import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempDir } from '../helpers/temp-repo.js';

const RULE = JSON.stringify({
  id: 'call-risky',
  language: 'python',
  message: 'risky call {{fn}}',
  severity: 'error',
  query: '((call function: (identifier) @fn) @match (#match? @fn "^risky_"))',
  provenance: { origin: 'curated' },
  cases: { invalid: ['risky_a()\n'], valid: ['safe()\n'] },
});

function project(files: number) {
  const dir = tempDir();
  dir.write('rules/call-risky.json', RULE);
  for (let i = 0; i < files; i++) {
    const body = Array.from({ length: 20 }, (_, j) => (j % 7 === i % 7 ? `    risky_${j}(x)\n` : `    safe_${j}(x)\n`)).join('');
    dir.write(`pkg/mod_${String(i).padStart(3, '0')}.py`, `def f_${i}(x):\n${body}`);
  }
  return dir;
}

test('worker threads and the sequential path report the same findings', () => {
  const dir = project(320);
  try {
    const args = ['--rules', 'rules', '--no-builtin', '--format', 'json', '--no-cache'];
    const one = runCli([...args, '-j', '1'], { cwd: dir.dir });
    const two = runCli([...args, '-j', '2'], { cwd: dir.dir });
    assert.is(one.code, 1, one.stderr);
    assert.is(two.code, 1, two.stderr);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    assert.ok(a.findings.length > 300);
    assert.equal(b, a);
    assert.is(a.summary.files, 320);
  } finally {
    dir.cleanup();
  }
});

test('a warm cache gives the same result as a cold run, and a changed file is re-checked', () => {
  const dir = project(30);
  try {
    const args = ['--rules', 'rules', '--no-builtin', '--format', 'json'];
    const cold = runCli(args, { cwd: dir.dir });
    assert.ok(existsSync(join(dir.dir, '.attractor', 'cache', 'check-v1.json')));
    const warm = runCli(args, { cwd: dir.dir });
    assert.equal(JSON.parse(warm.stdout), JSON.parse(cold.stdout));
    dir.write('pkg/mod_000.py', 'def f():\n    risky_new()\n    risky_new()\n');
    const changed = JSON.parse(runCli(args, { cwd: dir.dir }).stdout);
    const inFirst = changed.findings.filter((f: { path: string }) => f.path === 'pkg/mod_000.py');
    assert.equal(inFirst.map((f: { line: number }) => f.line), [2, 3]);
  } finally {
    dir.cleanup();
  }
});

test('a result cut short by the match limit is not cached; the other files are', () => {
  const dir = tempDir();
  try {
    // Unanchored wildcard siblings: C(30, 5) matches per call, so big.py reaches the limit.
    const query = '((call function: (identifier) @f arguments: (argument_list (_) @a (_) @b (keyword_argument name: (identifier) @k) (_) @c (_) @d)) @match (#eq? @f "dict") (#eq? @k "nullable"))';
    dir.write('rules/siblings.json', JSON.stringify({ id: 'siblings', language: 'python', severity: 'warning', message: 'm', query, provenance: { origin: 'curated' }, cases: { invalid: ['dict(a, b, nullable=1, c, d)\n'], valid: ['dict(a)\n'] } }));
    const args = Array.from({ length: 30 }, (_, i) => (i % 3 === 1 ? `nullable=v${i}` : `a${i}`)).join(', ');
    dir.write('big.py', Array.from({ length: 50 }, () => `t = dict(${args})\n`).join(''));
    dir.write('small.py', 't = dict(a, b, nullable=1, c, d)\n');
    const run = runCli(['--rules', 'rules', '--no-builtin', '--format', 'json', '-j', '1'], { cwd: dir.dir });
    assert.match(run.stderr, /partly checked big\.py/);
    const cache = JSON.parse(readFileSync(join(dir.dir, '.attractor', 'cache', 'check-v1.json'), 'utf8'));
    assert.is(Object.keys(cache.entries).length, 1, 'small.py only');
    assert.equal(Object.values(cache.entries).map((e) => (e as { findings: { path: string }[] }).findings.map((f) => f.path)), [['small.py']]);
  } finally {
    dir.cleanup();
  }
});

test('an unreadable cache file is rebuilt with a note, not an error', () => {
  const dir = project(3);
  try {
    dir.write('.attractor/cache/check-v1.json', '{ not json');
    const result = runCli(['--rules', 'rules', '--no-builtin', '--format', 'json'], { cwd: dir.dir });
    assert.is(result.code, 1);
    assert.match(result.stderr, /cache was unreadable and is rebuilt/);
    assert.ok(JSON.parse(result.stdout).findings.length > 0);
  } finally {
    dir.cleanup();
  }
});

test.run();
