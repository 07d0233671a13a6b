// `attractor-lint init` in projects that use lint-staged 16: the task goes into their lint-staged
// configuration, and real commits run husky -> lint-staged -> `attractor-lint check <paths>`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FIXED_PY, HUSKY, LINT_STAGED, PLAIN_PATH, SECRET_PY, cli, gitTry, linkNodeModules, projectRepo, snapshot } from '../helpers/hook-project.js';
import { gitEnv, type TempRepo } from '../helpers/temp-repo.js';

const PACKAGE = '{\n  "name": "shop",\n  "private": true,\n  "scripts": {\n    "prepare": "husky"\n  }\n}\n';
const ENTRY = '"*.{py,pyi,pyw,js,mjs,cjs,jsx,ts,tsx,mts,cts}": "attractor-lint check --diff HEAD"';

/** A project already on husky + lint-staged (`.husky/pre-commit` runs lint-staged), with `files` added. */
function lintStagedProject(files: Record<string, string>): TempRepo {
  const repo = projectRepo({ 'package.json': PACKAGE, '.husky/pre-commit': 'lint-staged\n', ...files });
  linkNodeModules(repo.dir, [HUSKY, LINT_STAGED]);
  const husky = spawnSync(process.execPath, ['node_modules/husky/bin.js'], { cwd: repo.dir, env: gitEnv(), encoding: 'utf8' });
  assert.is(husky.status, 0, husky.stderr);
  return repo;
}

test('lint-staged project: init adds the task to .lintstagedrc.json; a violating commit fails, the fixed one commits', () => {
  const rc = '{\n  "*.md": "echo docs"\n}\n';
  const repo = lintStagedProject({ '.lintstagedrc.json': rc });
  try {
    const init = cli(repo.dir, ['init', '--no-learn']);
    assert.is(init.code, 0, init.stderr + init.stdout);
    assert.match(init.stdout, /through lint-staged \(\.lintstagedrc\.json\)/);
    assert.is(readFileSync(join(repo.dir, '.lintstagedrc.json'), 'utf8'), `{\n  "*.md": "echo docs",\n  ${ENTRY}\n}\n`);
    assert.is(readFileSync(join(repo.dir, '.husky', 'pre-commit'), 'utf8'), 'lint-staged\n', 'the hook is left to lint-staged');
    assert.not.match(init.stdout, /note: no pre-commit hook runs lint-staged/);

    repo.write('billing.py', SECRET_PY);
    repo.git('add', 'billing.py');
    const rejected = gitTry(repo.dir, ['commit', '-q', '-m', 'add billing']);
    assert.is(rejected.code, 1, rejected.stdout + rejected.stderr);
    assert.match(rejected.stdout + rejected.stderr, /billing\.py[\s\S]*error .*hardcoded-secret/);
    assert.is(repo.git('rev-list', '--count', 'HEAD').trim(), '1');
    // lint-staged restored the index and working tree after the failed task.
    assert.is(repo.git('status', '--porcelain', '--', 'billing.py'), 'A  billing.py\n');

    assert.is(gitTry(repo.dir, ['commit', '-q', '-m', 'skip every hook'], { HUSKY: '0' }).code, 0);
    repo.write('billing.py', FIXED_PY);
    repo.git('add', 'billing.py');
    const fixed = gitTry(repo.dir, ['commit', '-q', '-m', 'fix']);
    assert.is(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.is(repo.git('show', 'HEAD:billing.py'), FIXED_PY);
  } finally {
    repo.cleanup();
  }
});

test('lint-staged hides unstaged changes: a clean staged version commits though the working tree violates, and the WIP survives', () => {
  const repo = lintStagedProject({ '.lintstagedrc.json': '{}\n', 'billing.py': FIXED_PY });
  try {
    assert.is(cli(repo.dir, ['init', '--no-learn']).code, 0);
    repo.write('billing.py', `${FIXED_PY}# todo\n`);
    repo.git('add', 'billing.py');
    const wip = `${FIXED_PY}# todo\n${SECRET_PY}`;
    repo.write('billing.py', wip);
    const commit = gitTry(repo.dir, ['commit', '-q', '-m', 'todo']);
    assert.is(commit.code, 0, commit.stdout + commit.stderr);
    assert.is(repo.git('show', 'HEAD:billing.py'), `${FIXED_PY}# todo\n`);
    assert.is(readFileSync(join(repo.dir, 'billing.py'), 'utf8'), wip);
  } finally {
    repo.cleanup();
  }
});

test('lint-staged configurations: the package.json key and YAML get the entry; code is refused with the entry to add', () => {
  const cases: { files: Record<string, string>; file: string; expected?: string }[] = [
    {
      files: { 'package.json': '{\n  "name": "shop",\n  "lint-staged": {\n    "*.js": "eslint"\n  }\n}\n' },
      file: 'package.json',
      expected: `{\n  "name": "shop",\n  "lint-staged": {\n    "*.js": "eslint",\n    ${ENTRY}\n  }\n}\n`,
    },
    { files: { 'package.json': '{}\n', '.lintstagedrc.yaml': '# checks\n"*.js": eslint\n' }, file: '.lintstagedrc.yaml', expected: `# checks\n"*.js": eslint\n${ENTRY.replace('": "attractor-lint check --diff HEAD"', '": attractor-lint check --diff HEAD')}\n` },
    { files: { 'package.json': '{}\n', '.lintstagedrc': '"*.js": eslint' }, file: '.lintstagedrc', expected: `"*.js": eslint\n${ENTRY.replace('": "attractor-lint check --diff HEAD"', '": attractor-lint check --diff HEAD')}\n` },
    { files: { 'package.json': '{}\n', 'lint-staged.config.mjs': "export default { '*.js': 'eslint' };\n" }, file: 'lint-staged.config.mjs' },
  ];
  for (const { files, file, expected } of cases) {
    const repo = projectRepo(files);
    try {
      const before = readFileSync(join(repo.dir, file), 'utf8');
      const init = cli(repo.dir, ['init', '--no-learn']);
      assert.match(init.stdout, /no pre-commit hook runs lint-staged yet/, file);
      if (expected === undefined) {
        assert.is(init.code, 1, file);
        assert.match(init.stderr, new RegExp(`${file.replace('.', '\\.')}: cannot be edited safely \\(it is code\\); add this entry yourself: `), init.stderr);
        assert.is(readFileSync(join(repo.dir, file), 'utf8'), before);
      } else {
        assert.is(init.code, 0, `${file}: ${init.stderr}`);
        assert.is(readFileSync(join(repo.dir, file), 'utf8'), expected, file);
        const snap = snapshot(repo.dir);
        assert.match(cli(repo.dir, ['init', '--no-learn']).stdout, /nothing to do/, file);
        assert.equal(snapshot(repo.dir), snap, file);
      }
    } finally {
      repo.cleanup();
    }
  }
});

test('lint-staged passes absolute paths; attractor-lint check reports them relative to the top level', () => {
  const repo = lintStagedProject({ '.lintstagedrc.json': '{}\n' });
  try {
    assert.is(cli(repo.dir, ['init', '--no-learn']).code, 0);
    repo.write('pkg dir/bill é.py', SECRET_PY);
    repo.git('add', '.');
    const run = spawnSync(join(repo.dir, 'node_modules', '.bin', 'lint-staged'), [], { cwd: repo.dir, env: gitEnv({ PATH: PLAIN_PATH }), encoding: 'utf8' });
    assert.is(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, /pkg dir\/bill é\.py[\s\S]*hardcoded-secret/);
  } finally {
    repo.cleanup();
  }
});

test.run();
