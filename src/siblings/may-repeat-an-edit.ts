import { diffLines, type LineHunk } from '../mine/diff-lines.js';

/** Keywords are not names to search for. */
export const KEYWORDS = /^(await|async|def|class|return|yield|if|else|elif|for|while|try|except|finally|with|as|not|and|or|in|is|None|True|False|null|undefined|true|false|new|function|const|let|var|this|self|typeof|instanceof)$/;

/** Names too common to say what an edit is about. */
export const GENERIC_NAMES = new Set(['_', 'cast', 'require', 'len', 'str', 'int', 'float', 'bool', 'list', 'dict', 'set', 'tuple', 'isinstance', 'print', 'super', 'self', 'this', 'type', 'object', 'Object', 'String', 'Number', 'Array']);

/** `--verbose`: why no sibling was looked for. */
export const NO_REPEATED_EDIT = 'the change adds or removes no name at two sites or more: no edit is repeated, no siblings looked for';

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

function countNames(lines: string[], into: Map<string, number>, sign: 1 | -1): void {
  for (const line of lines) {
    for (const name of line.match(IDENTIFIER) ?? []) {
      if (KEYWORDS.test(name) || GENERIC_NAMES.has(name)) continue;
      into.set(name, (into.get(name) ?? 0) + sign);
    }
  }
}

/**
 * Whether a change may repeat one edit at two sites, by its text alone: some name the change adds
 * or removes, counted hunk by hunk, is added or removed twice or more. A sibling pattern needs an
 * edit made at two sites that adds or removes an API name (`siblingPatterns`), so without such a
 * name no parse, grep or thread is needed: the hook's common case costs one line diff per file.
 */
export function mayRepeatAnEdit(changes: { before: string; after: string; hunks?: LineHunk[] }[]): boolean {
  const total = new Map<string, number>();
  for (const change of changes) {
    const before = change.before.split('\n');
    const after = change.after.split('\n');
    for (const hunk of change.hunks ?? diffLines(before, after)) {
      const delta = new Map<string, number>();
      countNames(after.slice(hunk.newStart, hunk.newStart + hunk.newLines), delta, 1);
      countNames(before.slice(hunk.oldStart, hunk.oldStart + hunk.oldLines), delta, -1);
      for (const [name, count] of delta) {
        if (count === 0) continue;
        const sum = (total.get(name) ?? 0) + Math.abs(count);
        if (sum >= 2) return true;
        total.set(name, sum);
      }
    }
  }
  return false;
}
