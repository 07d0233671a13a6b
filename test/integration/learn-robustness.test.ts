import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: plain JavaScript module shared with the demo
import { buildSampleHistory } from '../../scripts/sample-history.mjs';
import { gitEnv, runCli, tempDir, tempRepo } from '../helpers/temp-repo.js';

test('an empty repository: nothing to learn, exit 0, one line', () => {
  const repo = tempRepo();
  try {
    const run = runCli(['learn'], { cwd: repo.dir });
    assert.is(run.code, 0);
    assert.is(run.stderr, 'attractor-lint: nothing to learn: this repository has no commits yet\n');
  } finally {
    repo.cleanup();
  }
});

test('a shallow clone learns from the commits it has', () => {
  const origin = tempDir();
  const clone = tempDir();
  try {
    buildSampleHistory(origin.dir);
    rmSync(clone.dir, { recursive: true });
    execFileSync('git', ['clone', '-q', '--depth', '6', `file://${origin.dir}`, clone.dir], { env: gitEnv() });
    const run = runCli(['learn', '--json'], { cwd: clone.dir });
    assert.is(run.code, 0, run.stderr);
    assert.is(JSON.parse(run.stdout).commitsScanned, 6);
  } finally {
    origin.cleanup();
    clone.cleanup();
  }
});

test('missing blobs are skipped with a note; unreadable cache entries are rebuilt with a note', () => {
  const repo = tempDir();
  try {
    buildSampleHistory(repo.dir);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo.dir, env: gitEnv(), encoding: 'utf8' });
    // Make every object loose, then delete one blob that a fix commit changed (a damaged or partial clone).
    const packs = join(repo.dir, '.git', 'objects', 'pack');
    for (const pack of existsSync(packs) ? readdirSync(packs).filter((f) => f.endsWith('.pack')) : []) {
      renameSync(join(packs, pack), join(repo.dir, pack));
      execFileSync('git', ['unpack-objects', '-q'], { cwd: repo.dir, input: execFileSync('cat', [join(repo.dir, pack)]) });
      rmSync(join(repo.dir, pack));
    }
    const blob = git('rev-parse', 'HEAD~3:app/billing.py').trim();
    rmSync(join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    const first = runCli(['learn', '--json'], { cwd: repo.dir });
    assert.is(first.code, 0, first.stderr);
    const summary = JSON.parse(first.stdout);
    assert.ok(summary.skipped.some((note: string) => /app\/billing\.py: blob missing/.test(note)), summary.skipped.join('\n'));
    const cache = join(repo.dir, '.attractor', 'cache', 'learn-v3');
    for (const file of readdirSync(cache)) writeFileSync(join(cache, file), '{ garbage');
    const second = JSON.parse(runCli(['learn', '--json'], { cwd: repo.dir }).stdout);
    assert.ok(second.skipped.some((note: string) => /unreadable cache entries .* were rebuilt/.test(note)));
    assert.is(second.hunks, summary.hunks);
  } finally {
    repo.cleanup();
  }
});

test('a second learn refuses while one is running; a stale lock is taken over', () => {
  const repo = tempDir();
  try {
    buildSampleHistory(repo.dir);
    const lock = join(repo.dir, '.attractor', 'cache', 'learn.lock');
    mkdirSync(join(repo.dir, '.attractor', 'cache'), { recursive: true });
    writeFileSync(lock, String(process.pid));
    const busy = runCli(['learn'], { cwd: repo.dir });
    assert.is(busy.code, 2);
    assert.match(busy.stderr, new RegExp(`another "attractor-lint learn" \\(pid ${process.pid}\\) is running`));
    assert.is(busy.stderr.trim().split('\n').length, 1);
    writeFileSync(lock, '999999999');
    const taken = runCli(['learn', '--json'], { cwd: repo.dir });
    assert.is(taken.code, 0, taken.stderr);
    assert.not.ok(existsSync(lock));
  } finally {
    repo.cleanup();
  }
});

test.run();
