// `attractor-lint init` in projects without package.json (a Python project): a plain git hook in
// the folder git runs hooks from, then real `git commit`s through it.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FIXED_PY, PLAIN_PATH, SECRET_PY, cli, gitTry, linkNodeModules, projectRepo, snapshot } from '../helpers/hook-project.js';
import { CLI, tempDir } from '../helpers/temp-repo.js';

const MARK = '# >>> attractor-lint >>>';

test('Python project: init installs a git hook; a violating commit fails with the finding, ATTRACTOR_LINT=0 and the fix get through', () => {
  const repo = projectRepo();
  try {
    const init = cli(repo.dir, ['init', '--no-learn']);
    assert.is(init.code, 0, init.stderr + init.stdout);
    assert.match(init.stdout, /through git hook \.git\/hooks\/pre-commit/);
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    assert.ok(readFileSync(hook, 'utf8').startsWith(`#!/bin/sh\n${MARK}\n`));
    assert.is(statSync(hook).mode & 0o111, 0o111);
    assert.ok(existsSync(join(repo.dir, '.attractorrc')));
    assert.match(readFileSync(join(repo.dir, '.gitignore'), 'utf8'), /^\.attractor\/cache\/$/m);

    repo.write('billing.py', SECRET_PY);
    repo.git('add', 'billing.py');
    // No node_modules and no attractor-lint on PATH: the hook falls back to the CLI that ran init.
    const rejected = gitTry(repo.dir, ['commit', '-q', '-m', 'add billing']);
    assert.is(rejected.code, 1, rejected.stderr);
    assert.match(rejected.stdout + rejected.stderr, /billing\.py[\s\S]*1:1\s+error .*hardcoded-secret/);
    assert.match(rejected.stderr, /commit blocked .* rule that fired/);
    assert.match(rejected.stderr, /attractor-lint check --staged --fix/);
    assert.match(rejected.stderr, /# attractor-lint: disable-next-line RULE/);
    assert.is(repo.git('rev-list', '--count', 'HEAD').trim(), '1');

    const skipped = gitTry(repo.dir, ['commit', '-q', '-m', 'add billing'], { ATTRACTOR_LINT: '0' });
    assert.is(skipped.code, 0, skipped.stderr);
    assert.is(repo.git('rev-list', '--count', 'HEAD').trim(), '2');

    repo.write('billing.py', FIXED_PY);
    repo.git('add', 'billing.py');
    const fixed = gitTry(repo.dir, ['commit', '-q', '-m', 'read the key from the environment']);
    assert.is(fixed.code, 0, fixed.stderr);
    assert.is(repo.git('show', 'HEAD:billing.py'), FIXED_PY);
  } finally {
    repo.cleanup();
  }
});

test('init installs into core.hooksPath when it is set', () => {
  const repo = projectRepo({ '.githooks/post-checkout': '#!/bin/sh\n' });
  try {
    repo.git('config', 'core.hooksPath', '.githooks');
    const init = cli(repo.dir, ['init', '--no-learn']);
    assert.is(init.code, 0, init.stderr);
    assert.match(init.stdout, /\.githooks\/pre-commit \(core\.hooksPath=\.githooks\)/);
    const hook = readFileSync(join(repo.dir, '.githooks', 'pre-commit'), 'utf8');
    assert.ok(hook.includes(MARK));
    assert.not.match(hook, /attractor_lint_script=/, 'a hooks folder in the work tree is committed: no path of this machine');
    assert.not.ok(existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit')));
    linkNodeModules(repo.dir, []);
    repo.write('billing.py', SECRET_PY);
    repo.git('add', 'billing.py');
    const rejected = gitTry(repo.dir, ['commit', '-q', '-m', 'bad']);
    assert.is(rejected.code, 1);
    assert.match(rejected.stdout + rejected.stderr, /hardcoded-secret/);
  } finally {
    repo.cleanup();
  }
});

test("init appends its block to a user's hook, whose lines still run; a second init changes nothing", () => {
  const repo = projectRepo();
  try {
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    const own = '#!/bin/sh\n# team hook\necho "team hook ran"\n';
    writeFileSync(hook, own);
    chmodSync(hook, 0o755);
    const init = cli(repo.dir, ['init', '--no-learn']);
    assert.is(init.code, 0, init.stderr);
    assert.match(init.stdout, /append the attractor-lint block to \.git\/hooks\/pre-commit \(its own lines are kept\)/);
    const text = readFileSync(hook, 'utf8');
    assert.ok(text.startsWith(`${own}\n${MARK}\n`), text);
    const before = snapshot(repo.dir);
    const again = cli(repo.dir, ['init', '--no-learn']);
    assert.is(again.code, 0, again.stderr);
    assert.match(again.stdout, /nothing to do/);
    assert.equal(snapshot(repo.dir), before);

    repo.write('billing.py', SECRET_PY);
    repo.git('add', 'billing.py');
    const rejected = gitTry(repo.dir, ['commit', '-q', '-m', 'bad']);
    assert.is(rejected.code, 1);
    assert.match(rejected.stdout + rejected.stderr, /team hook ran/);
    assert.match(rejected.stdout + rejected.stderr, /hardcoded-secret/);
  } finally {
    repo.cleanup();
  }
});

test('init refuses hooks where added lines would not run, and leaves them as they were', () => {
  const hooks: Record<string, string> = {
    exit: '#!/bin/sh\nrun-checks\nexit 0\n',
    exec: '#!/bin/sh\nexec some-other-tool "$@"\n',
    python: '#!/usr/bin/env python3\nprint("hi")\n',
  };
  for (const [name, text] of Object.entries(hooks)) {
    const repo = projectRepo();
    try {
      const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
      writeFileSync(hook, text);
      const init = cli(repo.dir, ['init', '--no-learn']);
      assert.is(init.code, 1, `${name}: ${init.stdout}`);
      assert.match(init.stderr, /attractor-lint: init: \.git\/hooks\/pre-commit: left as it is: /, name);
      assert.match(init.stderr, new RegExp(MARK), `${name}: prints the block to add by hand`);
      assert.is(readFileSync(hook, 'utf8'), text, name);
    } finally {
      repo.cleanup();
    }
  }
});

test('init --dry-run lists what it would do and changes nothing', () => {
  const repo = projectRepo();
  try {
    const before = snapshot(repo.dir);
    const dry = cli(repo.dir, ['init', '--dry-run']);
    assert.is(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout.split('\n').filter((line) => line.startsWith('  would ')), [
      '  would create .attractorrc (every key at its default, commented)',
      '  would add .attractor/cache/ to .gitignore',
      '  would create .git/hooks/pre-commit',
      '  would run a first learn over the history (rules go to .attractor/rules; "attractor-lint learn" updates them)',
    ]);
    assert.equal(snapshot(repo.dir), before);
    assert.not.ok(existsSync(join(repo.dir, '.attractor')));
  } finally {
    repo.cleanup();
  }
});

test('init keeps an existing configuration and .gitignore entry, and learns once when there is history', () => {
  const repo = projectRepo({ '.attractorrc.json': '{"builtin": true}\n', '.gitignore': '*.log\n/.attractor/cache\n' });
  try {
    const init = cli(repo.dir, ['init']);
    assert.is(init.code, 0, init.stderr);
    assert.not.match(init.stdout, /\.attractorrc|\.gitignore/);
    assert.match(init.stdout, /run a first learn[^\n]*\n {4}1 commit read, 0 rules learned\n/);
    assert.ok(existsSync(join(repo.dir, '.attractor', 'rules')));
    assert.not.ok(existsSync(join(repo.dir, '.attractorrc')));
    assert.is(readFileSync(join(repo.dir, '.gitignore'), 'utf8'), '*.log\n/.attractor/cache\n');
    const again = cli(repo.dir, ['init']);
    assert.match(again.stdout, /nothing to do/);
  } finally {
    repo.cleanup();
  }
});

test('with .pre-commit-config.yaml, init prints the entry for it and installs no git hook', () => {
  const repo = projectRepo({ '.pre-commit-config.yaml': 'repos: []\n' });
  try {
    const init = cli(repo.dir, ['init', '--no-learn']);
    assert.is(init.code, 0, init.stderr);
    assert.match(init.stdout, /through the pre-commit framework/);
    assert.match(init.stdout, /- repo: local\n {4}hooks:\n {6}- id: attractor-lint\n/);
    assert.not.ok(existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit')));
    assert.is(readFileSync(join(repo.dir, '.pre-commit-config.yaml'), 'utf8'), 'repos: []\n');
  } finally {
    repo.cleanup();
  }
});

test('the hook says how to install attractor-lint when it finds none, and fails', () => {
  const repo = projectRepo();
  try {
    assert.is(cli(repo.dir, ['init', '--no-learn']).code, 0);
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    // The CLI that ran init was removed since (an npx cache cleaned, a checkout deleted).
    writeFileSync(hook, readFileSync(hook, 'utf8').split(CLI).join('/nonexistent/main.js'));
    repo.write('ok.py', 'x = 2\n');
    repo.git('add', 'ok.py');
    const commit = gitTry(repo.dir, ['commit', '-q', '-m', 'ok'], { PATH: PLAIN_PATH });
    assert.is(commit.code, 1);
    assert.is(commit.stderr.trimEnd().split('\n').length, 1, commit.stderr);
    assert.match(commit.stderr, /^attractor-lint: not found in \.\/node_modules\/\.bin, on PATH or at \/nonexistent\/main\.js; run "npm install --save-dev attractor-lint"/);
  } finally {
    repo.cleanup();
  }
});

test('outside a repository init fails with one line (exit 2); init takes no paths', () => {
  const dir = tempDir();
  try {
    const outside = cli(dir.dir, ['init']);
    assert.is(outside.code, 2);
    assert.match(outside.stderr, /^attractor-lint: .*not inside a git repository\n$/);
    mkdirSync(join(dir.dir, 'x'));
    const extra = cli(dir.dir, ['init', 'x']);
    assert.is(extra.code, 2);
    assert.match(extra.stderr, /^attractor-lint: init takes no arguments/);
  } finally {
    dir.cleanup();
  }
});

test.run();
