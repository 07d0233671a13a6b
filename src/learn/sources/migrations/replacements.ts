import type { LanguageId } from '../../../model.js';

/** Where a replaced name stands: what the rule will match. */
export type Role = 'call' | 'attribute' | 'keyword' | 'decorator' | 'import' | 'string';

/** One site of a commit where `from` became `to` on an otherwise unchanged line. */
export interface Replacement {
  commit: string;
  time: number;
  subject: string;
  path: string;
  language: LanguageId;
  role: Role;
  from: string;
  to: string;
  /** 1-based line of the old text in the commit's parent. */
  line: number;
  before: string;
  after: string;
}

interface Token {
  text: string;
  kind: 'name' | 'string' | 'other';
}

const TOKEN = /[A-Za-z_$][\w$]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\\n]|\\.)*`|\d[\w.]*|==|!=|<=|>=|=>|\*\*|\/\/|\S/g;

function tokens(line: string): Token[] {
  return [...line.matchAll(TOKEN)].map((m) => {
    const text = m[0];
    return { text, kind: /^[A-Za-z_$]/.test(text) ? 'name' : /^['"`]/.test(text) ? 'string' : 'other' };
  });
}

/** A string constant worth tracking: an identifier-like value (`ECONNABORTED`, `utf-8`, `app.models`), not prose. */
const CONSTANT = /^[A-Za-z_][\w.:/-]{2,}$/;
const PY_IMPORT = /^\s*(?:from\s+([\w.]+)\s+import\s+(.+)|import\s+([\w.]+)(\s+as\s+\w+)?\s*)$/;

/** `a.b` of `from a.b import c` / `import a.b`, and what is imported. */
function pythonImport(line: string): { module: string; names: string } | undefined {
  const m = PY_IMPORT.exec(line);
  if (!m) return undefined;
  return m[1] ? { module: m[1], names: (m[2] as string).trim() } : { module: m[3] as string, names: (m[4] ?? '').trim() };
}

/** The role of the name at `index` of a line's tokens, or undefined for a local or other plain name. */
function roleOf(list: Token[], index: number, language: LanguageId): Role | undefined {
  const prev = list[index - 1]?.text;
  const next = list[index + 1]?.text;
  if (list[0]?.text === '@' && language === 'python') return 'decorator';
  // `def name(` and `function name(` define the name: a rename of a definition is not a use.
  if (next === '(') return prev === 'def' || prev === 'function' || prev === 'class' ? undefined : 'call';
  if (prev === '.') return 'attribute';
  if (language === 'python' && next === '=' && (prev === '(' || prev === ',')) return 'keyword';
  return undefined;
}

/**
 * The replacements in one hunk: removed and added lines paired in order (hunks of equal length,
 * at most 8 lines), each pair differing in one contiguous span whose old side is a single API name
 * (called, an attribute, a keyword or a decorator), a module path in a Python import, or a string
 * constant, and whose new side is short.
 */
export function replacementsOf(removed: string[], added: string[], oldStart: number, language: LanguageId): Omit<Replacement, 'commit' | 'time' | 'subject' | 'path'>[] {
  if (removed.length !== added.length || removed.length === 0 || removed.length > 8) return [];
  const out: Omit<Replacement, 'commit' | 'time' | 'subject' | 'path'>[] = [];
  removed.forEach((before, i) => {
    const after = added[i] as string;
    if (before.trim() === after.trim()) return;
    const line = oldStart + i;
    if (language === 'python') {
      const a = pythonImport(before);
      const b = pythonImport(after);
      if (a && b) {
        if (a.module !== b.module && a.names === b.names) out.push({ language, role: 'import', from: a.module, to: b.module, line, before, after });
        return;
      }
    }
    const ta = tokens(before);
    const tb = tokens(after);
    let p = 0;
    while (p < ta.length && p < tb.length && (ta[p] as Token).text === (tb[p] as Token).text) p++;
    let s = 0;
    while (s < ta.length - p && s < tb.length - p && (ta[ta.length - 1 - s] as Token).text === (tb[tb.length - 1 - s] as Token).text) s++;
    const spanA = ta.slice(p, ta.length - s);
    const spanB = tb.slice(p, tb.length - s);
    if (spanA.length === 0 || spanB.length === 0 || spanB.length > 6) return;
    const named = spanA.filter((t) => t.kind !== 'other');
    if (named.length !== 1 || spanA.some((t) => t.kind === 'other' && !/^[().,]$/.test(t.text))) return;
    const key = named[0] as Token;
    if (key.kind === 'string') {
      const from = key.text.slice(1, -1);
      const onlyB = spanB.length === 1 && (spanB[0] as Token).kind === 'string' ? (spanB[0] as Token).text.slice(1, -1) : undefined;
      if (onlyB !== undefined && onlyB !== from && CONSTANT.test(from) && CONSTANT.test(onlyB)) out.push({ language, role: 'string', from, to: onlyB, line, before, after });
      return;
    }
    const role = roleOf(ta, ta.indexOf(key), language);
    if (!role) return;
    const to = spanB.map((t) => t.text).join('').replace(/[(,]$/, '');
    if (!to || to === key.text) return;
    out.push({ language, role, from: key.text, to, line, before, after });
  });
  return out;
}
