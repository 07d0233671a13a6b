import type { SyntaxNode } from '../parse/index.js';
import { SIBLING_RULE_ID } from '../siblings/sibling-rule.js';

/**
 * Inline suppressions, in either comment syntax:
 *   # attractor-lint: disable-next-line eq-none, bare-except
 *   // attractor-lint-disable-next-line missing-await
 *   # attractor-lint: disable-line            (this line)
 *   # attractor-lint: disable-file eval-exec   (whole file)
 * With no rule ids the directive covers every rule.
 */
export interface Suppression {
  scope: 'next-line' | 'line' | 'file';
  /** Empty means every rule. */
  ruleIds: string[];
  /** 1-based line of the comment. */
  line: number;
  column: number;
  /** Column just past each rule id, for reporting unknown ones. */
  idColumns: number[];
}

const DIRECTIVE = /attractor-lint(?::\s*|-)(disable-next-line|disable-line|disable-file)\b(.*)$/;

export function parseSuppressions(comments: SyntaxNode[]): Suppression[] {
  const out: Suppression[] = [];
  for (const comment of comments) {
    const text = comment.text;
    const match = DIRECTIVE.exec(text);
    if (!match) continue;
    const rest = (match[2] ?? '').replace(/\*\/\s*$/, '').split(/\s+--\s+/)[0] ?? '';
    const restStart = (match.index ?? 0) + match[0].length - (match[2] ?? '').length;
    const ruleIds: string[] = [];
    const idColumns: number[] = [];
    for (const id of rest.matchAll(/[a-z0-9][a-z0-9/-]*/g)) {
      ruleIds.push(id[0]);
      idColumns.push(comment.startPosition.column + restStart + (id.index ?? 0) + 1);
    }
    out.push({
      scope: match[1] === 'disable-file' ? 'file' : match[1] === 'disable-line' ? 'line' : 'next-line',
      ruleIds,
      line: comment.startPosition.row + 1,
      column: comment.startPosition.column + 1,
      idColumns,
    });
  }
  return out;
}

export function isSuppressed(suppressions: Suppression[], ruleId: string, line: number): boolean {
  // The sibling search's patterns (`sibling-of-staged-edit/<hash>`) are suppressed by the pseudo-rule's name.
  const id = ruleId.startsWith(`${SIBLING_RULE_ID}/`) ? SIBLING_RULE_ID : ruleId;
  for (const s of suppressions) {
    if (s.ruleIds.length > 0 && !s.ruleIds.includes(id)) continue;
    if (s.scope === 'file') return true;
    if (s.scope === 'line' && s.line === line) return true;
    if (s.scope === 'next-line' && s.line + 1 === line) return true;
  }
  return false;
}
