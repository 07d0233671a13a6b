import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: plain JavaScript module shared with the demo
import { buildSampleHistory } from '../../scripts/sample-history.mjs';
import { gitEnv, runCli, tempDir } from '../helpers/temp-repo.js';

function packOf(dir: string): Map<string, string> {
  const rules = join(dir, '.attractor', 'rules');
  return new Map(readdirSync(rules).sort().map((f) => [f, readFileSync(join(rules, f), 'utf8')]));
}

function learned(dir: string): { id: string; query: string; fix?: { template: string }; severity: string; provenance: { support: number } }[] {
  return [...packOf(dir)].filter(([f]) => !f.startsWith('_')).map(([, text]) => JSON.parse(text));
}

test('learn promotes every planted pattern and no noise; the rules flag a new file that repeats a planted bug', () => {
  const repo = tempDir();
  try {
    buildSampleHistory(repo.dir);
    const run = runCli(['learn', '--json'], { cwd: repo.dir });
    assert.is(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.is(summary.commitsScanned, 20);
    assert.is(summary.rules.promoted, 3);
    const rules = learned(repo.dir);
    const byQuery = (needle: string) => rules.filter((r) => r.query.includes(needle));
    assert.is(byQuery('"fetch_profile"').length, 1, 'await on fetch_profile');
    assert.is(byQuery('"send_message"').length, 1, 'renamed API');
    assert.is(byQuery('"requests"').length, 1, 'timeout keyword');
    assert.is(byQuery('version').length + byQuery('Payment').length + byQuery('amount').length, 0, 'noise promoted');
    for (const rule of rules) {
      assert.ok(rule.provenance.support >= 3);
      assert.ok(rule.fix, `${rule.id} has a fix`);
    }
    // The fix adds await to whichever coroutine was called (the rule covers the repository's own).
    assert.match(byQuery('"fetch_profile"')[0]?.fix?.template ?? '', /await \{\{h\d+\}\}|await fetch_profile/);

    repo.write('app/fresh.py', [
      'import requests',
      'from app.api import fetch_profile, client',
      '',
      'async def show(user_id):',
      '    data = fetch_profile(user_id)',
      '    return data',
      '',
      'def ping(member, body):',
      '    client.send_message(member.channel, body)',
      '    return requests.get(member).status_code',
      '',
    ].join('\n'));
    const check = runCli(['check', 'app/fresh.py', '--no-builtin', '--format', 'json'], { cwd: repo.dir });
    const findings = JSON.parse(check.stdout).findings as { ruleId: string; line: number }[];
    assert.equal(findings.map((f) => f.line).sort((a, b) => a - b), [5, 9, 10]);
    assert.ok(findings.every((f) => f.ruleId.startsWith('learned/')));
    const selfTest = runCli(['test', '--no-builtin'], { cwd: repo.dir });
    assert.is(selfTest.code, 0, selfTest.stdout);
  } finally {
    repo.cleanup();
  }
});

test('re-running learn gives a byte-identical pack, with or without the cache', () => {
  const repo = tempDir();
  try {
    buildSampleHistory(repo.dir);
    assert.is(runCli(['learn'], { cwd: repo.dir }).code, 0);
    const first = packOf(repo.dir);
    assert.is(runCli(['learn'], { cwd: repo.dir }).code, 0);
    assert.equal(packOf(repo.dir), first);
    rmSync(join(repo.dir, '.attractor', 'cache'), { recursive: true });
    const again = runCli(['learn', '--json'], { cwd: repo.dir });
    assert.is(JSON.parse(again.stdout).rules.unchanged, 3);
    assert.equal(packOf(repo.dir), first);
  } finally {
    repo.cleanup();
  }
});

test('a rule edited by hand stays as left; a deleted one is not recreated; a faded one is retired', () => {
  const repo = tempDir();
  try {
    buildSampleHistory(repo.dir);
    runCli(['learn'], { cwd: repo.dir });
    const rulesDir = join(repo.dir, '.attractor', 'rules');
    const files = readdirSync(rulesDir).filter((f) => !f.startsWith('_')).sort();
    const [edited, deleted] = files;
    const editedPath = join(rulesDir, edited as string);
    const text = readFileSync(editedPath, 'utf8').replace('"severity": "warning"', '"severity": "error"');
    writeFileSync(editedPath, text);
    rmSync(join(rulesDir, deleted as string));
    const rerun = JSON.parse(runCli(['learn', '--json', '--full'], { cwd: repo.dir }).stdout);
    assert.is(rerun.rules.keptByHuman, 2);
    assert.is(readFileSync(editedPath, 'utf8'), text);
    assert.not.ok(readdirSync(rulesDir).includes(deleted as string));
    // A much higher threshold: the untouched rule fades out and is removed; the edited one stays.
    const faded = JSON.parse(runCli(['learn', '--json', '--threshold', '0.95'], { cwd: repo.dir }).stdout);
    assert.is(faded.rules.retired, 1);
    assert.equal(readdirSync(rulesDir).filter((f) => !f.startsWith('_')), [edited]);
  } finally {
    repo.cleanup();
  }
});

test('learn outside a repository, on an empty repository and on a bad revision fails with one line', () => {
  const plain = tempDir();
  try {
    const outside = runCli(['learn'], { cwd: plain.dir });
    assert.is(outside.code, 2);
    assert.match(outside.stderr, /^attractor-lint: .*not inside a git repository\n$/);
    runCli([], { cwd: plain.dir });
    buildSampleHistory(plain.dir);
    const bad = runCli(['learn', '--rev', 'no-such-branch'], { cwd: plain.dir });
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /no-such-branch/);
    assert.is(bad.stderr.trim().split('\n').length, 1);
  } finally {
    plain.cleanup();
  }
});

test('incremental learn: a new non-fix commit is walked alone and leaves the pack as it is; a new fix re-scores', () => {
  const repo = tempDir();
  try {
    buildSampleHistory(repo.dir);
    runCli(['learn'], { cwd: repo.dir });
    const before = packOf(repo.dir);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo.dir, env: gitEnv(), encoding: 'utf8' });
    repo.write('app/extra.py', 'def extra():\n    return 1\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'Add extra helper');
    const quiet = JSON.parse(runCli(['learn', '--json'], { cwd: repo.dir }).stdout);
    assert.is(quiet.commitsScanned, 21);
    assert.is(quiet.rules.unchanged, 3);
    assert.ok(quiet.skipped.some((n: string) => /no new fix commits/.test(n)));
    assert.equal(packOf(repo.dir), before);
    // A fourth fix of a planted pattern: the pack is re-scored from cached edits plus the new one.
    const orders = readFileSync(join(repo.dir, 'app/orders.py'), 'utf8').replace('profile = fetch_profile(uid)', 'profile = await fetch_profile(uid)');
    repo.write('app/orders.py', orders);
    git('add', '-A');
    git('commit', '-q', '-m', 'Fix missing await in orders profile');
    const rescored = JSON.parse(runCli(['learn', '--json'], { cwd: repo.dir }).stdout);
    assert.is(rescored.commitsScanned, 22);
    assert.ok(rescored.rules.updated >= 1, JSON.stringify(rescored.rules));
    assert.match(readFileSync(join(repo.dir, '.attractor', 'rules', [...packOf(repo.dir).keys()].find((f) => f.includes('await')) as string), 'utf8'), /"support": 4/);
    const after = packOf(repo.dir);
    const full = JSON.parse(runCli(['learn', '--json', '--full'], { cwd: repo.dir }).stdout);
    assert.equal({ promoted: full.rules.promoted, updated: full.rules.updated, retired: full.rules.retired }, { promoted: 0, updated: 0, retired: 0 }, 'incremental and full runs agree');
    assert.equal(packOf(repo.dir), after);
  } finally {
    repo.cleanup();
  }
});

test.run();
