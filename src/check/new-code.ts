import { diffLines } from '../mine/diff-lines.js';
import type { Finding, LanguageId } from '../model.js';
import type { CompiledPack } from '../rules/compile-pack.js';

/**
 * New code: the lines of a file that a change adds or modifies (1-based), or `all` for a file the
 * change adds. Pure: callers read the two versions.
 */
export type NewLines = Set<number> | 'all';

/** Lines as tree-sitter counts rows (at `\n`), without a trailing `\r`: CRLF checkouts of LF blobs compare equal. */
const linesOf = (text: string): string[] => text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));

/** The lines of `after` that are not in `before`, by a line diff (`mine/diff-lines.ts`, like `git diff -U0`). */
export function newLinesOf(before: string | undefined, after: string): NewLines {
  if (before === undefined) return 'all';
  const lines = new Set<number>();
  for (const hunk of diffLines(linesOf(before), linesOf(after))) {
    for (let i = 0; i < hunk.newLines; i++) lines.add(hunk.newStart + i + 1);
  }
  return lines;
}

/** Whether any line of the finding's range is new: a modified line that still holds the match counts. */
export function onNewLines(finding: Pick<Finding, 'line' | 'endLine'>, lines: NewLines): boolean {
  if (lines === 'all') return true;
  for (let line = finding.line; line <= finding.endLine; line++) if (lines.has(line)) return true;
  return false;
}

/** Whether findings of `ruleId` in a file of `language` are reported on new code only (`newCodeOnly`). */
export function newCodeOnlyRules(pack: CompiledPack): (ruleId: string, language: LanguageId) => boolean {
  const keys = new Set(pack.rules.filter((rule) => rule.spec.newCodeOnly).flatMap((rule) => rule.languages.map((language) => `${language}\u0000${rule.id}`)));
  return (ruleId, language) => keys.size > 0 && keys.has(`${language}\u0000${ruleId}`);
}

/**
 * Splits findings into those to report and the legacy ones: findings of new-code-only rules that
 * are on no new line. `newLines(path)` is undefined where nothing is new (a whole-tree check).
 */
export function separateLegacy(findings: Finding[], isNewCodeOnly: (finding: Finding) => boolean, newLines: (path: string) => NewLines | undefined): { current: Finding[]; legacy: Finding[] } {
  const current: Finding[] = [];
  const legacy: Finding[] = [];
  for (const finding of findings) {
    if (!isNewCodeOnly(finding)) current.push(finding);
    else {
      const lines = newLines(finding.path);
      (lines && onNewLines(finding, lines) ? current : legacy).push(finding);
    }
  }
  return { current, legacy };
}
