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
