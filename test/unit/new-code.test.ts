// New-code-only rules: which lines a change adds or modifies, and which findings are legacy.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newCodeOnlyRules, newLinesOf, onNewLines, separateLegacy } from '../../src/check/new-code.js';
import type { Finding } from '../../src/model.js';
import { packOf } from '../helpers/pack.js';
import { pyCall } from '../helpers/rules.js';

const finding = (ruleId: string, path: string, line: number, endLine = line): Finding => ({
  ruleId,
  path,
  line,
  column: 1,
  endLine,
  endColumn: 2,
  severity: 'error',
  message: 'm',
  fingerprint: `${ruleId}:${path}:${line}`,
});

test('newLinesOf: added and modified lines of the new version, 1-based; a new file is all new', () => {
  const before = 'a = 1\nold_api(a)\nb = 2\n';
  assert.equal([...(newLinesOf(before, 'a = 1\nold_api(a)\nb = 2\nold_api(b)\n') as Set<number>)], [4]);
  assert.equal([...(newLinesOf(before, 'a = 1\nold_api(a, 2)\nb = 2\n') as Set<number>)], [2]);
  assert.equal([...(newLinesOf(before, 'x = 0\na = 1\nold_api(a)\nb = 2\n') as Set<number>)], [1]);
  assert.equal([...(newLinesOf(before, 'a = 1\nb = 2\n') as Set<number>)], [], 'a deletion adds no line');
  assert.is(newLinesOf(undefined, 'old_api()\n'), 'all');
});

test('newLinesOf: a CRLF checkout of an LF blob changes nothing', () => {
  assert.equal([...(newLinesOf('a\nb\n', 'a\r\nb\r\n') as Set<number>)], []);
  assert.equal([...(newLinesOf('a\nb\n', 'a\r\nc\r\n') as Set<number>)], [2]);
});

test('onNewLines: any line of a multi-line finding counts', () => {
  assert.ok(onNewLines({ line: 3, endLine: 5 }, new Set([5])));
  assert.not.ok(onNewLines({ line: 3, endLine: 5 }, new Set([2, 6])));
  assert.ok(onNewLines({ line: 3, endLine: 3 }, 'all'));
});

test('newCodeOnlyRules: by id and language; other rules and the suppression pseudo-rule are not', () => {
  const pack = packOf(pyCall('old-api', 'old_api', 'error', { newCodeOnly: true }), pyCall('no-boom', 'boom'));
  const is = newCodeOnlyRules(pack);
  assert.ok(is('old-api', 'python'));
  assert.not.ok(is('old-api', 'javascript'));
  assert.not.ok(is('no-boom', 'python'));
  assert.not.ok(is('unknown-rule-in-suppression', 'python'));
});

test('separateLegacy: findings of new-code-only rules off the new lines are legacy; no new lines: all are', () => {
  const findings = [finding('old-api', 'a.py', 2), finding('old-api', 'a.py', 4), finding('no-boom', 'a.py', 2), finding('old-api', 'b.py', 1), finding('old-api', 'c.py', 1)];
  const lines = new Map<string, Set<number> | 'all'>([['a.py', new Set([4])], ['b.py', 'all']]);
  const { current, legacy } = separateLegacy(findings, (f) => f.ruleId === 'old-api', (path) => lines.get(path));
  assert.equal(current.map((f) => f.fingerprint), ['old-api:a.py:4', 'no-boom:a.py:2', 'old-api:b.py:1']);
  assert.equal(legacy.map((f) => f.fingerprint), ['old-api:a.py:2', 'old-api:c.py:1']);
});

test.run();
