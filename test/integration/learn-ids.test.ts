import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempRepo, type TempRepo } from '../helpers/temp-repo.js';

const numpyModule = (line: string): string => `import numpy as np\n\n\ndef load(table, rows):\n    ${line}\n    return out\n`;

/**
 * A history with two recurring fixes whose cluster keys are one string: `.dtype` read and dropped
 * in two commits (exact signature `call>call -api:dtype +`), and the `dtype=` keyword dropped in
 * two commits, once with None and once with a string (two exact signatures; their coarse one is
 * that same string). Both became `learned/remove-dtype-05bc`, and learn stopped with exit 2:
 * `id: "learned/remove-dtype-05bc" for python is already defined in learned/remove-dtype-05bc`.
 */
function dtypeHistory(repo: TempRepo): void {
  const bugs: Record<string, [string, string]> = {
    'app/a.py': ['out = np.zeros(rows.dtype)', 'out = np.zeros(rows)'],
    'app/b.py': ['out = np.zeros(table.dtype)', 'out = np.zeros(table)'],
    'app/c.py': ['out = np.zeros(rows, dtype=None)', 'out = np.zeros(rows)'],
    'app/d.py': ['out = np.zeros(rows, dtype="f8")', 'out = np.zeros(rows)'],
  };
  for (const [path, [before]] of Object.entries(bugs)) repo.write(path, numpyModule(before));
  repo.write('app/version.py', 'VERSION = 0\n');
  repo.commit('initial import');
  for (let i = 1; i <= 4; i++) {
    repo.write('app/version.py', `VERSION = ${i}\n`);
    repo.commit(`bump version to ${i}`);
  }
  for (const [path, [, after]] of Object.entries(bugs)) {
    repo.write(path, numpyModule(after));
    repo.commit(`fix dtype handling in ${path}`);
  }
}

test('two recurring fixes whose cluster keys are one string: two rules, two ids, two files, and check loads them', () => {
  const repo = tempRepo();
  try {
    dtypeHistory(repo);
    // The threshold is 0 so both clusters are promoted: two fixes each resonate about 0.43.
    const learn = runCli(['learn', '--threshold', '0', '--json'], { cwd: repo.dir });
    assert.is(learn.code, 0, learn.stderr);
    const summary = JSON.parse(learn.stdout);
    assert.is(summary.rules.promoted, 2, learn.stdout);
    const dir = join(repo.dir, '.attractor', 'rules');
    const files = readdirSync(dir).filter((f) => !f.startsWith('_')).sort();
    assert.is(files.length, 2);
    const ids = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).id as string);
    assert.is(new Set(ids).size, 2, ids.join(' '));
    assert.ok(ids.includes('learned/remove-dtype-05bc'), 'the exact-signature rule keeps the id it always had');
    for (const id of ids) assert.match(id, /^learned\/remove-dtype-[0-9a-f]{4}$/);

    // Learning again gives the same ids and bytes.
    const before = files.map((f) => readFileSync(join(dir, f), 'utf8'));
    const again = runCli(['learn', '--threshold', '0', '--full', '--json'], { cwd: repo.dir });
    assert.is(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).rules.unchanged, 2);
    assert.equal(readdirSync(dir).filter((f) => !f.startsWith('_')).sort(), files);
    assert.equal(files.map((f) => readFileSync(join(dir, f), 'utf8')), before);

    // A new file with both bugs: check (curated pack included) loads the pack and flags both.
    repo.write('app/fresh.py', 'import numpy as np\n\n\ndef fresh(rows, table):\n    a = np.zeros(rows.dtype)\n    b = np.zeros(rows, dtype=None)\n    return a, b\n');
    const check = runCli(['check', 'app/fresh.py', '--format', 'json'], { cwd: repo.dir });
    // Two fixes make info rules, which do not fail the run; a pack check refused would exit 2.
    assert.is(check.code, 0, check.stderr);
    const findings = JSON.parse(check.stdout).findings as { ruleId: string; line: number }[];
    assert.equal(findings.filter((f) => f.ruleId.startsWith('learned/')).map((f) => f.line).sort(), [5, 6]);
  } finally {
    repo.cleanup();
  }
});

test('a rule file added by hand with a learned id: learn does not write that id again, says so, and check still loads the pack', () => {
  const repo = tempRepo();
  try {
    dtypeHistory(repo);
    assert.is(runCli(['learn', '--threshold', '0'], { cwd: repo.dir }).code, 0);
    const dir = join(repo.dir, '.attractor', 'rules');
    // Someone copies a learned rule under another name to edit it.
    writeFileSync(join(dir, 'my-dtype.json'), readFileSync(join(dir, 'remove-dtype-05bc.json')));
    const learn = runCli(['learn', '--threshold', '0', '--full', '--json'], { cwd: repo.dir });
    assert.is(learn.code, 0, learn.stderr);
    const notes = JSON.parse(learn.stdout).skipped as string[];
    assert.ok(notes.some((n) => /^learned\/remove-dtype-05bc: not written: the id is already defined in my-dtype\.json/.test(n)), notes.join('\n'));
    const files = readdirSync(dir).filter((f) => !f.startsWith('_')).sort();
    assert.not.ok(files.includes('remove-dtype-05bc.json'), 'its own copy is retired');
    assert.ok(files.includes('my-dtype.json'));
    const check = runCli(['check', '--format', 'json'], { cwd: repo.dir });
    assert.is.not(check.code, 2, check.stderr);
  } finally {
    repo.cleanup();
  }
});

test.run();
