// `learn` on histories that break naive miners (history-cases.ts): it finishes with exit 0, says
// what it skipped, and still learns what the plain sample history teaches. The empty repository,
// a depth-6 shallow clone and deleted loose blobs are in test/integration/learn-robustness.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HISTORY_CASES, PLAIN_HISTORY, judgeHistoryCase, runHistoryCase } from './history-cases.js';

let planted = 0;

test('the plain sample history learns its planted rules', async () => {
  const plain = await runHistoryCase(PLAIN_HISTORY);
  assert.is(plain.run.code, 0, plain.run.stderr);
  planted = plain.summary?.rules.promoted ?? 0;
  assert.ok(planted >= 2, `planted rules learned: ${planted}`);
});

for (const c of HISTORY_CASES) {
  test(`${c.name}: ${c.what}`, async () => {
    const problems = judgeHistoryCase(c, await runHistoryCase(c), planted);
    if (problems.length) assert.unreachable(problems.join('\n'));
  });
}

test.run();
