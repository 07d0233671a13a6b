import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempDir } from '../helpers/temp-repo.js';

const RULE = JSON.stringify({
  id: 'call-risky',
  language: 'python',
  message: 'risky call {{fn}}',
  severity: 'error',
  query: '((call function: (identifier) @fn) @match (#match? @fn "^risky_"))',
  where: [{ capture: 'match', notInside: { kind: 'function_definition', text: '^def\\s+safe_' }, stopAt: ['function_definition'] }],
  provenance: { origin: 'curated' },
  cases: { invalid: ['risky_a()\n'], valid: ['safe()\n'] },
});

/** Modules of different sizes (the work queue orders them by size), each with a few findings. */
function module(i: number, variant: number): string {
  const lines = 10 + ((i * 37) % 90);
  const body = Array.from({ length: lines }, (_, j) => (j % 7 === (i + variant) % 7 ? `    risky_${j}(x)\n` : `    safe_${j}(x)\n`)).join('');
  return `def f_${i}(x):\n${body}\ndef safe_${i}(x):\n    risky_kept(x)\n`;
}

function project(files: number) {
  const dir = tempDir();
  dir.write('rules/call-risky.json', RULE);
  for (let i = 0; i < files; i++) dir.write(`pkg/mod_${String(i).padStart(3, '0')}.py`, module(i, 0));
  return dir;
}

const ARGS = ['--rules', 'rules', '--no-builtin', '--format', 'json'];

test('two workers and the main thread report what one thread does', () => {
  const dir = project(330);
  try {
    const one = runCli([...ARGS, '--no-cache', '-j', '1'], { cwd: dir.dir });
    const three = runCli([...ARGS, '--no-cache', '-j', '3'], { cwd: dir.dir });
    assert.is(one.code, 1, one.stderr);
    assert.is(three.code, 1, three.stderr);
    assert.ok(JSON.parse(one.stdout).findings.length > 300);
    assert.equal(JSON.parse(three.stdout), JSON.parse(one.stdout));
  } finally {
    dir.cleanup();
  }
});

test('workers started for a tree where few files miss the cache are stopped, and the result is the same', () => {
  const dir = project(200);
  try {
    const cold = runCli([...ARGS, '-j', '2'], { cwd: dir.dir });
    assert.is(cold.code, 1, cold.stderr);
    // 40 changed files: enough to start the workers, too few to use them.
    for (let i = 0; i < 200; i += 5) dir.write(`pkg/mod_${String(i).padStart(3, '0')}.py`, module(i, 3));
    const warm = runCli([...ARGS, '-j', '2'], { cwd: dir.dir });
    const fresh = runCli([...ARGS, '--no-cache', '-j', '1'], { cwd: dir.dir });
    assert.is(warm.code, 1, warm.stderr);
    assert.is(warm.stderr, '');
    assert.equal(JSON.parse(warm.stdout), JSON.parse(fresh.stdout));
    assert.not.equal(JSON.parse(warm.stdout), JSON.parse(cold.stdout));
  } finally {
    dir.cleanup();
  }
});

test.run();
