// Two `check` runs and a `learn` started together on one repository (as lint-staged chunks or an
// editor and a hook would): every cache and pack file still parses, the learned rules are the
// bytes a sequential run writes, and a later check gives the same answer with and without cache.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: plain JavaScript module shared with the demo
import { buildSampleHistory } from '../../scripts/sample-history.mjs';
import { CLI, gitEnv, runCli } from '../helpers/temp-repo.js';
import { readTree, unparsableJson } from './json-files.js';
import { runBounded } from './run-bounded.js';

const RULES = join('.attractor', 'rules');
const CACHE = join('.attractor', 'cache');
const run = (cwd: string, args: string[]) => runBounded(process.execPath, [CLI, ...args], { cwd, env: gitEnv(), limitMs: 60_000 });
const rulesOf = (dir: string): Record<string, string> =>
  Object.fromEntries([...readTree(join(dir, RULES))].map(([path, bytes]) => [path, bytes.toString('utf8')]));

test('check, check and learn at once: caches and pack parse, rules equal a sequential learn', async () => {
  const root = mkdtempSync(join(tmpdir(), 'attractor-concurrent-'));
  try {
    const together = join(root, 'together');
    const alone = join(root, 'alone');
    mkdirSync(together);
    buildSampleHistory(together);
    cpSync(together, alone, { recursive: true });
    const sequential = runCli(['learn'], { cwd: alone });
    assert.is(sequential.code, 0, sequential.stderr);
    const expected = rulesOf(alone);
    assert.ok(Object.keys(expected).length >= 2, 'the sample history teaches rules');

    // Round 1 starts cold (no cache, no rules); later rounds with warm caches, rules rewritten,
    // and a file changed, and the three processes started a few milliseconds apart.
    for (let round = 1; round <= 3; round++) {
      if (round === 2) rmSync(join(together, RULES), { recursive: true, force: true });
      if (round === 3) rmSync(join(together, CACHE, 'learn-v3'), { recursive: true, force: true });
      const runs = await Promise.all([
        run(together, ['check', '--format', 'json']),
        new Promise((r) => setTimeout(r, round * 7)).then(() => run(together, ['learn', '--full'])),
        new Promise((r) => setTimeout(r, round * 13)).then(() => run(together, ['check', '--format', 'json', '-j', '2'])),
      ]);
      for (const r of runs) {
        assert.not.ok(r.timedOut, `round ${round}: a run did not finish`);
        assert.ok(r.code === 0 || r.code === 1, `round ${round}: exit ${r.code}: ${r.stderr}`);
        assert.not.match(r.stderr, /\n\s+at |internal error/);
      }
      for (const r of [runs[0], runs[2]]) JSON.parse(r?.stdout ?? '');
      assert.equal(unparsableJson(join(together, '.attractor')), [], `round ${round}: unparsable JSON`);
      assert.equal(rulesOf(together), expected, `round ${round}: the learned rules differ from a sequential learn`);
    }
    assert.ok(existsSync(join(together, CACHE)));
    const cached = runCli(['check', '--format', 'json'], { cwd: together });
    const fresh = runCli(['check', '--format', 'json', '--no-cache'], { cwd: together });
    assert.is(cached.stdout, fresh.stdout, 'the cache gives what a run without it gives');
    assert.is(cached.code, fresh.code);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
