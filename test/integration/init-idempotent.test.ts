// A second `attractor-lint init` changes nothing, byte for byte (work tree, .git/config, hooks),
// for each way of installing the hook, including the first learn.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HUSKY, LINT_STAGED, cli, linkNodeModules, projectRepo, snapshot } from '../helpers/hook-project.js';
import type { TempRepo } from '../helpers/temp-repo.js';

/** A short history with fix commits, so the first learn has something to read. */
function withHistory(repo: TempRepo): void {
  for (let i = 0; i < 3; i++) {
    repo.write(`m${i}.py`, `def f${i}(x):\n    if x == None:\n        return 0\n    return x\n`);
    repo.commit(`add m${i}`);
    repo.write(`m${i}.py`, `def f${i}(x):\n    if x is None:\n        return 0\n    return x\n`);
    repo.commit(`fix: compare m${i} with None using is`);
  }
}

const setups: Record<string, (repo: TempRepo) => void> = {
  'git hook': () => undefined,
  husky(repo) {
    repo.write('package.json', '{\n  "name": "shop"\n}\n');
    linkNodeModules(repo.dir, [HUSKY]);
  },
  'lint-staged'(repo) {
    repo.write('package.json', '{\n  "name": "shop",\n  "lint-staged": {}\n}\n');
    linkNodeModules(repo.dir, [HUSKY, LINT_STAGED]);
  },
};

for (const [name, setup] of Object.entries(setups)) {
  test(`${name}: the second init (with its first learn) changes nothing byte for byte`, () => {
    const repo = projectRepo();
    try {
      withHistory(repo);
      setup(repo);
      const first = cli(repo.dir, ['init']);
      assert.is(first.code, 0, first.stderr + first.stdout);
      assert.match(first.stdout, /run a first learn[^\n]*\n {4}7 commits read, \d+ rules? learned\n/);
      const after = snapshot(repo.dir);
      assert.ok(Object.keys(after).some((file) => file.startsWith('.attractor/rules/')), 'learn wrote the pack');
      const second = cli(repo.dir, ['init']);
      assert.is(second.code, 0, second.stderr);
      assert.is(second.stdout.split('\n')[1], '  nothing to do: everything is in place');
      assert.equal(snapshot(repo.dir), after);
      const dry = cli(repo.dir, ['init', '--dry-run']);
      assert.not.match(dry.stdout, /would/);
      assert.match(readFileSync(join(repo.dir, '.gitignore'), 'utf8'), /^\.attractor\/cache\/\n$/);
    } finally {
      repo.cleanup();
    }
  });
}

test.run();
