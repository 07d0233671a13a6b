// hooks/pre-commit (the standalone script) and the block `init` installs say the same thing when
// a commit is blocked: which rule fired, and how to fix, suppress or skip.
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BLOCKED_HINT, hookBlock } from '../../src/setup/hook-block.js';
import { mergeHookBlock } from '../../src/setup/merge-hook-block.js';
import { PLAIN_PATH, SECRET_PY, projectRepo } from '../helpers/hook-project.js';
import { gitEnv, tempDir } from '../helpers/temp-repo.js';

const HOOK = new URL('../../hooks/pre-commit', import.meta.url).pathname;

/** Runs a hook script with a fake linter that exits with `code`. */
function runWith(script: string[], code: number, extraEnv: NodeJS.ProcessEnv = {}) {
  const bin = tempDir();
  try {
    bin.write('attractor-lint', `#!/bin/sh\necho "lint $*"\nexit ${code}\n`);
    chmodSync(join(bin.dir, 'attractor-lint'), 0o755);
    return spawnSync('/bin/sh', script, { cwd: bin.dir, env: gitEnv({ PATH: `${bin.dir}:${PLAIN_PATH}`, ...extraEnv }), encoding: 'utf8' });
  } finally {
    bin.cleanup();
  }
}

test('hooks/pre-commit: on findings (exit 1) it prints how to fix, suppress or skip; other codes pass through quietly', () => {
  const blocked = runWith([HOOK], 1);
  assert.is(blocked.status, 1);
  assert.is(blocked.stdout, 'lint check --staged\n');
  assert.equal(blocked.stderr.trimEnd().split('\n'), BLOCKED_HINT);
  for (const code of [0, 2]) {
    const run = runWith([HOOK], code);
    assert.equal([run.status, run.stderr], [code, '']);
  }
  assert.equal([runWith([HOOK], 1, { ATTRACTOR_LINT: '0' }).status, runWith([HOOK], 1, { ATTRACTOR_LINT: '0' }).stdout], [0, '']);
});

test("init's block prints the same lines, also when appended to a script run with sh -e (husky)", () => {
  const text = (mergeHookBlock('echo before\n', hookBlock(), undefined) as { text: string }).text;
  const bin = tempDir();
  try {
    bin.write('hook', text);
    const blocked = runWith(['-e', join(bin.dir, 'hook')], 1);
    assert.is(blocked.status, 1);
    assert.is(blocked.stdout, 'before\nlint check --staged\n');
    assert.equal(blocked.stderr.trimEnd().split('\n'), BLOCKED_HINT);
    const passed = runWith(['-e', join(bin.dir, 'hook')], 0);
    assert.equal([passed.status, passed.stderr], [0, '']);
  } finally {
    bin.cleanup();
  }
});

test('hooks/pre-commit in a real commit names the rule', () => {
  const repo = projectRepo();
  try {
    repo.write('billing.py', SECRET_PY);
    repo.git('add', 'billing.py');
    const run = spawnSync('/bin/sh', [HOOK], { cwd: repo.dir, env: gitEnv({ PATH: PLAIN_PATH, ATTRACTOR_LINT_BIN: `'${process.execPath}' '${new URL('../../dist/cli/main.js', import.meta.url).pathname}'` }), encoding: 'utf8' });
    assert.is(run.status, 1, run.stderr);
    assert.match(run.stdout, /billing\.py\n\s+1:1\s+error\s+.*hardcoded-secret\n/);
    assert.match(run.stderr, /commit blocked/);
  } finally {
    repo.cleanup();
  }
});

test.run();
