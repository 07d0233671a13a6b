// Every case of the bad-input corpus (bad-inputs.ts, test/fixtures/bad/): the exit code, one line
// naming the file and field, no stack trace, and an answer within the time limit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { testUnless } from '../helpers/skipped.js';
import { BAD_INPUTS, judgeBadInput, runBadInput } from './bad-inputs.js';

for (const c of BAD_INPUTS) {
  const name = `${c.name}: ${c.what}`;
  if (c.notInCi) {
    // Run by `npm run reliability`, reported in docs/reliability.md.
    testUnless(c.notInCi === 'hangs' ? 'a known hang, run by npm run reliability' : 'slow, run by npm run reliability')(name, () => {});
    continue;
  }
  test(name, async () => {
    const problems = judgeBadInput(c, await runBadInput(c));
    if (problems.length) assert.unreachable(problems.join('\n'));
  });
}

test.run();
