// Backups left under .git/attractor-lint/ by a run that was killed outright are reported by the
// next `--staged --fix`. A backup is written README last, so one without a README was cut short
// before anything changed: the note must not send the user to a README that is not there.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeRules } from '../helpers/rules.js';
import { runCli, tempRepo } from '../helpers/temp-repo.js';
import { RULE } from './build-scenario.js';

test('stale backups: a complete one points to its README, an incomplete one says nothing was changed', () => {
  const repo = tempRepo();
  try {
    writeRules(join(repo.dir, '.rules'), RULE);
    writeFileSync(join(repo.dir, '.git', 'info', 'exclude'), '.rules/\n.attractor/\n');
    const complete = join(repo.dir, '.git', 'attractor-lint', 'fix-backup-1-1');
    const incomplete = join(repo.dir, '.git', 'attractor-lint', 'fix-backup-2-2');
    mkdirSync(join(complete, 'files'), { recursive: true });
    writeFileSync(join(complete, 'README'), 'attractor-lint --staged --fix was interrupted. To undo it, run:\n');
    mkdirSync(join(incomplete, 'files'), { recursive: true });
    repo.write('a.py', 'old(1)\n');
    repo.git('add', 'a.py');
    const run = runCli(['check', '--staged', '--fix', '--no-builtin', '--rules', '.rules'], { cwd: repo.dir });
    assert.is(run.code, 0, run.stderr);
    const notes = run.stderr.split('\n').filter((line) => line.includes('interrupted')).sort();
    assert.equal(notes, [
      `attractor-lint: note: an interrupted --fix left a backup in ${complete} (its README says how to restore it)`,
      `attractor-lint: note: an interrupted --fix left an incomplete backup in ${incomplete} (it stopped before changing anything; the folder can be deleted)`,
    ]);
  } finally {
    repo.cleanup();
  }
});

test.run();
