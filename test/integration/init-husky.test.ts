// `attractor-lint init` in package.json projects with husky 9: the project's own husky installs the
// hooks, and real `git commit`s go through .husky/_/pre-commit -> .husky/pre-commit.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FIXED_PY, HUSKY, SECRET_JS, SECRET_PY, cli, gitTry, linkNodeModules, projectRepo, snapshot } from '../helpers/hook-project.js';

const MARK = '# >>> attractor-lint >>>';
const PACKAGE = '{\n  "name": "shop",\n  "private": true,\n  "scripts": {\n    "test": "node --test"\n  }\n}\n';

test('husky project: init runs husky, sets prepare and writes .husky/pre-commit; commits are checked', () => {
  const repo = projectRepo({ 'package.json': PACKAGE });
  try {
    linkNodeModules(repo.dir, [HUSKY]);
    const init = cli(repo.dir, ['init', '--no-learn']);
    assert.is(init.code, 0, init.stderr + init.stdout);
    assert.match(init.stdout, /through husky 9\.1\.7 \(\.husky\/pre-commit\)/);
    assert.is(repo.git('config', 'core.hooksPath').trim(), '.husky/_');
    assert.ok(existsSync(join(repo.dir, '.husky', '_', 'h')));
    assert.is(statSync(join(repo.dir, '.husky', '_', 'pre-commit')).mode & 0o111, 0o111);
    // Only the prepare line is added; the rest of package.json keeps its bytes.
    assert.is(readFileSync(join(repo.dir, 'package.json'), 'utf8'), PACKAGE.replace('"node --test"\n', '"node --test",\n    "prepare": "husky"\n'));
    const hook = readFileSync(join(repo.dir, '.husky', 'pre-commit'), 'utf8');
    assert.ok(hook.startsWith(`${MARK}\n`), hook);
    assert.not.match(hook, /attractor_lint_script=/, 'a committed hook names no path of this machine');

    repo.write('billing.py', SECRET_PY);
    repo.write('web/pay.js', SECRET_JS);
    repo.git('add', '.');
    const rejected = gitTry(repo.dir, ['commit', '-q', '-m', 'add billing']);
    assert.is(rejected.code, 1, rejected.stderr);
    const output = rejected.stdout + rejected.stderr;
    assert.match(output, /billing\.py[\s\S]*error .*hardcoded-secret/);
    assert.match(output, /web\/pay\.js[\s\S]*error .*hardcoded-secret/);
    assert.match(output, /commit blocked/);
    assert.match(output, /husky - pre-commit script failed \(code 1\)/);

    assert.is(gitTry(repo.dir, ['commit', '-q', '-m', 'skip'], { ATTRACTOR_LINT: '0' }).code, 0);
    repo.write('billing.py', FIXED_PY);
    repo.write('web/pay.js', 'const STRIPE_SECRET_KEY = process.env.STRIPE_SECRET_KEY;\n');
    repo.git('add', '.');
    const fixed = gitTry(repo.dir, ['commit', '-q', '-m', 'fix']);
    assert.is(fixed.code, 0, fixed.stderr);
    assert.is(repo.git('rev-list', '--count', 'HEAD').trim(), '3');
  } finally {
    repo.cleanup();
  }
});

test("husky project: an existing .husky/pre-commit and prepare script are kept; a second init changes nothing", () => {
  const pkg = '{\n  "name": "shop",\n  "scripts": { "prepare": "tsc -p ." }\n}\n';
  const repo = projectRepo({ 'package.json': pkg, '.husky/pre-commit': 'npm test\n' });
  try {
    linkNodeModules(repo.dir, [HUSKY]);
    const init = cli(repo.dir, ['init', '--no-learn']);
    assert.is(init.code, 0, init.stderr);
    assert.match(init.stdout, /set scripts\.prepare to "tsc -p \. && husky"/);
    assert.is(readFileSync(join(repo.dir, 'package.json'), 'utf8'), pkg.replace('"tsc -p ."', '"tsc -p . && husky"'));
    assert.ok(readFileSync(join(repo.dir, '.husky', 'pre-commit'), 'utf8').startsWith(`npm test\n\n${MARK}\n`));
    const before = snapshot(repo.dir);
    const again = cli(repo.dir, ['init', '--no-learn']);
    assert.is(again.code, 0, again.stderr);
    assert.match(again.stdout, /nothing to do/);
    assert.equal(snapshot(repo.dir), before);
  } finally {
    repo.cleanup();
  }
});

test('package.json without husky: a git hook instead, and a note on how to share it through husky', () => {
  const repo = projectRepo({ 'package.json': PACKAGE });
  try {
    const init = cli(repo.dir, ['init', '--no-learn']);
    assert.is(init.code, 0, init.stderr);
    assert.match(init.stdout, /through git hook \.git\/hooks\/pre-commit/);
    assert.match(init.stdout, /note: not through husky: husky is not installed in this project/);
    assert.is(readFileSync(join(repo.dir, 'package.json'), 'utf8'), PACKAGE);
  } finally {
    repo.cleanup();
  }
});

test("husky is not used when it would switch off a plain hook's own commands", () => {
  const repo = projectRepo({ 'package.json': PACKAGE });
  try {
    linkNodeModules(repo.dir, [HUSKY]);
    writeFileSync(join(repo.dir, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\nmake lint\n', { mode: 0o755 });
    const init = cli(repo.dir, ['init', '--no-learn']);
    assert.is(init.code, 0, init.stderr);
    assert.match(init.stdout, /note: not through husky: .*has commands of its own, which husky would switch off/);
    assert.is(gitTry(repo.dir, ['config', 'core.hooksPath']).stdout, '');
    assert.match(readFileSync(join(repo.dir, '.git', 'hooks', 'pre-commit'), 'utf8'), /^#!\/bin\/sh\nmake lint\n\n# >>> attractor-lint >>>/);
  } finally {
    repo.cleanup();
  }
});

test('husky project without attractor-lint in node_modules: init says the hook will not find it; the hook says how to install it', () => {
  const repo = projectRepo({ 'package.json': PACKAGE });
  try {
    linkNodeModules(repo.dir, [HUSKY], false);
    const init = cli(repo.dir, ['init', '--no-learn']);
    assert.is(init.code, 0, init.stderr);
    assert.match(init.stdout, /note: attractor-lint is neither in node_modules\/\.bin nor on PATH, so the hook will not find it: "npm install --save-dev attractor-lint"/);
    repo.write('ok.py', 'x = 2\n');
    repo.git('add', 'ok.py');
    const commit = gitTry(repo.dir, ['commit', '-q', '-m', 'ok']);
    assert.is(commit.code, 1);
    assert.match(commit.stdout + commit.stderr, /attractor-lint: not found in \.\/node_modules\/\.bin or on PATH; run "npm install --save-dev attractor-lint"/);
  } finally {
    repo.cleanup();
  }
});

test.run();
