// `init --post-commit` and the post-commit block: `learn` after each commit, detached, so a fix
// committed a moment ago already guards the next commit. Real repositories, the real CLI.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LINT_BIN, PLAIN_PATH, cli, gitTry, until } from '../helpers/hook-project.js';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';

const LOG = '.attractor/cache/learn.log';

const fn = (name: string, route: string, extra = ''): string => `def ${name}(session):\n    data = client.fetch_json(session, "${route}"${extra})\n    return data\n`;

/** A repository with three calls of fetch_json and init --post-commit run (no first learn). */
function initialised(): TempRepo {
  const repo = tempRepo();
  repo.write('app/a.py', ['import client\n', fn('load_users', '/users'), fn('load_groups', '/groups'), fn('load_teams', '/teams')].join('\n\n'));
  repo.commit('base');
  const init = cli(repo.dir, ['init', '--post-commit', '--no-learn']);
  assert.is(init.code, 0, init.stderr);
  assert.match(init.stdout, /create \.git\/hooks\/post-commit/);
  return repo;
}

test('init --post-commit adds the block once; a second init changes nothing', () => {
  const repo = initialised();
  try {
    const hook = readFileSync(join(repo.dir, '.git/hooks/post-commit'), 'utf8');
    assert.match(hook, /^#!\/bin\/sh\n# >>> attractor-lint >>>/);
    assert.match(hook, /learn"/);
    const again = cli(repo.dir, ['init', '--post-commit', '--no-learn']);
    assert.is(again.code, 0, again.stderr);
    assert.not.match(again.stdout, /post-commit/);
    assert.is(readFileSync(join(repo.dir, '.git/hooks/post-commit'), 'utf8'), hook);
  } finally {
    repo.cleanup();
  }
});

test('post-commit: a fix committed at 2 of 3 sites is learned in the background and flags old-style code in the next commit', async () => {
  const repo = initialised();
  try {
    const a = readFileSync(join(repo.dir, 'app/a.py'), 'utf8').replace('"/users")', '"/users", timeout=10)').replace('"/groups")', '"/groups", timeout=10)');
    repo.write('app/a.py', a);
    gitTry(repo.dir, ['add', '.']);
    const commit = gitTry(repo.dir, ['commit', '-q', '-m', 'Fix hanging requests: pass a timeout'], { ATTRACTOR_LINT_BIN: LINT_BIN });
    assert.is(commit.code, 0, commit.stderr);
    const log = join(repo.dir, LOG);
    assert.ok(await until(() => existsSync(log) && /rules in /.test(readFileSync(log, 'utf8')), 30000), existsSync(log) ? readFileSync(log, 'utf8') : 'no log');
    assert.match(readFileSync(log, 'utf8'), /attractor-lint learn \(post-commit\)/);
    repo.write('app/new.py', 'import client\n\n\ndef load_x(session):\n    return client.fetch_json(session, "/x")\n');
    gitTry(repo.dir, ['add', 'app/new.py']);
    const check = cli(repo.dir, ['check', '--staged', '--format', 'json']);
    const findings = (JSON.parse(check.stdout) as { findings: { ruleId: string; path: string; line: number }[] }).findings;
    assert.ok(
      findings.some((f) => f.ruleId.startsWith('learned/unfinished-') && f.path === 'app/new.py' && f.line === 5),
      JSON.stringify(findings),
    );
  } finally {
    repo.cleanup();
  }
});

test('post-commit: ATTRACTOR_LINT=0 skips it; without a linter it does nothing and the commit succeeds', () => {
  for (const env of [{ ATTRACTOR_LINT: '0', ATTRACTOR_LINT_BIN: 'false' }, { PATH: PLAIN_PATH }]) {
    const repo = initialised();
    try {
      repo.write('b.py', 'x = 1\n');
      gitTry(repo.dir, ['add', 'b.py']);
      const commit = gitTry(repo.dir, ['commit', '-q', '-m', 'add b'], env);
      assert.is(commit.code, 0, commit.stderr);
      assert.not.ok(existsSync(join(repo.dir, LOG)));
    } finally {
      repo.cleanup();
    }
  }
});

test.run();
