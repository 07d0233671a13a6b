// After a hard kill (SIGKILL, power loss) of `check --staged --fix`, the backup's README is what a
// user pastes into a shell to get their work back. A `git` wrapper on PATH stalls the run on its
// second index write: the first file (whose name needs quoting) is already fixed in the index and
// the working tree. The test kills it there, runs the README's commands with sh, and expects the
// original index and files.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PLAIN_PATH } from '../helpers/hook-project.js';
import { writeRules } from '../helpers/rules.js';
import { CLI, gitEnv, tempDir, tempRepo } from '../helpers/temp-repo.js';
import { RULE } from './build-scenario.js';

const NAME = '"quoted" it\'s $(x).py'; // sorts before b.py: fixed first

test('the README of a backup left by SIGKILL restores the index and the files when run with sh', async () => {
  const repo = tempRepo();
  const bin = tempDir();
  try {
    writeRules(join(repo.dir, '.rules'), RULE);
    writeFileSync(join(repo.dir, '.git', 'info', 'exclude'), '.rules/\n.attractor/\n');
    repo.write(NAME, 'a = 1\nb = 2\nc = 3\n');
    repo.write('b.py', 'x = 1\n');
    repo.commit('base');
    const staged = 'a = 1\nold(a)\nb = 2\nc = 3\n';
    repo.write(NAME, staged);
    repo.write('b.py', 'x = 1\nold(x)\n');
    repo.git('add', '--', NAME, 'b.py');
    const worktree = staged.replace('c = 3', 'c = 4  # unstaged');
    repo.write(NAME, worktree);
    const index = readFileSync(join(repo.dir, '.git', 'index'));
    const marker = join(bin.dir, 'stalled');
    // Every git call goes through PATH: the second `update-index` (b.py's fix reaching the index) stalls.
    const count = join(bin.dir, 'count');
    bin.write('git', `#!/bin/sh\ncase "$*" in *update-index*) echo >> '${count}'; if [ "$(wc -l < '${count}')" -ge 2 ]; then touch '${marker}'; exec sleep 60; fi;; esac\nexec /usr/bin/git "$@"\n`);
    chmodSync(join(bin.dir, 'git'), 0o755);
    const child = spawn(process.execPath, [CLI, 'check', '--staged', '--fix', '--no-builtin', '--rules', '.rules'], {
      cwd: repo.dir,
      env: gitEnv({ PATH: `${bin.dir}:${PLAIN_PATH}` }),
      stdio: 'ignore',
      detached: true,
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    for (let i = 0; i < 1000 && !existsSync(marker); i++) await sleep(10);
    assert.ok(existsSync(marker), 'the run reached its second index write');
    process.kill(-(child.pid as number), 'SIGKILL'); // the CLI and its stalled git child
    await exited;

    assert.is(readFileSync(join(repo.dir, NAME), 'utf8'), worktree.replace('old(', 'new('), 'precondition: the first file was fixed');
    const backups = readdirSync(join(repo.dir, '.git', 'attractor-lint'));
    assert.is(backups.length, 1, 'the backup is left behind');
    const readme = readFileSync(join(repo.dir, '.git', 'attractor-lint', backups[0] as string, 'README'), 'utf8');
    const commands = readme.slice(readme.indexOf('\n') + 1);
    const restore = spawnSync('sh', ['-e', '-c', commands], { encoding: 'utf8' });
    assert.is(restore.status, 0, `README commands failed: ${restore.stderr}\n${readme}`);
    assert.ok(readFileSync(join(repo.dir, '.git', 'index')).equals(index), 'the index is back');
    assert.is(repo.git('show', `:${NAME}`), staged);
    assert.is(readFileSync(join(repo.dir, NAME), 'utf8'), worktree);
    assert.is(repo.git('show', ':b.py'), 'x = 1\nold(x)\n');
  } finally {
    repo.cleanup();
    bin.cleanup();
  }
});

test.run();
