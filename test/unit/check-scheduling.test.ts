import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../src/check/check-source.js';
import { compilePack, type CompiledPack, type QueryPart } from '../../src/rules/compile-pack.js';
import { validateRuleSpec } from '../../src/rules/validate-spec.js';
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

test('a pack of 300 rules compiles only the rules a file needs, and finds what the whole pack finds', () => {
  // 300 learned-style rules, one API name each (three shapes), as a large learned pack has.
  const shapes = [
    (name: string) => `((expression_statement (call function: (attribute attribute: (identifier) @fn)) @match) (#eq? @fn "${name}"))`,
    (name: string) => `((attribute object: (call function: (identifier) @fn) @match) (#eq? @fn "${name}"))`,
    (name: string) => `((call function: (identifier) @fn arguments: (argument_list) @args) @match (#eq? @fn "${name}"))`,
  ];
  const specs = Array.from({ length: 300 }, (_, i) => ({ id: `learned/rule-${i}`, language: 'python', message: `rule ${i}`, query: (shapes[i % 3] as (n: string) => string)(`api_${i}`) }));
  const text = 'def f(x):\n    x.api_3()\n    y = api_4().value\n    api_5(1)\n    return api_7\n';
  const needed = [...neededRules(packOf(...specs), 'python', text)].sort((a, b) => a - b);
  assert.equal(needed, [3, 4, 5, 7], 'only the rules whose name the file has');
  // As the CLI compiles it: lazily (not validated up front, which compiles every rule).
  const loaded = specs.map((spec, i) => ({ file: `r${i}.json`, spec: validateRuleSpec({ provenance: { origin: 'learned' }, cases: { invalid: ['x'], valid: ['y'] }, severity: 'warning', ...spec }, `r${i}.json`) }));
  const pack = compilePack(loaded, { eager: false });
  const query = pack.queryFor('python', new Set(needed));
  const rulesOf = (part: QueryPart) => [...new Set(part.groups)].flatMap((g) => [...g.always, ...[...g.keyed.values()].flatMap((index) => [...index.values()].flat())]).map((m) => m.rule.index);
  const compiled = new Set((query?.parts ?? []).flatMap(rulesOf));
  assert.equal([...compiled].sort((a, b) => a - b), needed, 'the merged query holds the needed rules only');
  const lines = (p: ReturnType<typeof packOf>) => checkSource(text, 'f.py', 'python', p).findings.map((f) => `${f.ruleId}:${f.line}`).sort();
  const all = compilePack(loaded, { eager: false });
  all.queryFor('python');
  const parts = all.queryFor('python')?.parts ?? [];
  assert.is(parts.reduce((n, part) => n + rulesOf(part).length, 0), 300);
  assert.is(parts.reduce((n, part) => n + part.groups.length, 0), 3, 'one compiled pattern per shape');
  assert.equal(lines(pack), ['learned/rule-3:2', 'learned/rule-4:3', 'learned/rule-5:4']);
  assert.equal(lines(pack), lines(all));
});

test('a need is matched with a query of that need, grown as needs grow, even after the pack was validated in full; past half of the rules, with every rule', () => {
  const specs = Array.from({ length: 20 }, (_, i) => ({ id: `learned/r${i}`, language: 'python', message: `rule ${i}`, query: `((call function: (identifier) @fn) @match (#any-of? @fn "api_${i}" "alt_${i}"))` }));
  const loaded = specs.map((spec, i) => ({ file: `r${i}.json`, spec: validateRuleSpec({ provenance: { origin: 'learned' }, cases: { invalid: ['x'], valid: ['y'] }, severity: 'warning', ...spec }, `r${i}.json`) }));
  const rulesIn = (query: ReturnType<CompiledPack['queryFor']>): number[] =>
    [...new Set((query?.parts ?? []).flatMap((part) => [...new Set(part.groups)].flatMap((g) => [...g.always, ...[...g.keyed.values()].flatMap((index) => [...index.values()].flat())]).map((m) => m.rule.index)))].sort((a, b) => a - b);
  // Validated up front: the query of every rule is compiled, but not used for a small need.
  const pack = compilePack(loaded);
  assert.equal(rulesIn(pack.queryFor('python')), Array.from({ length: 20 }, (_, i) => i));
  assert.equal(rulesIn(pack.queryFor('python', new Set([1, 2]))), [1, 2]);
  assert.equal(rulesIn(pack.queryFor('python', new Set([2]))), [1, 2], 'a need the last query covers reuses it');
  assert.equal(rulesIn(pack.queryFor('python', new Set([5]))), [1, 2, 5], 'a new need grows the scope');
  assert.equal(rulesIn(pack.queryFor('python', new Set([6, 7, 8, 9, 10, 11, 12]))).length, 20, 'half of the rules or more: every rule');
  const text = 'api_1()\nalt_5()\napi_19()\n';
  const found = (p: CompiledPack): string[] => checkSource(text, 'f.py', 'python', p).findings.map((f) => `${f.ruleId}:${f.line}`).sort();
  assert.equal(found(compilePack(loaded, { eager: false })), ['learned/r19:3', 'learned/r1:1', 'learned/r5:2']);
  assert.equal(found(pack), found(compilePack(loaded, { eager: false })));
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
