// The pre-commit framework (https://pre-commit.com), for real: the published hook definition
// (.pre-commit-hooks.yaml) and the entry `init` prints, run by `pre-commit` on real commits.
// Skipped, and counted as skipped, when the `pre-commit` tool is not installed (Debian: apt-get
// install pre-commit). The hook is run as `repo: local` with `language: system`: its `language:
// node` form makes pre-commit `npm install` the package (the network, a native tree-sitter build,
// minutes), and pre-commit 3.x then fails on npm 11's `npm pack` output (see the comment in
// .pre-commit-hooks.yaml), so that path is only validated here (validate-manifest), not installed.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FIXED_PY, PLAIN_PATH, SECRET_PY, cli, gitTry, projectRepo } from '../helpers/hook-project.js';
import { testUnless } from '../helpers/skipped.js';
import { CLI, gitEnv, type TempRepo } from '../helpers/temp-repo.js';

const MANIFEST = new URL('../../.pre-commit-hooks.yaml', import.meta.url).pathname;
const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const available = version.status === 0;
const framework = testUnless(available ? undefined : 'the "pre-commit" tool is not installed: apt-get install pre-commit');

/** A PATH with an `attractor-lint` that starts the built CLI, and an empty pre-commit cache. */
function frameworkEnv(): { env: NodeJS.ProcessEnv; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'attractor-pc-'));
  writeFileSync(join(dir, 'attractor-lint'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(join(dir, 'attractor-lint'), 0o755);
  return { env: { PATH: `${dir}:${PLAIN_PATH}`, PRE_COMMIT_HOME: join(dir, 'cache') }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Commits `.pre-commit-config.yaml` and runs `pre-commit install` (the hook in .git/hooks). */
function install(repo: TempRepo, config: string, env: NodeJS.ProcessEnv): void {
  repo.write('.pre-commit-config.yaml', config);
  repo.commit('pre-commit config');
  const installed = spawnSync('pre-commit', ['install'], { cwd: repo.dir, env: gitEnv(env), encoding: 'utf8' });
  assert.is(installed.status, 0, installed.stdout + installed.stderr);
}

/** A violating commit fails with the finding, SKIP=attractor-lint lets it through, the fix commits. */
function assertCommits(repo: TempRepo, env: NodeJS.ProcessEnv): void {
  repo.write('billing.py', SECRET_PY);
  repo.git('add', 'billing.py');
  const rejected = gitTry(repo.dir, ['commit', '-q', '-m', 'add billing'], env);
  assert.is(rejected.code, 1, rejected.stdout + rejected.stderr);
  assert.match(rejected.stdout + rejected.stderr, /attractor-lint\.*Failed[\s\S]*billing\.py[\s\S]*error .*hardcoded-secret/);
  const count = repo.git('rev-list', '--count', 'HEAD');
  assert.is(gitTry(repo.dir, ['commit', '-q', '-m', 'skip'], { ...env, SKIP: 'attractor-lint' }).code, 0);
  assert.is(Number(repo.git('rev-list', '--count', 'HEAD')), Number(count) + 1);
  repo.write('billing.py', FIXED_PY);
  repo.git('add', 'billing.py');
  const fixed = gitTry(repo.dir, ['commit', '-q', '-m', 'fix'], env);
  assert.is(fixed.code, 0, fixed.stdout + fixed.stderr);
  assert.match(fixed.stdout + fixed.stderr, /attractor-lint\.*Passed/);
}

framework('.pre-commit-hooks.yaml is a valid pre-commit manifest', () => {
  const run = spawnSync('pre-commit', ['validate-manifest', MANIFEST], { encoding: 'utf8' });
  assert.is(run.status, 0, run.stdout + run.stderr);
});

framework('the published hook, run by pre-commit as a local system hook, checks commits', () => {
  const repo = projectRepo();
  const { env, cleanup } = frameworkEnv();
  try {
    // The manifest's hook, unchanged but for the language: indented under a local repository.
    const hook = readFileSync(MANIFEST, 'utf8').split('\n').filter((line) => !line.startsWith('#')).join('\n');
    assert.match(hook, /language: node/);
    const local = hook.replace('language: node', 'language: system').split('\n').map((line) => (line ? `    ${line}` : line)).join('\n');
    install(repo, `repos:\n  - repo: local\n    hooks:\n${local}`, env);
    assertCommits(repo, env);
  } finally {
    cleanup();
    repo.cleanup();
  }
});

framework('the entry init prints for .pre-commit-config.yaml works as printed', () => {
  const repo = projectRepo({ '.pre-commit-config.yaml': 'repos:\n' });
  const { env, cleanup } = frameworkEnv();
  try {
    const init = cli(repo.dir, ['init', '--no-learn']);
    assert.is(init.code, 0, init.stderr);
    const snippet = /then run "pre-commit install":\n([\s\S]*?)(?:\nnote:|$)/.exec(init.stdout)?.[1];
    assert.ok(snippet, init.stdout);
    install(repo, `repos:\n${snippet}`, env);
    assertCommits(repo, env);
    const again = cli(repo.dir, ['init', '--no-learn']);
    assert.match(again.stdout, /note: \.pre-commit-config\.yaml already runs attractor-lint/);
    assert.is(cli(repo.dir, ['doctor'], { OLLAMA_HOST: 'http://127.0.0.1:59999' }).code, 0);
  } finally {
    cleanup();
    repo.cleanup();
  }
});

test.run();
