import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../src/check/check-source.js';
import { shapeOf } from '../../src/rules/pattern-shape.js';
import { packOf } from '../helpers/pack.js';

test('patterns that differ in a literal, capture names and layout share a shape', () => {
  const a = shapeOf('((call function: (identifier) @fn) @match (#eq? @fn "load"))');
  const b = shapeOf('((call  function: (identifier) @name)\n   @match (#eq? @name "save"))');
  assert.is(a.shape, b.shape);
  assert.equal(a.names, ['fn', 'match']);
  assert.equal(b.names, ['name', 'match']);
  assert.equal(a.literals, [{ capture: '_0', literal: 'load' }]);
  assert.equal(b.literals, [{ capture: '_0', literal: 'save' }]);
  assert.not.match(a.shape, /#eq\?/);
});

test('a shape keeps string literals as written, other predicates, and unquotes the taken literal', () => {
  const s = shapeOf('((string) @s (#not-eq? @s "\\"@x\\"") (#eq? @s "a\\nb"))');
  assert.match(s.shape, /#not-eq\? @_0 "\\"@x\\""/);
  assert.equal(s.names, ['s']);
  assert.equal(s.literals, [{ capture: '_0', literal: 'a\nb' }]);
});

/** Findings of each rule checked alone, pooled, against the same rules in one pack. */
function sameAsAlone(specs: Record<string, unknown>[], text: string): string[] {
  const key = (f: { ruleId: string; line: number; column: number; message: string }) => `${f.ruleId}:${f.line}:${f.column}:${f.message}`;
  const alone = specs.flatMap((spec) => checkSource(text, 'f.py', 'python', packOf(spec)).findings.map(key)).sort();
  const together = checkSource(text, 'f.py', 'python', packOf(...specs)).findings.map(key).sort();
  assert.equal(together, alone);
  return together;
}

test('rules of one shape find together exactly what each finds alone', () => {
  const names = ['load', 'save', 'close', 'open'];
  const specs = names.map((name, i) => ({
    id: `r-${name}`,
    language: 'python',
    message: `call of {{callee}} ({{args}})`,
    // Different capture names in each rule: dispatch must hand each rule its own.
    query: `((call function: (attribute attribute: (identifier) @${i % 2 ? 'callee' : 'm'}) arguments: (argument_list) @args) @match (#eq? @${i % 2 ? 'callee' : 'm'} "${name}"))`.replace('{{callee}}', ''),
    message_: undefined,
  })).map(({ message_: _, ...spec }, i) => ({ ...spec, message: `call of {{${i % 2 ? 'callee' : 'm'}}} ({{args}})` }));
  const found = sameAsAlone(specs, 'x.load(1)\ny.save(2)\nz.read(3)\nw.open()\n');
  assert.equal(found.map((f) => f.split(':')[0]), ['r-load', 'r-open', 'r-save']);
  assert.ok(found.some((f) => f.endsWith('call of save ((2))')));
});

test('a literal on a quantified capture holds when every node has it, and when there is none', () => {
  const specs = ['a', 'b'].map((name) => ({
    id: `decorated-${name}`,
    language: 'python',
    message: 'decorated',
    query: `((decorated_definition (decorator (identifier) @d)* definition: (function_definition name: (identifier) @match)) (#eq? @d "${name}"))`,
  }));
  const text = '@a\n@a\ndef f(): pass\n\n@a\n@b\ndef g(): pass\n\n@b\ndef h(): pass\n\n@x.y\ndef k(): pass\n';
  const found = sameAsAlone(specs, text);
  assert.equal(found.map((f) => f.split(':').slice(0, 2).join(':')), ['decorated-a:13', 'decorated-a:3', 'decorated-b:10', 'decorated-b:13']);
});

test('rules with two literals, with none, and with a constraint share one shape correctly', () => {
  const pair = (obj: string, attr: string) => `((call function: (attribute object: (identifier) @o attribute: (identifier) @a)) @match (#eq? @o "${obj}") (#eq? @a "${attr}"))`;
  const specs = [
    { id: 'os-system', language: 'python', message: 'os.system', query: pair('os', 'system') },
    { id: 'os-popen', language: 'python', message: 'os.popen', query: pair('os', 'popen') },
    { id: 'any-call', language: 'python', message: 'any', query: '((call function: (attribute object: (identifier) @x attribute: (identifier) @y)) @match)', where: [{ capture: 'y', is: { text: '^s' } }] },
  ];
  const found = sameAsAlone(specs, 'os.system(1)\nos.popen(2)\nsys.system(3)\nos.walk(4)\n');
  assert.equal(found.map((f) => f.split(':').slice(0, 2).join(':')), ['any-call:1', 'any-call:3', 'os-popen:2', 'os-system:1']);
});

test('a rule whose query does not compile is named with a place in its own query, among rules of one shape', () => {
  const good = (name: string) => ({ id: `g-${name}`, language: 'python', message: 'm', query: `((call function: (identifier) @f) @match (#eq? @f "${name}"))` });
  const bad = { id: 'bad', language: 'python', message: 'm', query: '((call function: (identifer) @f) @match (#eq? @f "x"))' };
  assert.throws(() => packOf(good('a'), bad, good('b')), (error: Error) => /inline-1\.json: query: unknown node type "identifer" at line 1, column 19/.test(error.message));
});

test.run();
