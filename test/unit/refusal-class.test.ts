// eval --what-if groups refused candidates by the class of their reason: names, numbers, rule ids
// and sites are blanked so that one filter makes one row.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { refusalClass } from '../../src/eval/evaluate.js';

test('refusal reasons that differ only in names, numbers, sites and rule ids make one class', () => {
  const a = refusalClass('unfinished-fix', 'rich/columns.py:12 was not there before the fix (the fix or a later commit wrote it): not a site the fix left behind');
  const b = refusalClass('unfinished-fix', 'aiohttp/client_ws.py:305 was not there before the fix (the fix or a later commit wrote it): not a site the fix left behind');
  assert.is(a, b);
  assert.is(a, 'unfinished-fix: a site was not there before the fix: not a site the fix left behind');
  assert.is(refusalClass('migration', 'one commit, and `inicfg` still resolves: a rename kept for compatibility is no migration'), 'migration: one commit, and X still resolves: a rename kept for compatibility is no migration');
  assert.is(refusalClass('unfinished-fix', '4 sites left, more than 2 (the fix changed 2 sites; maxSiblings 3)'), 'unfinished-fix: N sites left, more than N');
  assert.is.not(refusalClass('migration', 'x'), refusalClass('unfinished-fix', 'x'));
});

test.run();
