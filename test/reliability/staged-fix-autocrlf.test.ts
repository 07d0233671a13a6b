// `check --staged --fix` with core.autocrlf=true on files kept with LF line ends (new files written
// by tools, or checked out before autocrlf was set): git sees no unstaged change, since both forms
// clean to the same blob, but the checkout form (CRLF) differs from the file byte for byte. The fix
// must still land, in the file's own line ends, instead of "the unstaged changes overlap the fix".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeRules } from '../helpers/rules.js';
import { runCli, tempRepo } from '../helpers/temp-repo.js';
import { RULE } from './build-scenario.js';

function setup() {
  const repo = tempRepo();
  writeRules(join(repo.dir, '.rules'), RULE);
  repo.git('config', 'core.autocrlf', 'true');
  repo.write('.gitignore', '.rules/\n.attractor/\n');
  repo.write('base.py', 'a = 1\r\nb = 2\r\nc = 3\r\nd = 4\r\ne = 5\r\n');
  repo.commit('base');
  return { ...repo, fix: () => runCli(['check', '--staged', '--fix', '--no-builtin', '--rules', '.rules'], { cwd: repo.dir }) };
}

test('autocrlf: a fully staged LF file is fixed in the index and in the working tree, still LF', () => {
  const repo = setup();
  try {
    repo.write('lf.py', 'x = 1\nold(x)\n');
    repo.git('add', 'lf.py');
    const run = repo.fix();
    assert.is(run.code, 0, run.stderr);
    assert.is(repo.git('show', ':lf.py'), 'x = 1\nnew(x)\n');
    assert.is(readFileSync(join(repo.dir, 'lf.py'), 'utf8'), 'x = 1\nnew(x)\n');
  } finally {
    repo.cleanup();
  }
});

test('autocrlf: a partially staged LF file gets the fix merged with its unstaged edit, still LF', () => {
  const repo = setup();
  try {
    const staged = 'x = 1\nold(x)\ny = 2\nz = 3\nw = 4\n';
    repo.write('lf.py', staged);
    repo.git('add', 'lf.py');
    repo.write('lf.py', staged.replace('w = 4', 'w = 5  # unstaged'));
    const run = repo.fix();
    assert.is(run.code, 0, run.stderr);
    assert.is(repo.git('show', ':lf.py'), staged.replace('old(', 'new('));
    assert.is(readFileSync(join(repo.dir, 'lf.py'), 'utf8'), 'x = 1\nnew(x)\ny = 2\nz = 3\nw = 5  # unstaged\n');
  } finally {
    repo.cleanup();
  }
});

test('autocrlf: a CRLF file (the checkout form) is still fixed in CRLF', () => {
  const repo = setup();
  try {
    repo.write('crlf.py', 'x = 1\r\nold(x)\r\n');
    repo.git('add', 'crlf.py');
    const run = repo.fix();
    assert.is(run.code, 0, run.stderr);
    assert.is(repo.git('show', ':crlf.py'), 'x = 1\nnew(x)\n');
    assert.is(readFileSync(join(repo.dir, 'crlf.py'), 'utf8'), 'x = 1\r\nnew(x)\r\n');
  } finally {
    repo.cleanup();
  }
});

test.run();
