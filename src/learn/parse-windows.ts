import type { LanguageId } from '../model.js';
import { LANGUAGES, type LanguageInfo } from '../parse/index.js';

/** Lines [start, end) of a file (0-based). */
export type LineRange = [number, number];

/** A file's lines as the layout scan read them: what windows and import lists are cut from. */
export interface ScannedText {
  language: LanguageId;
  lines: LineInfo[];
  raw: string[];
}

interface LineInfo {
  /** Begins outside any string, comment or bracket. */
  open: boolean;
  /** Has something besides whitespace and comments. */
  code: boolean;
  indent: number;
  /** The line without its indentation. */
  rest: string;
}

const OPENERS = '([{';
const CLOSERS = ')]}';

/** Index of `delimiter` in `line` from `from`, skipping ones escaped by a backslash; -1 if none. */
function closingIndex(line: string, delimiter: string, from: number): number {
  for (let j = line.indexOf(delimiter, from); j >= 0; j = line.indexOf(delimiter, j + 1)) {
    let slashes = 0;
    while (j - slashes - 1 >= from && line[j - slashes - 1] === '\\') slashes++;
    if (slashes % 2 === 0) return j;
  }
  return -1;
}

/** The characters where the scan has something to decide, per layout: everything else is plain code. */
const SPECIALS = new WeakMap<LanguageInfo['layout'], RegExp>();
function specialsOf(layout: LanguageInfo['layout']): RegExp {
  let re = SPECIALS.get(layout);
  if (!re) {
    const firsts = new Set([layout.lineComment[0], layout.blockComment?.[0][0], ...layout.multilineStrings.map((d) => d[0]), '"', "'", ...OPENERS, ...CLOSERS]);
    re = new RegExp(`[${[...firsts].filter(Boolean).map((c) => `\\${c}`).join('')}]`, 'g');
    SPECIALS.set(layout, re);
  }
  return re;
}

/**
 * A cheap lexical scan: for every line, whether it starts outside strings, comments and brackets.
 * It is approximate (regular expression literals, nested template expressions); a window it gets
 * wrong does not parse, and the caller then parses the whole file. It jumps from one character
 * that matters (quote, comment, bracket) to the next: learn scans every changed file twice.
 */
export function scanText(text: string, language: LanguageId): ScannedText {
  const { layout } = LANGUAGES[language];
  const specials = specialsOf(layout);
  const raw = text.split('\n');
  const out: LineInfo[] = [];
  let mode: string | undefined;
  let depth = 0;
  let continued = false;
  for (const line of raw) {
    let indent = 0;
    while (line[indent] === ' ' || line[indent] === '\t') indent++;
    const info: LineInfo = { open: mode === undefined && depth === 0 && !continued, code: false, indent, rest: line.slice(indent) };
    let i = indent;
    let comment = false;
    while (i < line.length) {
      if (mode !== undefined) {
        const close = layout.blockComment && mode === layout.blockComment[0] ? layout.blockComment[1] : mode;
        const j = closingIndex(line, close, i);
        if (j < 0) break;
        i = j + close.length;
        mode = undefined;
        continue;
      }
      specials.lastIndex = i;
      const next = specials.exec(line)?.index ?? line.length;
      // Plain code up to the next special character: it only tells that the line has code.
      for (let k = i; !info.code && k < next; k++) if (line[k] !== ' ' && line[k] !== '\t' && line[k] !== '\r') info.code = true;
      if (next >= line.length) break;
      i = next;
      const ch = line[i] as string;
      if (line.startsWith(layout.lineComment, i)) {
        comment = true;
        break;
      }
      if (layout.blockComment && line.startsWith(layout.blockComment[0], i)) {
        mode = layout.blockComment[0];
        i += mode.length;
        continue;
      }
      info.code = true;
      const long = layout.multilineStrings.find((d) => line.startsWith(d, i));
      if (long) {
        mode = long;
        i += long.length;
        continue;
      }
      if (ch === '"' || ch === "'") {
        const j = closingIndex(line, ch, i + 1);
        i = j < 0 ? line.length : j + 1;
        continue;
      }
      if (OPENERS.includes(ch)) depth++;
      else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
      i++;
    }
    // A backslash at the end of a line continues the statement on the next one.
    continued = mode === undefined && !comment && /\\\r?$/.test(line);
    out.push(info);
  }
  return { language, lines: out, raw };
}

/**
 * The statements at indentation `indent` within lines [from, to): each a range from its first line
 * (decorators included) to the line before the next one. Lines before the first are a range too.
 */
function statementsAt(lines: LineInfo[], from: number, to: number, indent: number, layout: LanguageInfo['layout']): LineRange[] {
  const starts: number[] = [];
  let previousWasDecorator = false;
  for (let i = from; i < to; i++) {
    const line = lines[i] as LineInfo;
    if (!line.open || !line.code || line.indent !== indent) continue;
    if (CLOSERS.includes(line.rest[0] as string) || layout.attached.test(line.rest)) continue;
    if (!previousWasDecorator) starts.push(i);
    previousWasDecorator = layout.decorator?.test(line.rest) ?? false;
  }
  const ranges: LineRange[] = [];
  if (starts[0] !== from) ranges.push([from, starts[0] ?? to]);
  starts.forEach((start, k) => ranges.push([start, starts[k + 1] ?? to]));
  return ranges;
}

/** Classes longer than this are narrowed to their header and the touched members. */
const NARROW_CLASS_LINES = 80;
/** Windows covering more than this share of the file are not worth it: parse it all. */
const MAX_SHARE = 0.6;

function overlaps(range: LineRange, touched: LineRange[]): boolean {
  return touched.some(([a, b]) => a < range[1] && b > range[0]);
}

/** A class block narrowed to its header plus the members `touched` reaches; undefined: keep it whole. */
function narrowClass(lines: LineInfo[], block: LineRange, touched: LineRange[], layout: LanguageInfo['layout']): LineRange[] | undefined {
  const [from, to] = block;
  let head = from;
  while (head < to && !(lines[head] as LineInfo).code) head++;
  while (head < to && layout.decorator?.test((lines[head] as LineInfo).rest)) {
    head++;
    while (head < to && !((lines[head] as LineInfo).open && (lines[head] as LineInfo).code && (lines[head] as LineInfo).indent === 0)) head++;
  }
  if (head >= to || !layout.classHead?.test((lines[head] as LineInfo).rest)) return undefined;
  let body = head + 1;
  while (body < to && !((lines[body] as LineInfo).open && (lines[body] as LineInfo).code && (lines[body] as LineInfo).indent > 0)) body++;
  if (body >= to) return undefined;
  const header: LineRange = [from, body];
  if (overlaps(header, touched)) return undefined;
  const members = statementsAt(lines, body, to, (lines[body] as LineInfo).indent, layout).filter((m) => overlaps(m, touched));
  return [header, ...members];
}

/**
 * The parts of a file learn needs parsed to read the edits on `touched` lines: the top-level
 * statements those lines (and one line either side) fall in, long classes narrowed to their header
 * and the touched members, plus the top-level statements that import. Undefined when that is most
 * of the file.
 */
export function parseWindows(scan: ScannedText, touched: LineRange[]): LineRange[] | undefined {
  const { layout } = LANGUAGES[scan.language];
  const { lines } = scan;
  const around = touched.map(([a, b]): LineRange => [Math.max(0, a - 1), Math.min(lines.length, Math.max(b, a + 1) + 1)]);
  const windows: LineRange[] = [];
  for (const block of statementsAt(lines, 0, lines.length, 0, layout)) {
    const head = (lines.slice(block[0], block[1]).find((l) => l.code) as LineInfo | undefined)?.rest ?? '';
    if (overlaps(block, around)) {
      windows.push(...((block[1] - block[0] > NARROW_CLASS_LINES && narrowClass(lines, block, around, layout)) || [block]));
    } else if (layout.importLine.test(head) || (!layout.definitionHead.test(head) && !layout.decorator?.test(head) && lines.slice(block[0], block[1]).some((l) => l.code && l.open && layout.importLine.test(l.rest)))) {
      // Imports, also under `if TYPE_CHECKING:` or `try:`; a definition's own imports are left out.
      windows.push(block);
    }
  }
  const covered = windows.reduce((sum, [a, b]) => sum + b - a, 0);
  return covered > lines.length * MAX_SHARE ? undefined : windows;
}

/**
 * Every import statement of a file (at any depth: also inside functions, `try:` and
 * `if TYPE_CHECKING:`), dedented and one after the other: a small text to parse for the names a
 * file imports, whatever part of it was parsed.
 */
export function importStatements(scan: ScannedText): string {
  const { layout } = LANGUAGES[scan.language];
  const { lines, raw } = scan;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as LineInfo;
    if (!line.open || !line.code || !layout.importLine.test(line.rest)) continue;
    out.push(line.rest);
    while (i + 1 < lines.length && !(lines[i + 1] as LineInfo).open) out.push((raw[++i] as string).trim());
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
