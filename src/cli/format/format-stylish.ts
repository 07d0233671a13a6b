import type { CheckReport } from '../../check/check-files.js';
import type { Severity } from '../../model.js';

const paint = (on: boolean, code: string, text: string): string => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

const LABEL: Record<Severity, [string, string]> = { error: ['error', '31'], warning: ['warning', '33'], info: ['info', '36'] };

/** The line saying how many legacy findings were held back, if any were. */
function legacyLine(result: CheckReport, color: boolean): string[] {
  if (result.legacyListed || result.legacy === 0) return [];
  const n = result.legacy;
  return [paint(color, '2', `${n} legacy finding${n === 1 ? '' : 's'} of new-code-only rules not shown (--all-findings lists them)`)];
}

/**
 * ESLint-style output: findings grouped by file, a summary line, and a line counting the legacy
 * findings left out; colours only when `color`.
 */
export function formatStylish(result: CheckReport, color: boolean): string {
  if (result.findings.length === 0) {
    const legacy = legacyLine(result, color);
    return legacy.length ? `${legacy.join('\n')}\n` : '';
  }
  const byFile = new Map<string, typeof result.findings>();
  for (const f of result.findings) {
    const list = byFile.get(f.path) ?? [];
    list.push(f);
    byFile.set(f.path, list);
  }
  const lines: string[] = [];
  for (const [path, findings] of byFile) {
    lines.push('', paint(color, '4', path));
    const rows = findings.map((f) => [`${f.line}:${f.column}`, f.severity, f.message, f.ruleId] as const);
    const posWidth = Math.max(...rows.map((r) => r[0].length));
    const sevWidth = Math.max(...rows.map((r) => LABEL[r[1]][0].length));
    for (const [pos, severity, message, ruleId] of rows) {
      const [label, code] = LABEL[severity];
      lines.push(`  ${paint(color, '2', pos.padEnd(posWidth))}  ${paint(color, code, label.padEnd(sevWidth))}  ${message}  ${paint(color, '2', ruleId)}`);
    }
  }
  const infos = result.findings.length - result.errors - result.warnings;
  const total = result.findings.length;
  const listedLegacy = result.legacyListed && result.legacy ? `; ${result.legacy} legacy` : '';
  const summary = `${total} problem${total === 1 ? '' : 's'} (${result.errors} error${result.errors === 1 ? '' : 's'}, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}${infos ? `, ${infos} info` : ''}${listedLegacy})`;
  lines.push('', paint(color, result.errors ? '1;31' : '1;33', `\u2716 ${summary}`), ...legacyLine(result, color));
  return `${lines.join('\n')}\n`;
}
