// `attractor-lint doctor` on the hook: each way a hook silently does not run is a problem with its fix.
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HUSKY, LINT_STAGED, SECRET_PY, cli, gitTry, linkNodeModules, projectRepo } from '../helpers/hook-project.js';
import { gitEnv, tempDir, type TempRepo } from '../helpers/temp-repo.js';

/** Nothing listens on port 59999: Ollama is deterministically absent (a note, not a problem). */
const NO_OLLAMA = { OLLAMA_HOST: 'http://127.0.0.1:59999' };
const doctor = (cwd: string) => cli(cwd, ['doctor'], NO_OLLAMA);

/** The problem lines with their fixes, as "message | fix". */
function problems(stdout: string): string[] {
  const lines = stdout.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const m = /^ {2}PROBLEM +(.*)$/.exec(line);
    if (m) out.push(`${m[1]} | ${/^ +fix: (.*)$/.exec(lines[i + 1] ?? '')?.[1] ?? ''}`);
  });
  return out;
}

function initialised(files: Record<string, string> = {}): TempRepo {
  const repo = projectRepo(files);
  const init = cli(repo.dir, ['init', '--no-learn']);
  assert.is(init.code, 0, init.stderr + init.stdout);
  return repo;
}

test('doctor: a repository set up by init is fine (exit 0); Ollama being absent is only a note', () => {
  const repo = initialised();
  try {
    const run = doctor(repo.dir);
    assert.is(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^ {2}ok +pre-commit hook: \.git\/hooks\/pre-commit runs attractor-lint$/m);
    assert.match(run.stdout, /^ {2}ok +tree-sitter: /m);
    assert.match(run.stdout, /^ {2}ok +config: \.attractorrc is valid$/m);
    assert.match(run.stdout, /^ {2}ok +rules: \d+ rules load and their queries compile$/m);
    assert.match(run.stdout, /^ {2}note +ollama: http:\/\/127\.0\.0\.1:59999 is not reachable .*only "--fix --llm" and "eval --llm" need it/m);
    assert.match(run.stdout, /\nno problems\n$/);
  } finally {
    repo.cleanup();
  }
});

test('doctor: a hook that is not executable is detected (git skips it), with chmod as the fix', () => {
  const repo = initialised();
  try {
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    chmodSync(hook, 0o644);
    repo.write('billing.py', SECRET_PY);
    repo.git('add', 'billing.py');
    assert.is(gitTry(repo.dir, ['commit', '-q', '-m', 'unchecked']).code, 0, 'git really skips it');
    const run = doctor(repo.dir);
    assert.is(run.code, 1);
    assert.equal(problems(run.stdout), ['pre-commit hook: .git/hooks/pre-commit is not executable, so git skips it | chmod +x .git/hooks/pre-commit']);
    assert.match(run.stdout, /\n1 problem\n$/);
  } finally {
    repo.cleanup();
  }
});

test('doctor: core.hooksPath pointing elsewhere hides the installed hook', () => {
  const repo = initialised();
  const other = tempDir();
  try {
    repo.git('config', 'core.hooksPath', other.dir);
    let run = doctor(repo.dir);
    assert.is(run.code, 1);
    assert.equal(problems(run.stdout), [
      `pre-commit hook: git would run ${join(other.dir, 'pre-commit')}, which does not exist (attractor-lint is installed in .git/hooks/pre-commit, which core.hooksPath hides) | "attractor-lint init" (installs into ${other.dir}), or "git config --unset core.hooksPath"`,
    ]);
    other.write('pre-commit', '#!/bin/sh\nexit 0\n');
    chmodSync(join(other.dir, 'pre-commit'), 0o755);
    run = doctor(repo.dir);
    assert.is(run.code, 1);
    assert.match(problems(run.stdout)[0] ?? '', /pre-commit does not run attractor-lint \(attractor-lint is installed in \.git\/hooks\/pre-commit, which core\.hooksPath hides\)/);
    repo.git('config', 'core.hooksPath', join(repo.dir, 'missing-hooks'));
    run = doctor(repo.dir);
    assert.match(problems(run.stdout)[0] ?? '', /core\.hooksPath is .*missing-hooks, but .*missing-hooks does not exist, so git runs no hooks at all .*\| create /);
  } finally {
    repo.cleanup();
    other.cleanup();
  }
});

test('doctor: no hook, or a hook that does not run attractor-lint', () => {
  const repo = projectRepo();
  try {
    let run = doctor(repo.dir);
    assert.is(run.code, 1);
    assert.equal(problems(run.stdout), ['pre-commit hook: git would run .git/hooks/pre-commit, which does not exist | "attractor-lint init"']);
    writeFileSync(join(repo.dir, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\nmake lint\n', { mode: 0o755 });
    run = doctor(repo.dir);
    assert.equal(problems(run.stdout), ['pre-commit hook: .git/hooks/pre-commit does not run attractor-lint | "attractor-lint init" (adds it to the hook, keeping the hook\'s own lines)']);
  } finally {
    repo.cleanup();
  }
});

test('doctor: husky in a linked worktree runs no hook (.husky/_ is untracked); "npx husky" there fixes it', () => {
  const repo = projectRepo({ 'package.json': '{\n  "name": "shop"\n}\n' });
  try {
    linkNodeModules(repo.dir, [HUSKY]);
    assert.is(cli(repo.dir, ['init', '--no-learn']).code, 0);
    repo.git('add', '.');
    repo.commit('husky');
    assert.is(doctor(repo.dir).code, 0);

    const wt = join(repo.dir, '..', `${repo.dir.split('/').pop()}-wt`);
    repo.git('worktree', 'add', '-q', wt);
    try {
      linkNodeModules(wt, [HUSKY]);
      writeFileSync(join(wt, 'billing.py'), SECRET_PY);
      gitTry(wt, ['add', 'billing.py']);
      assert.is(gitTry(wt, ['commit', '-q', '-m', 'unchecked']).code, 0, 'the worktree commit ran no hook');

      const run = doctor(wt);
      assert.is(run.code, 1);
      assert.equal(problems(run.stdout), [
        'pre-commit hook: core.hooksPath is .husky/_, but .husky/_ does not exist in this linked worktree, so git runs no hooks at all | run "npx husky" here (husky\'s .husky/_ is untracked, so every worktree needs its own)',
      ]);
      const husky = cli(wt, ['init', '--no-learn']);
      assert.is(husky.code, 0, husky.stderr);
      assert.match(husky.stdout, /run husky 9\.1\.7/);
      assert.is(doctor(wt).code, 0);
      writeFileSync(join(wt, 'billing2.py'), SECRET_PY);
      gitTry(wt, ['add', 'billing2.py']);
      assert.is(gitTry(wt, ['commit', '-q', '-m', 'checked']).code, 1);
    } finally {
      repo.git('worktree', 'remove', '--force', wt);
    }
  } finally {
    repo.cleanup();
  }
});

test('doctor: lint-staged without the attractor-lint task is a problem; after init, fine', () => {
  const repo = projectRepo({ 'package.json': '{\n  "name": "shop"\n}\n', '.lintstagedrc.json': '{}\n', '.husky/pre-commit': 'lint-staged\n' });
  try {
    linkNodeModules(repo.dir, [HUSKY, LINT_STAGED]);
    const husky = spawnSync(process.execPath, ['node_modules/husky/bin.js'], { cwd: repo.dir, env: gitEnv(), encoding: 'utf8' });
    assert.is(husky.status, 0, husky.stderr);
    let run = doctor(repo.dir);
    assert.is(run.code, 1);
    assert.equal(problems(run.stdout), ['pre-commit hook: .husky/_/pre-commit -> .husky/pre-commit runs lint-staged, whose configuration has no attractor-lint task | "attractor-lint init" (adds it)']);
    assert.is(cli(repo.dir, ['init', '--no-learn']).code, 0);
    run = doctor(repo.dir);
    assert.is(run.code, 0, run.stdout);
    assert.match(run.stdout, /ok +pre-commit hook: \.husky\/_\/pre-commit -> \.husky\/pre-commit -> lint-staged \(\.lintstagedrc\.json\) runs attractor-lint \(husky\)/);
  } finally {
    repo.cleanup();
  }
});

test('doctor outside a repository reports it (exit 1) and still checks the rest', () => {
  const dir = tempDir();
  try {
    const run = doctor(dir.dir);
    assert.is(run.code, 1);
    assert.match(problems(run.stdout)[0] ?? '', /^git: .*not inside a git repository \| run doctor inside the repository/);
    assert.match(run.stdout, /^ {2}ok +tree-sitter/m);
  } finally {
    dir.cleanup();
  }
});

test.run();
