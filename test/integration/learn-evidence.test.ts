import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: plain JavaScript module shared with the demo
import { buildSampleHistory } from '../../scripts/sample-history.mjs';
import { gitEnv, runCli, tempDir } from '../helpers/temp-repo.js';

type Rule = { query: string; provenance: { tests?: string[]; parts: { tests: number } } };

function rules(dir: string): Rule[] {
  const folder = join(dir, '.attractor', 'rules');
  return readdirSync(folder).filter((f) => !f.startsWith('_')).map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')) as Rule);
}

test('--verify: a command failing at the parent and passing at the fix is red-to-green evidence', () => {
  const repo = tempDir();
  try {
    buildSampleHistory(repo.dir);
    const run = runCli(['learn', '--json', '--verify', 'grep -q "await fetch_profile" app/billing.py', '--verify-timeout', '20'], { cwd: repo.dir });
    assert.is(run.code, 0, run.stderr);
    const awaitRule = rules(repo.dir).find((r) => r.query.includes('"fetch_profile"'));
    assert.equal(awaitRule?.provenance.tests, ['verify: grep -q "await fetch_profile" app/billing.py']);
    for (const other of rules(repo.dir).filter((r) => !r.query.includes('"fetch_profile"'))) assert.is(other.provenance.tests, undefined);
    // The user's checkout is untouched and no worktree is left behind.
    const worktrees = execFileSync('git', ['worktree', 'list'], { cwd: repo.dir, env: gitEnv(), encoding: 'utf8' }).trim().split('\n');
    assert.is(worktrees.length, 1);
  } finally {
    repo.cleanup();
  }
});

test('--test-reports: JUnit results at the parent and at the fix give red-to-green evidence', () => {
  const repo = tempDir();
  try {
    buildSampleHistory(repo.dir);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo.dir, env: gitEnv(), encoding: 'utf8' }).trim();
    const fix = git('log', '--format=%H', '--grep', 'Fix hang in user avatar download');
    const parent = git('rev-parse', `${fix}^`);
    const report = (failed: boolean) => `<?xml version="1.0"?>\n<testsuite name="t"><testcase classname="tests.test_users" name="test_avatar_download">${failed ? '<failure message="timed out"/>' : ''}</testcase><testcase classname="tests.test_users" name="test_ok"/></testsuite>\n`;
    const reports = tempDir();
    reports.write(`${parent.slice(0, 10)}.xml`, report(true));
    reports.write(`${fix}/junit.xml`, report(false));
    const run = runCli(['learn', '--json', '--test-reports', reports.dir], { cwd: repo.dir });
    assert.is(run.code, 0, run.stderr);
    const timeout = rules(repo.dir).find((r) => r.query.includes('"requests"'));
    assert.equal(timeout?.provenance.tests, ['tests.test_users.test_avatar_download']);
    reports.cleanup();
  } finally {
    repo.cleanup();
  }
});

test.run();
