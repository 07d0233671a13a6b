import type { FindingFix } from '../../fix/fix-text.js';
import type { CheckReport } from '../../check/check-files.js';

/**
 * The stable JSON contract: `{"version":1,"findings":[...],"summary":{...}}` with 1-based positions.
 * `related` (sibling findings) lists the sites the change edited, repository-relative.
 * `summary.legacy` counts the legacy findings of new-code-only rules; they are in `findings` (with
 * `"legacy": true`) only under `--all-findings`.
 * With `--fix`, `fixes` lists every finding found before fixing: whether it was fixed, how
 * (`template` or `llm`) and otherwise why not; `findings` are the ones left.
 */
export function formatJson(result: CheckReport, fixes?: FindingFix[]): string {
  const findings = result.findings.map((f) => {
    const out: Record<string, unknown> = {
      ruleId: f.ruleId,
      path: f.path,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      severity: f.severity,
      message: f.message,
    };
    if (f.fix) out.fix = { range: f.fix.range, text: f.fix.text };
    if (f.related) out.related = f.related.map((site) => ({ path: site.path, line: site.line }));
    if (result.legacyListed?.has(f.fingerprint)) out.legacy = true;
    return out;
  });
  const out: Record<string, unknown> = { version: 1, findings, summary: { files: result.files, errors: result.errors, warnings: result.warnings, legacy: result.legacy } };
  if (fixes) {
    out.fixes = fixes.map(({ finding, fixed, how, reason, model }) => ({ ruleId: finding.ruleId, path: finding.path, line: finding.line, column: finding.column, fixed, ...(how ? { how } : {}), ...(reason ? { reason } : {}), ...(model ? { model } : {}) }));
  }
  return `${JSON.stringify(out)}\n`;
}
