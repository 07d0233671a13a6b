import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Ajv2020Module from 'ajv/dist/2020.js';
import { BUILTIN_RULES_DIR, loadRuleDir } from '../../src/rules/load-rules.js';
import { validateRuleSpec } from '../../src/rules/validate-spec.js';
import { AttractorError } from '../../src/shared/errors.js';

const Ajv2020 = Ajv2020Module.default;
const schema = JSON.parse(readFileSync(join(BUILTIN_RULES_DIR, 'rule.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

const schemaErrors = (value: unknown): string => (validate(value) ? '' : ajv.errorsText(validate.errors));
/** Where the schema's errors point: instance paths and the property names in their params. */
const schemaPlaces = (value: unknown): string => (validate(value) ? '' : (validate.errors ?? []).map((e) => `${e.instancePath} ${JSON.stringify(e.params)}`).join('\n'));
const specError = (value: unknown): string => {
  try {
    validateRuleSpec(value, 'broken.json');
    return '';
  } catch (error) {
    assert.instance(error, AttractorError);
    return (error as Error).message;
  }
};

test('every shipped rule file validates against rule.schema.json', () => {
  const loaded = loadRuleDir(BUILTIN_RULES_DIR, { required: true, label: (file) => file });
  assert.ok(loaded.length >= 17, `${loaded.length} rule files`);
  for (const { file } of loaded) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    assert.is(schemaErrors(raw), '', file);
  }
});

const good = {
  $schema: '../rule.schema.json',
  id: 'call-boom',
  language: ['javascript', 'typescript'],
  message: 'call to {{fn}}',
  severity: 'warning',
  query: '((call_expression function: (identifier) @fn) @match (#eq? @fn "boom"))',
  at: 'fn',
  where: [
    { capture: 'match', inside: { kind: ['function_declaration', 'arrow_function'], async: true }, stopAt: ['class_body'] },
    { capture: 'fn', isNot: { text: '^{{fn}}Sync$' } },
    { capture: 'fn', textNotIn: { query: '(function_declaration name: (identifier) @name)', capture: 'name' } },
  ],
  fix: [{ target: 'fn', template: 'safeBoom', when: { capture: 'fn', equals: 'boom' } }],
  docs: { description: 'Flags boom().', rationale: 'Because.', url: 'https://example.com/boom' },
  newCodeOnly: true,
  provenance: {
    origin: 'learned',
    source: 'migration',
    sites: [{ path: 'src/a.js', line: 3 }],
    migration: { from: 'boom', to: 'safeBoom', steps: [{ commit: 'abc1234', date: '2024-01-01', sites: 2 }], migrated: 2, remaining: 1 },
    commits: ['abc1234'],
    support: 3,
    resonance: 0.5,
    learnedAt: '2024-01-01',
    notes: 'n',
  },
  cases: { invalid: [{ code: 'boom();', output: 'safeBoom();' }, { code: 'boom();', language: 'typescript', output: 'safeBoom();' }], valid: ['other();'] },
};

test('a complete spec using every field is accepted by both the schema and validateRuleSpec', () => {
  assert.is(schemaErrors(good), '');
  assert.is(specError(good), '');
  const single = { ...good, language: 'python', fix: { target: 'fn', template: '' }, cases: { invalid: ['boom()'], valid: [{ code: '' }] } };
  assert.is(schemaErrors(single), '');
  assert.is(specError(single), '');
});

const broken: [string, Record<string, unknown>, string][] = [
  ['unknown top-level key', { ...good, autofix: true }, 'autofix'],
  ['id that is not kebab-case', { ...good, id: 'Call_Boom' }, 'id'],
  ['unknown language', { ...good, language: ['javascript', 'ruby'] }, 'language'],
  ['bad severity', { ...good, severity: 'fatal' }, 'severity'],
  ['empty message', { ...good, message: '  ' }, 'message'],
  ['missing query', (({ query: _q, ...rest }) => rest)(good), 'query'],
  ['constraint with two kinds', { ...good, where: [{ capture: 'fn', has: { kind: 'x' }, notHas: { kind: 'y' } }] }, 'where[0]'],
  ['stopAt on has', { ...good, where: [{ capture: 'fn', has: { kind: 'x' }, stopAt: ['block'] }] }, 'where[0].stopAt'],
  ['empty node test', { ...good, where: [{ capture: 'fn', is: {} }] }, 'where[0].is'],
  ['textIn without capture', { ...good, where: [{ capture: 'fn', textIn: { query: '(identifier) @name' } }] }, 'where[0].textIn.capture'],
  ['empty fix list', { ...good, fix: [] }, 'fix'],
  ['fix without template', { ...good, fix: { target: 'fn' } }, 'fix.template'],
  ['provenance with unknown origin', { ...good, provenance: { origin: 'imported' } }, 'provenance.origin'],
  ['support that is not a number', { ...good, provenance: { origin: 'curated', support: 'high' } }, 'provenance.support'],
  ['no valid cases', { ...good, cases: { invalid: ['boom();'], valid: [] } }, 'cases.valid'],
  ['case with unknown key', { ...good, cases: { invalid: [{ code: 'boom();', expected: 'x' }], valid: ['x();'] } }, 'cases.invalid[0].expected'],
  ['$schema that is not a string', { ...good, $schema: 7 }, '$schema'],
  ['newCodeOnly that is not a boolean', { ...good, newCodeOnly: 'yes' }, 'newCodeOnly'],
  ['unknown evidence source', { ...good, provenance: { origin: 'learned', source: 'guess' } }, 'provenance.source'],
  ['site at line 0', { ...good, provenance: { origin: 'learned', sites: [{ path: 'a.js', line: 0 }] } }, 'provenance.sites[0].line'],
  ['site without a path', { ...good, provenance: { origin: 'learned', sites: [{ line: 2 }] } }, 'provenance.sites[0].path'],
  ['migration without remaining', { ...good, provenance: { origin: 'learned', migration: { from: 'a', to: 'b', steps: [], migrated: 1 } } }, 'provenance.migration.remaining'],
  ['migration step with a fractional count', { ...good, provenance: { origin: 'learned', migration: { from: 'a', to: '', steps: [{ commit: 'c', date: 'd', sites: 1.5 }], migrated: 1, remaining: 0 } } }, 'provenance.migration.steps[0].sites'],
];

for (const [name, spec, field] of broken) {
  test(`rejected by both: ${name}`, () => {
    assert.is.not(schemaErrors(spec), '', 'schema accepted it');
    const top = field.split(/[.[]/)[0] as string;
    assert.ok(schemaPlaces(spec).includes(top), `schema errors do not point at ${top}:\n${schemaPlaces(spec)}`);
    const message = specError(spec);
    assert.is.not(message, '', 'validateRuleSpec accepted it');
    assert.ok(message.includes(field), `"${message}" does not name ${field}`);
  });
}

test('validateRuleSpec: {{capture}} in a text test must name the constraint\'s own capture and compile', () => {
  assert.match(specError({ ...good, where: [{ capture: 'fn', has: { text: '{{match}}\\.close' } }] }), /must name the constraint's own capture/);
  assert.match(specError({ ...good, where: [{ capture: 'fn', has: { text: '({{fn}}' } }] }), /invalid regular expression/);
});

test.run();
