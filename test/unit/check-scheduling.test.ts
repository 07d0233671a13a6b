import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { neededRules } from '../../src/check/needed-rules.js';
import { WorkQueue } from '../../src/check/work-queue.js';
import { mayMatch } from '../../src/rules/prefilter.js';
import { builtinPack, packOf } from '../helpers/pack.js';

test('neededRules picks exactly the rules that mayMatch lets through', () => {
  const pack = builtinPack();
  const texts = [
    '',
    'import time\nasync def f():\n    time.sleep(1)\n',
    'eval(x)\nos.system(f"rm {p}")\nsubprocess.run(cmd, shell=True)\n',
    'x = open(p).read()\nre.match(r, s).group(1)\nd.get(k).v\n',
    'const x = await fetch(u); child_process.exec(`ls ${d}`);\n',
    'self.save()\nasyncio.gather(a)\nurllib.request.urlopen(u)\n',
  ];
  for (const text of texts) {
    for (const language of ['python', 'javascript', 'typescript'] as const) {
      const expected = pack.rules.filter((rule) => rule.languages.includes(language) && mayMatch(rule.prefilter, text)).map((rule) => rule.index);
      assert.equal([...neededRules(pack, language, text)].sort((a, b) => a - b), expected, `${language}: ${JSON.stringify(text)}`);
    }
  }
  // Groups of literals: every group needs one of its literals, some pattern needs all its groups.
  const grouped = packOf({ id: 'grouped', language: 'python', message: 'm', query: '((call function: (attribute object: (identifier) @o attribute: (identifier) @f)) @match (#eq? @o "os") (#any-of? @f "system" "popen"))' });
  assert.equal([...neededRules(grouped, 'python', 'os.popen(x)')], [0]);
  assert.equal([...neededRules(grouped, 'python', 'os.path(x)')], []);
  assert.equal([...neededRules(grouped, 'python', 'system(x)')], []);
});

test('the work queue hands out every task once: largest first in shrinking batches, smallest singly', () => {
  const sizes = [5, 80, 10, 300, 7, 40, 40, 1, 120, 60, 3, 200];
  const queue = new WorkQueue(sizes, 2);
  const batches: number[][] = [];
  const singles: number[] = [];
  while (!queue.empty) {
    batches.push(queue.takeBatch());
    const single = queue.takeSmallest();
    if (single !== undefined) singles.push(single);
  }
  assert.is(queue.takeSmallest(), undefined);
  const seen = [...batches.flat(), ...singles].sort((a, b) => a - b);
  assert.equal(seen, sizes.map((_, i) => i));
  // Batches go from the largest down, singles from the smallest up.
  const batchSizes = batches.flat().map((i) => sizes[i] as number);
  assert.equal(batchSizes, [...batchSizes].sort((a, b) => b - a));
  const singleSizes = singles.map((i) => sizes[i] as number);
  assert.equal(singleSizes, [...singleSizes].sort((a, b) => a - b));
  assert.equal(singleSizes.slice(0, 3), [1, 3, 5]);
  assert.equal(batches[0], [3]);
  // The last batches are single files.
  assert.is((batches.at(-1) as number[]).length, 1);
  // Ties keep task order.
  const ties = new WorkQueue([10, 10, 10, 10], 1);
  assert.equal(ties.takeBatch(), [0]);
  assert.is(ties.takeSmallest(), 3);
});

test('a batch takes about a share of what is left, and at least one file', () => {
  const queue = new WorkQueue(Array.from({ length: 100 }, () => 10), 2);
  // 1,000 left, 2 participants: a batch is about 1,000 / 8 = 125, so 13 files of 10.
  assert.is(queue.takeBatch().length, 13);
  const one = new WorkQueue([1000, 1, 1], 4);
  assert.equal(one.takeBatch(), [0]);
});

test.run();
