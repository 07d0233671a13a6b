import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource, UNKNOWN_RULE_ID } from '../../src/check/check-source.js';
import { packOf } from '../helpers/pack.js';

const callOf = (name: string) => ({
  id: `call-${name}`,
  language: 'python',
  message: 'call to {{fn}}',
  query: `((call function: (identifier) @fn) @match (#eq? @fn "${name}"))`,
});

test('reports 1-based positions in UTF-16 columns and fills the message from captures', () => {
  const pack = packOf(callOf('boom'));
  const { findings } = checkSource('# héllo wörld\nx = 1; boom(2)\n', 'a.py', 'python', pack);
  assert.is(findings.length, 1);
  const [f] = findings;
  assert.equal([f!.line, f!.column, f!.endLine, f!.endColumn], [2, 8, 2, 15]);
  assert.is(f!.message, 'call to boom');
  assert.is(f!.ruleId, 'call-boom');
});

test('inside / stopAt: only calls whose nearest function is async', () => {
  const pack = packOf({
    ...callOf('fetch'),
    where: [{ capture: 'match', inside: { kind: 'function_definition', async: true }, stopAt: ['function_definition'] }],
  });
  const src = 'async def a():\n    fetch()\n    def inner():\n        fetch()\ndef b():\n    fetch()\n';
  const lines = checkSource(src, 'a.py', 'python', pack).findings.map((f) => f.line);
  assert.equal(lines, [2]);
});

test('textIn: the callee must be defined by another query in the same file', () => {
  const pack = packOf({
    id: 'calls-async-def',
    language: 'python',
    message: 'm',
    query: '(expression_statement (call function: (identifier) @fn) @match)',
    where: [{ capture: 'fn', textIn: { query: '(function_definition "async" name: (identifier) @name)', capture: 'name' } }],
  });
  const src = 'async def load():\n    pass\ndef sync():\n    pass\nload()\nsync()\n';
  assert.equal(checkSource(src, 'a.py', 'python', pack).findings.map((f) => f.line), [5]);
});

test('has / notHas and followedBy / notFollowedBy', () => {
  const has = packOf({ id: 'try-with-rollback', language: 'python', message: 'm', query: '(try_statement) @match', where: [{ capture: 'match', has: { kind: 'identifier', text: '^rollback$' } }] });
  const notHas = packOf({ id: 'try-without-rollback', language: 'python', message: 'm', query: '(try_statement) @match', where: [{ capture: 'match', notHas: { kind: 'identifier', text: '^rollback$' } }] });
  const src = 'try:\n    a()\nexcept E:\n    s.rollback()\ntry:\n    b()\nexcept E:\n    pass\n';
  assert.equal(checkSource(src, 'a.py', 'python', has).findings.map((f) => f.line), [1]);
  assert.equal(checkSource(src, 'a.py', 'python', notHas).findings.map((f) => f.line), [5]);
  const followed = packOf({ id: 'open-then-close', language: 'python', message: 'm', query: '(expression_statement (assignment right: (call function: (identifier) @f (#eq? @f "open")))) @match', where: [{ capture: 'match', notFollowedBy: { text: '\\.close\\(' } }] });
  const src2 = 'f = open(p)\nf.close()\ng = open(q)\nuse(g)\n';
  assert.equal(checkSource(src2, 'a.py', 'python', followed).findings.map((f) => f.line), [3]);
});

test('nothing is reported from regions that do not parse; the file is marked partial', () => {
  const pack = packOf(callOf('boom'));
  const result = checkSource('boom()\nprint(boom(2) ]] + )\n', 'a.py', 'python', pack);
  assert.ok(result.partial);
  assert.equal(result.findings.map((f) => f.line), [1]);
  // Where tree-sitter recovers (a missing parenthesis), the statements that did parse are checked.
  assert.equal(checkSource('def broken(:\n    boom()\n', 'a.py', 'python', pack).findings.map((f) => f.line), [2]);
});

test('suppressions: next-line, same line, whole file, and unknown rule ids', () => {
  const pack = packOf(callOf('boom'));
  const src = [
    '# attractor-lint: disable-next-line call-boom',
    'boom()',
    'boom()  # attractor-lint: disable-line',
    'boom()',
    '# attractor-lint: disable-next-line no-such-rule',
    'boom()',
  ].join('\n');
  const findings = checkSource(src, 'a.py', 'python', pack).findings;
  assert.equal(findings.map((f) => [f.line, f.ruleId]), [[4, 'call-boom'], [5, UNKNOWN_RULE_ID], [6, 'call-boom']]);
  const whole = checkSource(`// attractor-lint-disable-file call-js\nboom();\n`, 'a.js', 'javascript', packOf({ id: 'call-js', language: 'javascript', message: 'm', query: '(call_expression) @match' }));
  assert.is(whole.findings.length, 0);
});

test('fingerprints survive line shifts and tell repeated occurrences apart', () => {
  const pack = packOf(callOf('boom'));
  const a = checkSource('boom(1)\nboom(1)\n', 'a.py', 'python', pack).findings.map((f) => f.fingerprint);
  const b = checkSource('\n\nx = 2\nboom(1)\n\nboom(1)\n', 'a.py', 'python', pack).findings.map((f) => f.fingerprint);
  assert.equal(a, b);
  assert.is.not(a[0], a[1]);
});

test('typescript rules compile for .ts and .tsx grammars', () => {
  const pack = packOf({ id: 'no-eval', language: ['javascript', 'typescript'], message: 'm', query: '((call_expression function: (identifier) @f) @match (#eq? @f "eval"))' });
  for (const [path, lang] of [['a.js', 'javascript'], ['a.ts', 'typescript'], ['a.tsx', 'typescript']] as const) {
    const src = path.endsWith('tsx') ? 'const el = <div>{eval(code)}</div>;\n' : 'const x: any = eval(code);\n'.replace(': any', path.endsWith('.ts') ? ': any' : '');
    assert.is(checkSource(src, path, lang, pack).findings.length, 1, path);
  }
});


test('a pattern with unanchored wildcard siblings is bounded on long argument lists, and says so', () => {
  // Unanchored wildcard siblings match every subsequence of an argument list: C(30, 5) matches per
  // call here. Matching stops at the limit or the time budget instead of running for minutes.
  const query = '((call function: (identifier) @f arguments: (argument_list (_) @a (_) @b (keyword_argument name: (identifier) @k) (_) @c (_) @d)) @match (#eq? @f "dict") (#eq? @k "nullable"))';
  const pack = packOf({ id: 'siblings', language: 'python', severity: 'warning', message: 'm', query, provenance: { origin: 'curated' }, cases: { invalid: ['dict(a, b, nullable=1, c, d)\n'], valid: ['dict(a)\n'] } });
  const args = Array.from({ length: 30 }, (_, i) => (i % 3 === 1 ? `nullable=v${i}` : `a${i}`)).join(', ');
  const result = checkSource(Array.from({ length: 50 }, () => `t = dict(${args})\n`).join(''), 'big.py', 'python', pack);
  assert.is(result.limited, true);
  // An ordinary file is not limited, and the rule still finds its match there.
  const small = checkSource('t = dict(a, b, nullable=1, c, d)\n', 'small.py', 'python', pack);
  assert.is(small.limited, undefined);
  assert.is(small.findings.length, 1);
});

test.run();
