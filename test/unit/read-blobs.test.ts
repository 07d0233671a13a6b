// readBlobs: blob contents from a real repository in one `git cat-file --batch` when they fit,
// else after a size check, so that a huge blob is never read into memory.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readBlobs } from '../../src/git/staged-files.js';
import { tempRepo } from '../helpers/temp-repo.js';

/** Runs `work` with GIT_TRACE on and returns how many `git cat-file` processes it started. */
function catFileRuns(dir: string, work: () => void): number {
  const trace = join(dir, '.git', 'trace.log');
  const saved = process.env.GIT_TRACE;
  process.env.GIT_TRACE = trace;
  try {
    work();
  } finally {
    if (saved === undefined) delete process.env.GIT_TRACE;
    else process.env.GIT_TRACE = saved;
  }
  const runs = readFileSync(trace, 'utf8').split('\n').filter((line) => /built-in: git .*cat-file/.test(line)).length;
  rmSync(trace);
  return runs;
}

test('small blobs, a blob over the limit, a missing id and a rev:path name: one process', () => {
  const repo = tempRepo();
  try {
    repo.write('a.py', 'a = 1\n');
    repo.write('big.py', 'x = 1\n'.repeat(100));
    repo.commit('init', 'a.py', 'big.py');
    const a = repo.git('rev-parse', 'HEAD:a.py').trim();
    const big = repo.git('rev-parse', 'HEAD:big.py').trim();
    const missing = '1'.repeat(40);
    let blobs = new Map();
    const runs = catFileRuns(repo.dir, () => {
      blobs = readBlobs(repo.dir, [a, big, missing, 'HEAD:a.py', a], 300);
    });
    assert.is(runs, 1);
    assert.equal(blobs.get(a), { kind: 'ok', bytes: Buffer.from('a = 1\n') });
    assert.equal(blobs.get('HEAD:a.py'), { kind: 'ok', bytes: Buffer.from('a = 1\n') });
    assert.equal(blobs.get(big), { kind: 'too-large', size: 600 });
    assert.equal(blobs.get(missing), { kind: 'missing' });
  } finally {
    repo.cleanup();
  }
});

test('a blob too big for the room of all: sizes first, and its bytes are never read', () => {
  const repo = tempRepo();
  try {
    repo.write('a.py', 'a = 1\n');
    repo.write('huge.py', 'x = 1\n'.repeat(20_000));
    repo.commit('init', 'a.py', 'huge.py');
    const a = repo.git('rev-parse', 'HEAD:a.py').trim();
    const huge = repo.git('rev-parse', 'HEAD:huge.py').trim();
    let blobs = new Map();
    const runs = catFileRuns(repo.dir, () => {
      blobs = readBlobs(repo.dir, [huge, a, 'HEAD:nope.py'], 1000);
    });
    // The one-process try stopped at its bound, then --batch-check, then --batch for a.py alone.
    assert.is(runs, 3);
    assert.equal(blobs.get(a), { kind: 'ok', bytes: Buffer.from('a = 1\n') });
    assert.equal(blobs.get(huge), { kind: 'too-large', size: 120_000 });
    assert.equal(blobs.get('HEAD:nope.py'), { kind: 'missing' });
  } finally {
    repo.cleanup();
  }
});

test.run();
