import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../src/check/check-source.js';
import { blankLongCommentRuns } from '../../src/parse/parser.js';
import { packOf } from '../helpers/pack.js';

test('long runs of comment lines are blanked with offsets kept; short runs and directives stay', () => {
  const short = 'x = 1\n# a\n# b\n';
  assert.is(blankLongCommentRuns(short), short);
  const long = `x = 1\n${'# noise\n'.repeat(100)}# attractor-lint: disable-next-line call-boom\nboom()\n`;
  const blanked = blankLongCommentRuns(long);
  assert.is(blanked.length, long.length);
  assert.not.match(blanked, /noise/);
  assert.match(blanked, /# attractor-lint: disable-next-line call-boom\nboom\(\)/);
});

test('a file with thousands of comment lines is checked correctly (positions unchanged)', () => {
  const pack = packOf({ id: 'call-boom', language: 'python', message: 'm', query: '((call function: (identifier) @fn) @match (#eq? @fn "boom"))' });
  const src = `def f():\n${'    # explanation of the algorithm\n'.repeat(5000)}    boom()\n`;
  const { findings } = checkSource(src, 'a.py', 'python', pack);
  assert.equal(findings.map((f) => [f.line, f.column]), [[5002, 5]]);
});

test.run();
