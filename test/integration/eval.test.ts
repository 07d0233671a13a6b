import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: plain JavaScript module shared with the demo
import { buildSampleHistory } from '../../scripts/sample-history.mjs';
import { runCli, tempDir, tempRepo } from '../helpers/temp-repo.js';

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
    // Each planted fix repeats an edit made twice before the cut: the ceiling is the three of them.
    assert.equal([report.ceiling.once, report.ceiling.atSupport, report.ceiling.minSupport], [3, 3, 2]);
    assert.equal(report.ceiling.examples.map((e: { commit: string }) => e.commit).sort(), report.hitDetails.map((h: { commit: string }) => h.commit).sort());
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

test('eval on JavaScript: ESLint recommended is the baseline, scored on the held-out fixes and the tree', () => {
  const repo = tempRepo();
  try {
    const module = (i: number, body: string): string => `'use strict';\nconst store = require('./store');\n\nfunction find${i}(id) {\n  const user = store.get(id);\n${body}\n  return user;\n}\n\nmodule.exports = { find${i} };\n`;
    for (let i = 0; i < 10; i++) {
      repo.write(`lib/m${i}.js`, module(i, '  if (user === null) throw new Error("missing");'));
      repo.commit(`Add module ${i}`);
    }
    repo.write('lib/m3.js', module(3, '  if (user = null) throw new Error("missing");'));
    repo.commit('Refactor the lookup of module 3');
    repo.write('lib/m3.js', module(3, '  if (user === null) throw new Error("missing");'));
    repo.commit('Fix the null check in find3');
    const run = runCli(['eval', '--json', '--no-builtin'], { cwd: repo.dir });
    assert.is(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.is(report.heldOut, 1);
    assert.equal(report.baselines.map((b: { tool: string }) => b.tool), ['ESLint recommended'], 'no Python files: no pyflakes row');
    assert.is(report.baseline.tool, 'ESLint recommended');
    assert.is(report.baseline.hits, 1, 'no-cond-assign fired on the fixed line before the fix and not after');
    assert.is(report.baseline.findings, 0, 'the tree at the cut is clean');
    assert.ok(report.baseline.lines > 50);
  } finally {
    repo.cleanup();
  }
});

test.run();
