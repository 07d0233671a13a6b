import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Severity } from '../../src/model.js';

/**
 * Small rule files for CLI tests, so assertions do not depend on the shipped starter pack.
 * `pyCall('call-boom', 'boom')` flags every Python call of `boom(...)`; `jsCall` the same for
 * JavaScript and TypeScript.
 */
export function pyCall(id: string, callee: string, severity: Severity = 'error', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    language: 'python',
    message: `call to {{fn}}`,
    severity,
    query: `((call function: (identifier) @fn) @match (#eq? @fn "${callee}"))`,
    provenance: { origin: 'curated' },
    cases: { invalid: [`${callee}()\n`], valid: [`not_${callee}()\n`] },
    ...extra,
  };
}

export function jsCall(id: string, callee: string, severity: Severity = 'error', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    language: ['javascript', 'typescript'],
    message: `call to {{fn}}`,
    severity,
    query: `((call_expression function: (identifier) @fn) @match (#eq? @fn "${callee}"))`,
    provenance: { origin: 'curated' },
    cases: { invalid: [`${callee}();\n`], valid: [`not_${callee}();\n`] },
    ...extra,
  };
}

/** Writes each rule as `<dir>/<id>.json` (a namespaced id's slash becomes a dash). */
export function writeRules(dir: string, ...rules: Record<string, unknown>[]): string {
  mkdirSync(dir, { recursive: true });
  for (const rule of rules) writeFileSync(join(dir, `${String(rule.id).replace('/', '-')}.json`), `${JSON.stringify(rule, null, 2)}\n`);
  return dir;
}

/**
 * A learned rule with a template fix, as `learn` writes one: `yaml.load(...)` -> `yaml.safe_load(...)`,
 * with the given provenance (the tests assert on the evidence they give it).
 */
export function yamlSafeLoad(provenance: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'learned/yaml-safe-load',
    language: 'python',
    message: '`yaml.{{fn}}` can build arbitrary Python objects; this repository fixed it to `yaml.safe_load` before.',
    severity: 'error',
    query: '((call function: (attribute object: (identifier) @mod attribute: (identifier) @fn)) @match (#eq? @mod "yaml") (#eq? @fn "load"))',
    fix: { target: 'fn', template: 'safe_load', safety: 'unsafe' },
    provenance,
    cases: { invalid: [{ code: 'data = yaml.load(f)\n', output: 'data = yaml.safe_load(f)\n' }], valid: ['data = yaml.safe_load(f)\n'] },
  };
}
