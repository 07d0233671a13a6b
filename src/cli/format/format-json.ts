import type { FindingFix } from '../../fix/fix-text.js';
import type { CheckResult } from '../../model.js';

/**
 * The stable JSON contract: `{"version":1,"findings":[...],"summary":{...}}` with 1-based positions.
 * With `--fix`, `fixes` lists every finding found before fixing: whether it was fixed, how
 * (`template` or `llm`) and otherwise why not; `findings` are the ones left.
 */
export function formatJson(result: CheckResult, fixes?: FindingFix[]): string {
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
    return out;
  });
  const out: Record<string, unknown> = { version: 1, findings, summary: { files: result.files, errors: result.errors, warnings: result.warnings } };
  if (fixes) {
    out.fixes = fixes.map(({ finding, fixed, how, reason, model }) => ({ ruleId: finding.ruleId, path: finding.path, line: finding.line, column: finding.column, fixed, ...(how ? { how } : {}), ...(reason ? { reason } : {}), ...(model ? { model } : {}) }));
  }
  return `${JSON.stringify(out)}\n`;
}
