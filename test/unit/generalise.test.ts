import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../src/check/check-source.js';
import { extractEdits } from '../../src/learn/extract-edits.js';
import { coroutineNames } from '../../src/learn/coroutine-names.js';
import { generalise } from '../../src/learn/generalise.js';
import { clusterEdits } from '../../src/learn/sources/recurring-fixes/cluster-edits.js';
import type { EditPattern } from '../../src/model.js';
import { packOf } from '../helpers/pack.js';

let clock = 1_700_000_000;
/** The edits of one fix commit that changes `before` into `after` in `path`. */
function fixEdits(sha: string, path: string, before: string, after: string): EditPattern[] {
  clock += 86_400;
  return extractEdits({
    commit: { sha: sha.padEnd(40, '0'), parents: ['f'.repeat(40)], authorEmail: 'dev@example.com', time: clock, message: `Fix ${sha}` },
    path,
    language: 'python',
    before,
    after,
    evidence: { touchesTests: false, redToGreen: [] },
  });
}

const asyncModule = (line: string): string => `import asyncio\n\n\nasync def handle(request, writer):\n    ${line}\n    return chunk\n`;

test('members that await different coroutines generalise to those names, not to any call', () => {
  const members = [
    ...fixEdits('a1', 'app/stream.py', asyncModule('chunk = self._compress.compress(chunk)'), asyncModule('chunk = await self._compress.compress(chunk)')),
    ...fixEdits('b2', 'app/conn.py', asyncModule('ctx = self._get_ssl_context(request)'), asyncModule('ctx = await self._get_ssl_context(request)')),
  ];
  assert.is(members.length, 2);
  assert.is(members[0]?.signature, members[1]?.signature);
  const candidate = generalise(members);
  assert.ok(candidate, 'the cluster generalises');
  assert.match(candidate.spec.query, /#any-of\? @h\d+ "_get_ssl_context" "compress"/);
  const pack = packOf(candidate.spec as unknown as Record<string, unknown>);
  const fires = (line: string): number => checkSource(asyncModule(line), 'x.py', 'python', pack).findings.length;
  // Both names, with any receiver and arguments, unawaited in an async function.
  assert.is(fires('data = other.compress(payload, 9)'), 1);
  assert.is(fires('ctx = conn._get_ssl_context(None)'), 1);
  // Awaited, or a call of another name: silent.
  assert.is(fires('data = await other.compress(payload)'), 0);
  assert.is(fires('data = other.decompress(payload)'), 0);
});

test('an assignment target that differs in kind (name or subscript) does not stop generalisation', () => {
  const members = [
    ...fixEdits('c3', 'app/a.py', asyncModule('chunk = self._encode(chunk)'), asyncModule('chunk = await self._encode(chunk)')),
    ...fixEdits('d4', 'app/b.py', asyncModule('request.headers["A"] = self._encode(chunk)'), asyncModule('request.headers["A"] = await self._encode(chunk)')),
  ];
  const candidate = generalise(members);
  assert.ok(candidate);
  const pack = packOf(candidate.spec as unknown as Record<string, unknown>);
  assert.is(checkSource(asyncModule('out["k"] = self._encode(x)'), 'x.py', 'python', pack).findings.length, 1);
  assert.is(checkSource(asyncModule('out = await self._encode(x)'), 'x.py', 'python', pack).findings.length, 0);
  // The fix template reproduces the developers' own fix.
  assert.ok(candidate.spec.fix, 'a fix template');
});

test('more names than the limit leave no rule about "any call"', () => {
  const names = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'];
  const members = names.flatMap((name, i) => fixEdits(`e${i}`, `app/m${i}.py`, asyncModule(`chunk = self.${name}(chunk)`), asyncModule(`chunk = await self.${name}(chunk)`)));
  assert.is(generalise(members), undefined);
});

test('members calling different APIs share no rule unless the fix added await; members calling the same API do', () => {
  const module = (line: string): string => `def find(router, options):\n    ${line}\n    return found\n`;
  const different = [
    ...fixEdits('f1', 'lib/route.py', module('found = router.has_route(options.method, options.url, options.constraints)'), module('found = router.has_route(normalized, options.url, options.constraints)')),
    ...fixEdits('f2', 'lib/hooks.py', module('found = emitter.off(options.method, options.url, options.handler)'), module('found = emitter.off(normalized, options.url, options.handler)')),
  ];
  assert.is(different.length, 2);
  assert.is(generalise(different), undefined, 'has_route and off: two unrelated fixes');
  const same = [
    ...fixEdits('g1', 'lib/route.py', module('found = router.has_route(options.method, options.url, options.constraints)'), module('found = router.has_route(normalized, options.url, options.constraints)')),
    ...fixEdits('g2', 'lib/other.py', module('found = table.has_route(opts.method, opts.path, None)'), module('found = table.has_route(normalized, opts.path, None)')),
  ];
  const candidate = generalise(same);
  assert.ok(candidate, 'one API, fixed the same way twice');
  assert.match(candidate.spec.query, /has_route/);
});

test('a cluster whose members call different APIs is split by API: each one fixed often enough makes its own rule', () => {
  const module = (line: string): string => `import warnings\n\n\ndef check(config, name):\n    ${line}\n    return name\n`;
  const members = [
    ...fixEdits('w1', 'lib/compat.py', module('warnings.warn(LEGACY_ARG.format(name))'), module('warnings.warn(LEGACY_ARG.format(name), stacklevel=2)')),
    ...fixEdits('w2', 'lib/fixtures.py', module('warnings.warn(GETFUNCARGVALUE, DeprecationWarning)'), module('warnings.warn(GETFUNCARGVALUE, DeprecationWarning, stacklevel=2)')),
    ...fixEdits('w3', 'lib/config.py', module('warnings.warn_explicit(warning, config)'), module('warnings.warn_explicit(warning, config, stacklevel=3)')),
  ];
  assert.is(members.length, 3);
  assert.is(new Set(members.map((m) => m.signature)).size, 1, 'one signature: stacklevel added to a call');
  assert.is(generalise(members), undefined, 'warn and warn_explicit together make no rule');
  const candidates = clusterEdits(members, 2);
  assert.is(candidates.length, 1, 'warnings.warn was fixed twice; warn_explicit once, below the support');
  const [rule] = candidates;
  assert.match(rule?.spec.id ?? '', /^learned\/missing-stacklevel-warn-[0-9a-f]{4}$/);
  assert.equal(rule?.members.map((m) => m.commit.slice(0, 2)).sort(), ['w1', 'w2']);
  const pack = packOf(rule?.spec as unknown as Record<string, unknown>);
  const fires = (line: string): number => checkSource(module(line), 'x.py', 'python', pack).findings.length;
  assert.is(fires('warnings.warn("old option", FutureWarning)'), 1);
  assert.is(fires('warnings.warn("old option", FutureWarning, stacklevel=2)'), 0);
  assert.is(fires('warnings.warn_explicit(warning, config)'), 0, 'the other API is not part of the rule');
  // With the support at 1 the other API makes a rule of its own, under another id.
  const ids = clusterEdits(members, 1).map((c) => c.spec.id);
  assert.is(ids.length, 2);
  assert.match(ids.join(' '), /missing-stacklevel-warn-explicit-/);
});

test('coroutine names: async definitions of each language, minus names also defined plain', () => {
  const names = coroutineNames([
    { language: 'python', text: 'async def fetch_user(uid):\n    pass\n\nclass A:\n    async def close(self):\n        pass\n\n    async def reload(self):\n        pass\n' },
    { language: 'python', text: 'def close():\n    pass\n' },
    { language: 'javascript', text: 'async function load(a) {}\nconst save = async (x) => x;\nclass B { async flush() {} }\nfunction flush() {}\n' },
  ]);
  assert.equal([...(names.get('python') ?? [])].sort(), ['fetch_user', 'reload']);
  assert.equal([...(names.get('javascript') ?? [])].sort(), ['load', 'save']);
});

test('a fix that added await widens to every coroutine of the repository, and its fix follows the name', () => {
  const members = [
    ...fixEdits('f5', 'app/a.py', asyncModule('chunk = self.fetch_user(chunk)'), asyncModule('chunk = await self.fetch_user(chunk)')),
    ...fixEdits('g6', 'app/b.py', asyncModule('chunk = self.fetch_user(request)'), asyncModule('chunk = await self.fetch_user(request)')),
  ];
  const plain = generalise(members);
  const widened = generalise(members, undefined, new Set(['fetch_team', 'reload']));
  assert.ok(plain && widened);
  const fires = (spec: Record<string, unknown>, line: string): string => {
    const pack = packOf(spec);
    const text = asyncModule(line);
    const found = checkSource(text, 'x.py', 'python', pack).findings;
    return found.length ? `${found.length}:${found[0]?.fix ? text.slice(0, found[0].fix.range[0]) + found[0].fix.text + text.slice(found[0].fix.range[1]) : 'nofix'}` : '0';
  };
  assert.is(fires(plain.spec as unknown as Record<string, unknown>, 'data = self.reload(x)'), '0');
  const result = fires(widened.spec as unknown as Record<string, unknown>, 'data = self.reload(x)');
  assert.ok(result.startsWith('1:'), result);
  assert.match(result, /data = await self\.reload\(x\)/);
  assert.is(fires(widened.spec as unknown as Record<string, unknown>, 'data = self.render(x)'), '0');
});

test.run();
