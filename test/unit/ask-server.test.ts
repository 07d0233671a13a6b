// The check server's client side that runs before anything else loads: which runs it may hand to a
// server, and where a repository's git directory is (on disk, without starting git).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gitDirOnDisk } from '../../src/git/git-dir-on-disk.js';
import { askServer, servable } from '../../src/server/ask-server.js';
import { serverSocket } from '../../src/server/server-address.js';
import { tempDir, tempRepo } from '../helpers/temp-repo.js';

test('servable: read-only checks only (a fix writes the index and the files)', () => {
  assert.ok(servable(['check', '--staged']));
  assert.ok(servable(['check', 'src', '--format', 'json']));
  for (const argv of [['check', '--staged', '--fix'], ['check', '--fix-dry-run'], ['check', '--fix', '--llm'], ['learn'], ['server', 'status'], [], ['check', '--help']]) assert.not.ok(servable(argv), argv.join(' '));
});

test('gitDirOnDisk: a .git folder from a subfolder, a .git file of a linked worktree, GIT_DIR, none outside', () => {
  const repo = tempRepo();
  const outside = tempDir();
  try {
    repo.write('a/b/c.py', 'X = 1\n');
    repo.commit('Start');
    assert.is(gitDirOnDisk(join(repo.dir, 'a/b'), {}), join(repo.dir, '.git'));
    repo.git('worktree', 'add', '-q', join(repo.dir, 'wt'));
    assert.is(gitDirOnDisk(join(repo.dir, 'wt'), {}), join(repo.dir, '.git/worktrees/wt'));
    assert.is(gitDirOnDisk(outside.dir, { GIT_DIR: 'elsewhere/.git' }), join(outside.dir, 'elsewhere/.git'));
    mkdirSync(join(outside.dir, 'plain'));
    writeFileSync(join(outside.dir, 'plain/x.py'), '');
    assert.is(gitDirOnDisk(join(outside.dir, 'plain'), {}), undefined);
  } finally {
    repo.cleanup();
    outside.cleanup();
  }
});

test('serverSocket: one short socket per git directory; askServer without a server answers undefined at once', async () => {
  const repo = tempRepo();
  try {
    const a = serverSocket(join(repo.dir, '.git'));
    assert.is(a, serverSocket(join(repo.dir, '.git')));
    assert.is.not(a, serverSocket(join(repo.dir, '.git/worktrees/x')));
    assert.ok(a.length < 100, a);
    assert.is(await askServer({ op: 'check', argv: ['check', '--staged'], cwd: repo.dir, env: {}, isTTY: false }), undefined);
  } finally {
    repo.cleanup();
  }
});

test.run();
