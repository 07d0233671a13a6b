// `git commit -- path` with a hook running `check --staged --fix`: git gives the hook a temporary
// index (HEAD plus the named paths) and holds the real index locked, to be written after the
// commit. The fix must reach both, or the real index keeps the unfixed content: a staged revert
// of the fix that the next commit would carry back (found by the randomised hook suite).
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PLAIN_PATH } from '../helpers/hook-project.js';
import { writeRules } from '../helpers/rules.js';
import { gitEnv, tempRepo } from '../helpers/temp-repo.js';
import { RULE } from './build-scenario.js';
import { LINT_BIN } from './run-hook-case.js';

test('git commit -- path through a --fix hook: HEAD, the index and the working tree all end with the fix', () => {
  const repo = tempRepo();
  try {
    writeRules(join(repo.dir, '.rules'), RULE);
    writeFileSync(join(repo.dir, '.attractorrc.json'), JSON.stringify({ builtin: false, ruleDirs: ['.rules'] }));
    writeFileSync(join(repo.dir, '.git', 'info', 'exclude'), '.rules/\n.attractorrc.json\n.attractor/\n');
    repo.write('only me.py', 'x = 1\n');
    repo.write('other.py', 'y = 2\n');
    repo.commit('base');
    writeFileSync(join(repo.dir, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\nexec ${LINT_BIN} check --staged --fix\n`);
    chmodSync(join(repo.dir, '.git', 'hooks', 'pre-commit'), 0o755);
    repo.write('other.py', 'y = 3\nold(y)\n');
    repo.git('add', 'other.py');
    repo.write('only me.py', 'x = 1\nold(x)\nold(x + 1)\n');
    const run = spawnSync('git', ['commit', '-q', '-m', 'only', '--', 'only me.py'], { cwd: repo.dir, env: gitEnv({ PATH: PLAIN_PATH }), encoding: 'utf8' });
    assert.is(run.status, 0, run.stderr);
    const fixed = 'x = 1\nnew(x)\nnew(x + 1)\n';
    assert.is(repo.git('show', 'HEAD:only me.py'), fixed);
    assert.is(readFileSync(join(repo.dir, 'only me.py'), 'utf8'), fixed);
    assert.is(repo.git('show', ':only me.py'), fixed, 'the real index has the fix, not the unfixed content');
    assert.is(repo.git('status', '--porcelain', '--', 'only me.py'), '');
    // The other staged file was not part of this commit: its staged content is untouched.
    assert.is(repo.git('show', ':other.py'), 'y = 3\nold(y)\n');
  } finally {
    repo.cleanup();
  }
});

test.run();
