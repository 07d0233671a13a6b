// hooks/post-merge: `attractor-lint learn` after a merge, detached in the background, logged to
// .attractor/cache/learn.log, never blocking or failing the merge; ATTRACTOR_LINT=0 skips it.
import { chmodSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LINT_BIN, PLAIN_PATH, gitTry, projectRepo, shQuote, until } from '../helpers/hook-project.js';
import { tempDir, type TempRepo } from '../helpers/temp-repo.js';

const HOOK = new URL('../../hooks/post-merge', import.meta.url).pathname;
const LOG = '.attractor/cache/learn.log';

/** A repository with the hook installed and a branch `feature` one commit ahead of main. */
function mergeable(): TempRepo {
  const repo = projectRepo();
  const hook = join(repo.dir, '.git', 'hooks', 'post-merge');
  copyFileSync(HOOK, hook);
  chmodSync(hook, 0o755);
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write('feature.py', 'def f(x):\n    return x\n');
  repo.commit('feature');
  repo.git('checkout', '-q', 'main');
  return repo;
}


test('post-merge: the merge returns at once while learn runs detached, its output in learn.log', async () => {
  const repo = mergeable();
  const bin = tempDir();
  try {
    // A slow stand-in for the linter that records its arguments when it is done.
    bin.write('slow-lint', `#!/bin/sh\nsleep 2\necho "slow-lint $* done in $(pwd)"\n`);
    chmodSync(join(bin.dir, 'slow-lint'), 0o755);
    const started = Date.now();
    const merge = gitTry(repo.dir, ['merge', '-q', 'feature'], { ATTRACTOR_LINT_BIN: shQuote(join(bin.dir, 'slow-lint')) });
    const took = Date.now() - started;
    assert.is(merge.code, 0, merge.stderr);
    assert.ok(took < 1500, `the merge waited ${took} ms for learn`);
    const log = join(repo.dir, LOG);
    assert.ok(await until(() => existsSync(log) && readFileSync(log, 'utf8').includes('done'), 10000), 'learn wrote its log');
    assert.match(readFileSync(log, 'utf8'), new RegExp(`^--- .* attractor-lint learn\\nslow-lint learn done in ${repo.dir}\\n$`));
  } finally {
    repo.cleanup();
    bin.cleanup();
  }
});

test('post-merge: the real learn runs and logs its summary', async () => {
  const repo = mergeable();
  try {
    const merge = gitTry(repo.dir, ['merge', '-q', 'feature'], { ATTRACTOR_LINT_BIN: LINT_BIN });
    assert.is(merge.code, 0, merge.stderr);
    const log = join(repo.dir, LOG);
    assert.ok(await until(() => existsSync(log) && /rules in /.test(readFileSync(log, 'utf8')), 20000), existsSync(log) ? readFileSync(log, 'utf8') : 'no log');
    assert.match(readFileSync(log, 'utf8'), /learned from 2 commits/);
  } finally {
    repo.cleanup();
  }
});

test('post-merge: ATTRACTOR_LINT=0 skips it; without a linter it does nothing and the merge succeeds', () => {
  for (const env of [{ ATTRACTOR_LINT: '0', ATTRACTOR_LINT_BIN: 'false' }, { PATH: PLAIN_PATH }]) {
    const repo = mergeable();
    try {
      const merge = gitTry(repo.dir, ['merge', '-q', 'feature'], env);
      assert.is(merge.code, 0, merge.stderr);
      assert.is(merge.stderr, '');
      assert.not.ok(existsSync(join(repo.dir, '.attractor')));
    } finally {
      repo.cleanup();
    }
  }
});

test.run();
