import type { LineHunk } from '../mine/diff-lines.js';
import type { LanguageId } from '../model.js';

/** Lines of the parent a fix changed (1-based); a pure insertion counts the lines around it. */
export function changedLines(hunks: LineHunk[]): Set<number> {
  const lines = new Set<number>();
  for (const h of hunks) {
    if (h.oldLines === 0) {
      lines.add(h.oldStart);
      lines.add(h.oldStart + 1);
    } else for (let i = 0; i < h.oldLines; i++) lines.add(h.oldStart + i + 1);
  }
  return lines;
}

/** Lines of the new side a change added or modified (1-based): what a hook on that change looks at. */
export function addedLines(hunks: LineHunk[]): Set<number> {
  const lines = new Set<number>();
  for (const h of hunks) for (let i = 0; i < h.newLines; i++) lines.add(h.newStart + i + 1);
  return lines;
}

/** Whether a finding's line range touches one of `lines`. */
export function onLines(finding: { line: number; endLine?: number }, lines: Set<number>): boolean {
  for (let l = finding.line; l <= (finding.endLine ?? finding.line); l++) if (lines.has(l)) return true;
  return false;
}

/** A line with nothing but a comment (or nothing at all): not a line that can carry a bug. */
export function isCommentOrBlank(text: string, language: LanguageId): boolean {
  const t = text.trim();
  if (!t) return true;
  if (language === 'python') return t.startsWith('#');
  return t.startsWith('//') || t.startsWith('/*') || t.startsWith('*');
}

/** Non-blank lines of a text. */
export const nonBlankLines = (text: string): number => text.split('\n').filter((l) => l.trim()).length;
