import type { LanguageId } from '../model.js';

/** ESLint's position for our languages: 1-based line, 0-based column (as for JavaScript). */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface SourceLocation {
  start: SourcePosition;
  end: SourcePosition;
}

/**
 * The whole AST our languages hand to ESLint: one `Program` node spanning the text. The attractor
 * rules run tree-sitter queries on the text themselves, so a richer tree would only be built to be
 * thrown away; `Program` is the node type JavaScript has too, so one visitor serves every language.
 */
export interface ProgramNode {
  type: 'Program';
  range: [number, number];
  loc: SourceLocation;
}

/** What ESLint counts as a line break: Python has universal newlines, JavaScript adds U+2028/9. */
const LINE_BREAK: Record<LanguageId, RegExp> = {
  python: /\r\n|[\r\n]/g,
  javascript: /\r\n|[\r\n\u2028\u2029]/g,
  typescript: /\r\n|[\r\n\u2028\u2029]/g,
};

/** Offsets where each line starts, after `text` is split the way `language` splits lines. */
function lineStartsOf(text: string, language: LanguageId): number[] {
  const starts = [0];
  for (const match of text.matchAll(LINE_BREAK[language])) starts.push((match.index ?? 0) + match[0].length);
  return starts;
}

/** A single visit step of ESLint's traversal contract (`kind` 1 = visit, `phase` 1 = enter, 2 = exit). */
interface VisitStep {
  kind: 1;
  type: 'visit';
  target: ProgramNode;
  phase: 1 | 2;
  args: unknown[];
}

/**
 * ESLint's `SourceCode` for a file of a tree-sitter language (`attractor/python`,
 * `attractor/typescript`): the text, the one-node AST, lines, and index/location conversion
 * (rule fixers and the report need `getLoc`/`getRange`; `getLocFromIndex` places findings).
 */
export class TreeSitterSourceCode {
  readonly text: string;
  readonly ast: ProgramNode;
  readonly language: LanguageId;
  readonly hasBOM: boolean;
  readonly lines: string[];
  readonly #lineStarts: number[];

  constructor(options: { text: string; language: LanguageId; hasBOM?: boolean; ast?: ProgramNode }) {
    this.text = options.text;
    this.language = options.language;
    this.hasBOM = options.hasBOM ?? false;
    this.#lineStarts = lineStartsOf(this.text, this.language);
    this.lines = this.#lineStarts.map((start, i) => {
      const next = this.#lineStarts[i + 1];
      return this.text.slice(start, next === undefined ? this.text.length : next).replace(/(?:\r\n|[\r\n\u2028\u2029])$/, '');
    });
    this.ast = options.ast ?? programNode(this.text, this.language);
  }

  getLoc(node: { loc: SourceLocation }): SourceLocation {
    return node.loc;
  }

  getRange(node: { range: [number, number] }): [number, number] {
    return node.range;
  }

  getText(node?: { range: [number, number] }): string {
    return node ? this.text.slice(node.range[0], node.range[1]) : this.text;
  }

  getLines(): string[] {
    return this.lines;
  }

  getLocFromIndex(index: number): SourcePosition {
    if (!Number.isInteger(index) || index < 0 || index > this.text.length) throw new RangeError(`index ${index} is outside the text (0..${this.text.length})`);
    const starts = this.#lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= index) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: index - (starts[low] as number) };
  }

  getIndexFromLoc(loc: SourcePosition): number {
    const start = this.#lineStarts[loc.line - 1];
    if (start === undefined || loc.column < 0) throw new RangeError(`line ${loc.line}, column ${loc.column} is outside the text`);
    return Math.min(start + loc.column, this.text.length);
  }

  traverse(): VisitStep[] {
    return [
      { kind: 1, type: 'visit', target: this.ast, phase: 1, args: [this.ast, null] },
      { kind: 1, type: 'visit', target: this.ast, phase: 2, args: [this.ast, null] },
    ];
  }
}

/** The `Program` node spanning `text`. */
export function programNode(text: string, language: LanguageId): ProgramNode {
  const starts = lineStartsOf(text, language);
  const last = starts[starts.length - 1] as number;
  return { type: 'Program', range: [0, text.length], loc: { start: { line: 1, column: 0 }, end: { line: starts.length, column: text.length - last } } };
}
