// The conventions source's parts: the facts of a call site (one query pass), the ranking bound,
// and the queries that find deviants, run through the real checking core.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../src/check/check-source.js';
import { compilePack } from '../../src/rules/compile-pack.js';
import { validateRuleSpec } from '../../src/rules/validate-spec.js';
import { pythonCallSites } from '../../src/learn/sources/conventions/call-sites.js';
import { conventionQuery, type Callee } from '../../src/learn/sources/conventions/convention-query.js';
import { wilsonLowerBound } from '../../src/learn/sources/conventions/conventions.js';
import type { ConventionFamily } from '../../src/model.js';

const SOURCE = `from app.db import find_account, load_profile


def find_account(uid) -> Optional[dict]:
    if uid < 0:
        return None
    return {"id": uid}


class Service:
    def fetch(self, key, *, timeout=10, retries=0):
        return key

    def chain(self, other):
        return self

    async def handle(self, uid):
        await load_profile(uid)
        load_profile(uid)
        account = find_account(uid)
        if account is None:
            return None
        other = find_account(uid)
        other.touch()
        name = find_account(uid).name
        fallback = find_account(uid) or {}
        self.fetch("a", timeout=5)
        self.fetch("b", **options)
        self.fetch("c")
`;

test('pythonCallSites: definitions and the facts of each call of a wanted name', () => {
  const { definitions, calls } = pythonCallSites('app/service.py', SOURCE, new Set(['find_account', 'load_profile', 'fetch']));
  const defs = Object.fromEntries(definitions.map((d) => [d.name, d]));
  assert.equal([defs.find_account?.mayReturnNone, defs.find_account?.method, defs.fetch?.method, defs.handle?.async, defs.chain?.returnsSelf], [true, false, true, true, true]);
  assert.equal(defs.fetch?.params, ['key', '*', 'timeout', 'retries']);
  assert.equal(defs.fetch?.keywordOnly, ['timeout', 'retries']);
  assert.equal(defs.fetch?.defaults, ['timeout', 'retries']);
  const facts = calls.map((c) => [c.api, c.line, c.awaited, c.discarded, c.guarded ?? null, c.dereferenced, c.tested, c.keywords.join(','), c.splat, c.inAsync, c.inScope, c.receiver ?? null]);
  assert.equal(facts, [
    ['load_profile', 18, true, false, null, false, false, '', false, true, true, null],
    ['load_profile', 19, false, true, null, false, false, '', false, true, true, null],
    ['find_account', 20, false, false, true, false, false, '', false, true, true, null],
    ['find_account', 23, false, false, false, false, false, '', false, true, true, null],
    ['find_account', 25, false, false, null, true, false, '', false, true, true, null],
    ['find_account', 26, false, false, null, false, true, '', false, true, true, null],
    ['fetch', 27, false, true, null, false, false, 'timeout', false, true, true, 'self'],
    ['fetch', 28, false, true, null, false, false, '', true, true, true, 'self'],
    ['fetch', 29, false, true, null, false, false, '', false, true, true, 'self'],
  ]);
});

test('wilsonLowerBound ranks by evidence, not by ratio alone', () => {
  assert.ok(wilsonLowerBound(36, 37) > wilsonLowerBound(12, 13));
  assert.ok(wilsonLowerBound(12, 13) > wilsonLowerBound(2, 2), '12 of 13 says more than 2 of 2');
  assert.is(wilsonLowerBound(0, 0), 0);
  assert.ok(Math.abs(wilsonLowerBound(9, 10) - 0.596) < 0.001);
});

function flagged(family: ConventionFamily, api: string, callee: Callee, code: string, keyword?: string): number[] {
  const spec = validateRuleSpec({ id: 'learned/x', language: 'python', message: 'm', severity: 'warning', ...conventionQuery(family, api, callee, keyword), provenance: { origin: 'learned', source: 'convention' }, cases: { invalid: ['x()'], valid: ['y()'] } }, 'x.json');
  const pack = compilePack([{ spec, file: 'x.json' }]);
  return checkSource(code, 'case.py', 'python', pack).findings.map((f) => f.line);
}

test('conventionQuery: each family finds the deviants and not the calls that follow the convention', () => {
  assert.equal(flagged('missing_await', 'load_profile', 'name', 'async def a():\n    load_profile(1)\n    await load_profile(2)\n\ndef b():\n    load_profile(3)\n'), [2]);
  assert.equal(flagged('none_guard', 'find_account', 'name', 'def a():\n    x = find_account(1)\n    return x.name\n\ndef b():\n    y = find_account(2)\n    if y is None:\n        return\n    y.touch()\n\ndef c():\n    return find_account(3).name\n'), [2, 12]);
  assert.equal(flagged('required_keyword', 'fetch', 'method', 'self.fetch("a", timeout=5)\nself.fetch("b")\nself.fetch("c", **kw)\nfetch("d")\n', 'timeout'), [2]);
  assert.equal(flagged('unused_result', 'find_account', 'name', 'find_account(1)\nx = find_account(2)\nobj.find_account(3)\n'), [1]);
  // Forwarded: only inside a function (the innermost one) that takes the parameter.
  const forwarding = [
    'def a(x, timeout=None):\n    return fetch(x, timeout=timeout)\n',
    'def b(x, *, timeout: int = 3):\n    return fetch(x)\n',
    'def c(timeout):\n    return fetch()\n',
    'def d(x):\n    return fetch(x)\n',
    'def e(timeout):\n    def inner(x):\n        return fetch(x)\n    return inner\n',
    'def f(retimeout, x):\n    return fetch(x)\n',
  ].join('\n');
  assert.equal(flagged('forwarded_parameter', 'fetch', 'name', forwarding, 'timeout'), [5, 8]);
});

test('conventionQuery: a dropped join is a deviant only when it joins something (not a thread)', () => {
  const code = 'def a(parts, t, th, timeout):\n    sep.join(parts)\n    t.join()\n    th.join(5)\n    th.join(timeout)\n    th.join(timeout=1)\n    x = sep.join(parts)\n';
  assert.equal(flagged('unused_result', 'join', 'method', code), [2]);
});

test('conventionQuery: calls inside test functions are never deviants', () => {
  assert.equal(flagged('missing_await', 'load_profile', 'name', 'async def test_it():\n    load_profile(1)\n\nasync def other():\n    load_profile(2)\n'), [5]);
});

test('pythonCallSites: the enclosing parameters, the keywords forwarded as they came, and test functions', () => {
  const code = 'def outer(a, timeout=1):\n    fetch(a, timeout=timeout, retries=3)\n\ndef test_fetch():\n    fetch(1)\n';
  const { calls } = pythonCallSites('app/x.py', code, new Set(['fetch']));
  assert.equal(calls.map((c) => [c.enclosingParams, c.forwarded, c.inTest]), [[['a', 'timeout'], ['timeout'], false], [[], [], true]]);
});

test.run();
