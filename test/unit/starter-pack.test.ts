import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { testRules } from '../../src/rules/test-rules.js';
import { builtinPack } from '../helpers/pack.js';

const pack = builtinPack();
const label = (rule: { id: string; file: string }): string => `${rule.id} (${rule.file})`;

test('the starter pack has its curated rules for both languages', () => {
  const ids = (language: string): string[] => pack.rules.filter((r) => r.languages.includes(language as never)).map((r) => r.id).sort();
  for (const id of ['bare-except', 'blocking-call-in-async', 'eq-none', 'eval-exec', 'forgotten-rollback', 'hardcoded-secret', 'missing-await', 'mutable-default-arg', 'none-guard', 'open-without-with', 'shell-injection', 'swallowed-exception']) {
    assert.ok(ids('python').includes(id), `python rule ${id}`);
  }
  for (const id of ['eval-exec', 'floating-promise-then', 'hardcoded-secret', 'missing-await', 'shell-injection']) {
    assert.ok(ids('javascript').includes(id), `javascript rule ${id}`);
    assert.ok(ids('typescript').includes(id), `typescript rule ${id}`);
  }
  for (const rule of pack.rules) assert.is(rule.spec.provenance.origin, 'curated', label(rule));
});

test('every built-in rule passes its own cases (fires, fixes, stays quiet)', () => {
  const results = testRules(pack);
  assert.is(results.length, pack.rules.length);
  const failures = results.flatMap((r) => r.failures.map((f) => `${r.ruleId} (${r.file}): ${f}`));
  assert.equal(failures, []);
});

test('every rule has at least 3 invalid and 3 valid cases, docs and a message', () => {
  for (const rule of pack.rules) {
    const { invalid, valid } = rule.spec.cases;
    assert.ok(invalid.length >= 3, `${label(rule)}: ${invalid.length} invalid cases`);
    assert.ok(valid.length >= 3, `${label(rule)}: ${valid.length} valid cases`);
    assert.ok(rule.spec.docs?.description, `${label(rule)}: docs.description`);
    assert.ok(rule.spec.docs?.rationale, `${label(rule)}: docs.rationale`);
  }
});

test('every invalid case of a fixable rule states its expected output', () => {
  for (const rule of pack.rules.filter((r) => r.fixes.length > 0)) {
    rule.spec.cases.invalid.forEach((c, i) => assert.ok(c.output !== undefined, `${label(rule)}: invalid[${i}] has no output`));
  }
});

test('rules for JavaScript and TypeScript test at least one TypeScript snippet', () => {
  for (const rule of pack.rules.filter((r) => r.languages.includes('typescript'))) {
    const all = [...rule.spec.cases.invalid, ...rule.spec.cases.valid];
    assert.ok(all.some((c) => c.language === 'typescript'), `${label(rule)}: no TypeScript case`);
  }
});

test.run();
