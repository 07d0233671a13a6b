import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import * as assert from 'uvu/assert';

// SARIF 2.1.0 schema as shipped by @microsoft/jest-sarif (the 2.1.0-rtm.5 schema, draft-04).
// Ajv 8 speaks draft-07; the schema's only draft-04 keyword is its top-level `id`, so it is renamed.
let sarifValidator: ValidateFunction | undefined;
export function validateSarif(log: unknown): string[] {
  if (!sarifValidator) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const { id, $schema, ...schema } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.match(String($schema), /draft-04/);
    assert.not.match(JSON.stringify(schema), /"exclusive(Minimum|Maximum)"\s*:\s*(true|false)/, 'no other draft-04-only keywords');
    // One of the schema's patterns is not valid with the `u` flag that Ajv uses by default.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    ajv.addFormat('uri', (s: string) => URL.canParse(s));
    ajv.addFormat('uri-reference', (s: string) => /^[\w\-.~:/?#[\]@!$&'()*+,;=%]*$/.test(s) && URL.canParse(s, 'file:///base/'));
    ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(s));
    sarifValidator = ajv.compile({ $id: String(id), ...schema });
  }
  return sarifValidator(log) ? [] : (sarifValidator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

