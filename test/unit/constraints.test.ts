import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../src/check/check-source.js';
import { packOf } from '../helpers/pack.js';

const lines = (pack: ReturnType<typeof packOf>, src: string, path = 'a.py', language: 'python' | 'javascript' = 'python'): number[] =>
  checkSource(src, path, language, pack).findings.map((f) => f.line);

test('is / isNot test the captured node itself', () => {
  const query = '((call function: (identifier) @fn arguments: (argument_list . (_) @arg)) @match (#eq? @fn "eval"))';
  const literalOnly = packOf({ id: 'eval-literal', language: 'python', message: 'm', query, where: [{ capture: 'arg', is: { kind: 'string' } }] });
  const nonLiteral = packOf({ id: 'eval-dynamic', language: 'python', message: 'm', query, where: [{ capture: 'arg', isNot: { kind: ['string', 'concatenated_string'] } }] });
  const src = 'eval("1 + 2")\neval(expr)\neval("a" "b")\neval(load())\n';
  assert.equal(lines(literalOnly, src), [1]);
  assert.equal(lines(nonLiteral, src), [2, 4]);
  const byText = packOf({ id: 'eval-name', language: 'python', message: 'm', query, where: [{ capture: 'arg', is: { text: '^user_' } }] });
  assert.equal(lines(byText, 'eval(user_expr)\neval(expr)\n'), [1]);
});

test('{{capture}} in a text test stands for the constraint capture, regex-escaped', () => {
  // f = open(...) is fine when the same function closes that very name.
  const pack = packOf({
    id: 'unclosed',
    language: 'python',
    message: 'm',
    query: '(assignment left: (identifier) @var right: (call function: (identifier) @_f) @match (#eq? @_f "open"))',
    where: [{ capture: 'var', notInside: { kind: 'function_definition', text: '\\b{{var}}\\.close\\(' }, stopAt: ['function_definition'] }],
  });
  const src = [
    'def a(p):',
    '    f = open(p)',
    '    f.close()',
    'def b(p):',
    '    g = open(p)',
    '    f.close()',
    'g = open(q)',
  ].join('\n');
  // Line 7 has no enclosing function: stopAt ends the search at the module without a match.
  assert.equal(lines(pack, src), [5, 7]);
  // Metacharacters in the capture are literal: `a.b` must not match `axb`.
  const attr = packOf({
    id: 'attr-closed',
    language: 'python',
    message: 'm',
    query: '(assignment left: (attribute) @var right: (call) @match)',
    where: [{ capture: 'var', notInside: { kind: 'module', text: '\\n{{var}}\\.close\\(\\)' } }],
  });
  assert.equal(lines(attr, 'a.b = open(p)\na.b.close()\nc.d = open(p)\ncxd.close()\n'), [3]);
});

test('{{capture}} in inside / notInside tests of JavaScript rules', () => {
  const pack = packOf({
    id: 'param-mutated',
    language: 'javascript',
    message: 'm',
    query: '(function_declaration parameters: (formal_parameters (identifier) @param)) @match',
    where: [{ capture: 'param', inside: { kind: 'function_declaration', text: '\\b{{param}}\\.push\\(' }, stopAt: ['function_declaration'] }],
  });
  const src = 'function a(list) { list.push(1); }\nfunction b(list) { return list.length; }\nfunction c(items) { other.push(items); }\n';
  assert.equal(lines(pack, src, 'a.js', 'javascript'), [1]);
  const has = packOf({
    id: 'awaits-own-name',
    language: 'javascript',
    message: 'm',
    query: '(function_declaration name: (identifier) @name) @match',
    where: [{ capture: 'name', notInside: { kind: 'program', text: 'await {{name}}\\(' } }],
  });
  assert.equal(lines(has, 'async function load() {}\nasync function main() { await load(); }\n', 'a.js', 'javascript'), [2]);
});

test('a text test with a placeholder is still validated as a regular expression', () => {
  assert.throws(() => packOf({ id: 'bad', language: 'python', message: 'm', query: '(identifier) @match', where: [{ capture: 'match', has: { text: '[{{match}}' } }] }), /invalid regular expression/);
  assert.throws(() => packOf({ id: 'bad', language: 'python', message: 'm', query: '(identifier) @match', where: [{ capture: 'match', has: { text: '{{other}}' } }] }), /own capture/);
});

test.run();
