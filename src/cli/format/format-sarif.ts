import type { CheckReport } from '../../check/check-files.js';
import type { Severity } from '../../model.js';
import type { CompiledPack } from '../../rules/compile-pack.js';
import { SIBLING_DESCRIPTION, SIBLING_RULE_ID } from '../../siblings/sibling-rule.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** A relative path as a URI reference: each segment percent-encoded, so `#`, `?` and `%` in file names stay part of the path. */
function uriReference(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, rule metadata in `tool.driver.rules`,
 * artifact URIs relative to `%SRCROOT%` (the repository root), columns in UTF-16 code units.
 * Legacy findings of new-code-only rules are results only under `--all-findings`, then with
 * `baselineState: "unchanged"`.
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
export function formatSarif(result: CheckReport, pack: CompiledPack, version: string, uriOf: (path: string) => string): string {
  const used = [...new Set(result.findings.map((f) => f.ruleId))].sort();
  const byId = new Map(pack.rules.map((r) => [r.id, r]));
  const rules = used.map((id) => {
    const rule = byId.get(id);
    const descriptor: Record<string, unknown> = {
      id,
      shortDescription: { text: rule?.spec.docs?.description ?? rule?.spec.message.replace(/\{\{[^}]*\}\}/g, '...') ?? (id === SIBLING_RULE_ID ? SIBLING_DESCRIPTION : 'Suppression comment names an unknown rule.') },
      defaultConfiguration: { level: LEVEL[rule?.severity ?? (id === SIBLING_RULE_ID ? 'info' : 'warning')] },
      properties: { origin: rule?.spec.provenance.origin ?? (id === SIBLING_RULE_ID ? 'change' : 'builtin'), tags: [rule?.spec.provenance.origin ?? (id === SIBLING_RULE_ID ? 'change' : 'builtin')] },
    };
    if (rule?.spec.docs?.rationale) descriptor.fullDescription = { text: rule.spec.docs.rationale };
    if (rule?.spec.docs?.url) descriptor.helpUri = rule.spec.docs.url;
    return descriptor;
  });
  const index = new Map(used.map((id, i) => [id, i]));
  const results = result.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriReference(uriOf(f.path)), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
    ...(f.related?.length
      ? {
          relatedLocations: f.related.map((site, id) => ({
            id,
            physicalLocation: { artifactLocation: { uri: uriReference(site.path), uriBaseId: '%SRCROOT%' }, region: { startLine: site.line } },
            message: { text: 'edited here by the same change' },
          })),
        }
      : {}),
    partialFingerprints: { 'attractorFingerprint/v1': f.fingerprint },
    ...(result.legacyListed?.has(f.fingerprint) ? { baselineState: 'unchanged' } : {}),
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'attractor-lint', version, informationUri: 'https://www.npmjs.com/package/attractor-lint', rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
