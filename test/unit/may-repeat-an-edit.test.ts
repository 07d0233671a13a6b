// The hook's fast path: a change that adds or removes no name at two sites cannot repeat an edit,
// so the sibling search (parse, grep, worker thread) is skipped. It must never skip a change the
// full extraction would find a pattern in.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mayRepeatAnEdit } from '../../src/siblings/may-repeat-an-edit.js';
import { siblingPatterns } from '../../src/siblings/sibling-patterns.js';

const before = [
  'import requests',
  '',
  'def a(url):',
  '    return requests.get(url)',
  '',
  'def b(url):',
  '    return requests.get(url)',
  '',
  'def c(url):',
  '    return requests.get(url)',
  '',
].join('\n');

const cases: { name: string; after: string; repeats: boolean }[] = [
  { name: 'one keyword added at two calls', after: before.replace(/requests\.get\(url\)/, 'requests.get(url, timeout=5)').replace(/(def b\(url\):\n {4}return requests\.get\(url)\)/, '$1, timeout=5)'), repeats: true },
  { name: 'one keyword added at one call', after: before.replace(/requests\.get\(url\)/, 'requests.get(url, timeout=5)'), repeats: false },
  { name: 'formatting only', after: before.replace(/requests\.get\(url\)/g, 'requests.get( url )'), repeats: false },
  { name: 'a comment reworded', after: `# fetch pages\n${before}`, repeats: false },
  { name: 'a call renamed at all three sites in one hunk each', after: before.replace(/requests\.get/g, 'requests.post'), repeats: true },
  { name: 'a local renamed at one site', after: before.replace('def a(url):\n    return requests.get(url)', 'def a(link):\n    return requests.get(link)'), repeats: true },
];

for (const c of cases) {
  test(`mayRepeatAnEdit: ${c.name}`, () => {
    assert.is(mayRepeatAnEdit([{ before, after: c.after }]), c.repeats);
  });
}

test('mayRepeatAnEdit never skips a change that has a sibling pattern', () => {
  for (const c of cases) {
    const { patterns } = siblingPatterns([{ path: 'app/fetch.py', language: 'python', before, after: c.after }], { maxEdits: 50 });
    if (patterns.length > 0) assert.ok(mayRepeatAnEdit([{ before, after: c.after }]), c.name);
  }
  // And the planted fix at two of three sites does have one (so the loop above is not empty).
  const two = cases[0] as (typeof cases)[number];
  assert.ok(siblingPatterns([{ path: 'app/fetch.py', language: 'python', before, after: two.after }], { maxEdits: 50 }).patterns.length > 0);
});

test.run();
