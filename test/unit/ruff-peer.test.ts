// The Ruff peer of `eval` (src/eval/peers/ruff.ts) with the real WebAssembly build on real snippets.
// The package is an optional dependency: without it these tests are skipped, with the reason printed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ruffPeer, ruffVersion } from '../../src/eval/peers/ruff.js';
import { testUnless } from '../helpers/skipped.js';

const ruffDefault = ruffPeer('default');
const ruffBugs = ruffPeer('bugs');

function lint(run: NonNullable<typeof ruffDefault>, texts: Record<string, string>) {
  return run(new Map(Object.entries(texts).map(([key, text]) => [key, { text, path: `${key}.py` }])));
}

const keys = (findings: { line: number; key: string }[] | undefined) => (findings ?? []).map((f) => `${f.line} ${f.key}`);

if (!ruffDefault || !ruffBugs) {
  const reason = '@astral-sh/ruff-wasm-nodejs is not installed (optional dependency)';
  testUnless(reason)('Ruff peer', () => {});
} else {
  const runDefault = ruffDefault;
  const runBugs = ruffBugs;

  test('the version is reported', () => {
    assert.match(ruffVersion() ?? '', /^\d+\.\d+\.\d+/);
  });

  test('an unused import is F401 under both selections, on its 1-based line', () => {
    const text = '"""Doc."""\n\nimport os\n\n\ndef f():\n    return 1\n';
    for (const run of [runDefault, runBugs]) {
      const found = keys(lint(run, { a: text }).get('a'));
      assert.ok(found.includes('3 F401: `_` imported but unused'), found.join('\n'));
    }
  });

  test("assert is S101 under 'bugs' and not under Ruff's defaults", () => {
    const text = 'def f(x, y):\n    assert x, y\n    return x\n';
    const bugs = keys(lint(runBugs, { a: text }).get('a'));
    const defaults = keys(lint(runDefault, { a: text }).get('a'));
    assert.ok(bugs.some((k) => k.startsWith('2 S101: ')), bugs.join('\n'));
    assert.not.ok(defaults.some((k) => k.includes(' S101: ')), defaults.join('\n'));
  });

  test("a mutable default argument is B006 under 'bugs' (and in Ruff's defaults since 0.16)", () => {
    const text = 'def f(a=[]):\n    return a\n';
    assert.ok(keys(lint(runBugs, { a: text }).get('a')).includes('1 B006: Do not use mutable data structures for argument defaults'));
    assert.ok(keys(lint(runDefault, { a: text }).get('a')).some((k) => k.startsWith('1 B006: ')));
  });

  test('a text that does not parse gives no findings and does not throw', () => {
    const out = lint(runBugs, { broken: 'import os\ndef f(:\n    pass\n', empty: '', fine: 'x = 1\n' });
    assert.equal(out.get('broken'), []);
    assert.equal(out.get('empty'), []);
    assert.equal(out.get('fine'), []);
  });

  test('the same finding in two texts has the same key (names and numbers blanked)', () => {
    const out = lint(runBugs, {
      before: 'import os\n\nprint(undefined_name)\n',
      after: '# moved\n\n\nimport collections\nprint(other_missing_name_42)\n',
    });
    const key = (name: string, code: string) => out.get(name)?.find((f) => f.key.startsWith(`${code}: `))?.key;
    assert.equal(key('before', 'F401'), key('after', 'F401'));
    assert.equal(key('before', 'F821'), 'F821: Undefined name `_`');
    assert.equal(key('after', 'F821'), 'F821: Undefined name `_`');
    assert.equal(out.get('after')?.find((f) => f.key.startsWith('F401'))?.line, 4);
  });

  test('every input key gets an answer, findings sorted by line', () => {
    const out = lint(runDefault, { a: 'import sys\nimport os\n', b: 'x = 1\n' });
    assert.equal([...out.keys()], ['a', 'b']);
    const lines = (out.get('a') ?? []).map((f) => f.line);
    assert.equal(lines, [...lines].sort((x, y) => x - y));
  });
}

test.run();
