import type { CheckResult } from '../../model.js';

/** The stable JSON contract: `{"version":1,"findings":[...],"summary":{...}}` with 1-based positions. */
export function formatJson(result: CheckResult): string {
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
  return `${JSON.stringify({ version: 1, findings, summary: { files: result.files, errors: result.errors, warnings: result.warnings } })}\n`;
}
