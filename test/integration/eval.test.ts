import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: plain JavaScript module shared with the demo
import { buildSampleHistory } from '../../scripts/sample-history.mjs';
import { runCli, tempDir } from '../helpers/temp-repo.js';

test('eval: rules learned before the cut flag the later repeats of the planted bugs, with exact fixes', () => {
  const repo = tempDir();
  try {
    buildSampleHistory(repo.dir);
    const run = runCli(['eval', '--json', '--threshold', '0.3'], { cwd: repo.dir });
    assert.is(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.is(report.cut.index, 16);
    assert.is(report.cut.of, 20);
    assert.is(report.learn.rules.length, 3);
    // Held out: the third round of planted fixes (3) plus a version-number "fix" no rule can see.
    assert.is(report.heldOut, 4);
    assert.is(report.hits, 3);
    assert.is(report.recall, 0.75);
    assert.equal(report.fixExactness, { hitsWithFix: 3, exact: 3 });
    assert.equal(report.hitDetails.map((h: { path: string }) => h.path).sort(), ['app/billing.py', 'app/billing.py', 'app/users.py']);
    assert.ok(report.noise.lines > 0);
    // Nothing after the cut leaks into learning: the clone only sees 16 commits.
    assert.is(report.learn.commitsScanned, 16);
    if (report.baseline) assert.is(report.baseline.tool, 'pyflakes');
  } finally {
    repo.cleanup();
  }
});

test('eval: a bad split and a too-short history fail with one line', () => {
  const repo = tempDir();
  try {
    buildSampleHistory(repo.dir);
    const bad = runCli(['eval', '--split', '1.5'], { cwd: repo.dir });
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /^attractor-lint: --split must be between 0 and 1/);
  } finally {
    repo.cleanup();
  }
});

test.run();
