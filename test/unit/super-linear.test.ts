import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { queryRegexes, superLinearReason } from '../../src/rules/super-linear.js';
import { validateRuleSpec } from '../../src/rules/validate-spec.js';

test('nested quantifiers are refused, with the offending group named', () => {
  for (const pattern of ['(a+)+$', '^(\\w*)*x', '(?:a?b*)+c', '(a|a?)+', '((a|b)+)*', '([a-z]+)*@']) {
    assert.ok(superLinearReason(pattern), pattern);
  }
  assert.match(superLinearReason('^(a+)+$') ?? '', /"\(a\+\)\+"/);
});

test('ordinary patterns pass: quantified groups without inner quantifiers, escapes, classes', () => {
  for (const pattern of ['(?:[\\w.]+\\s*,\\s*)*', '(?:\\.\\w+)*', '(,\\s*\\d+)+', '^(get|set)_\\w+$', '(ab)+', '[(+*)]+', '\\(a+\\)+', '^(?:foo|bar)$', '(a{3})+', 'a+b*c?']) {
    assert.is(superLinearReason(pattern), undefined, pattern);
  }
});

test('a rule whose query or constraint regex could hang is refused at validation, naming the field', () => {
  const base = { id: 'r', language: 'python', severity: 'warning', message: 'm', provenance: { origin: 'curated' }, cases: { invalid: ['x'], valid: ['y'] } };
  assert.equal(queryRegexes('((identifier) @n (#match? @n "^(a+)+$"))'), ['^(a+)+$']);
  assert.throws(() => validateRuleSpec({ ...base, query: '((identifier) @n (#match? @n "^(a+)+$"))' }, 'r.json'), /query: nested quantifier/);
  assert.throws(
    () => validateRuleSpec({ ...base, query: '(call) @match', where: [{ capture: 'match', inside: { kind: 'function_definition', text: '(\\w+\\s*)+:' } }] }, 'r.json'),
    /where\[0\]\.inside\.text: nested quantifier/,
  );
});

test.run();
