import { checkSource } from '../check/check-source.js';
import { newLinesAgainstHead } from '../check/document-findings.js';
import type { NewLines } from '../check/new-code.js';
import type { Finding, LanguageId, TextEdit } from '../model.js';
import { extensionMap, grammarFor, languageOfPath, parseText, type SyntaxNode } from '../parse/index.js';
import type { CompiledPack } from '../rules/compile-pack.js';
import { TreeSitterSourceCode, type SourceLocation, type SourcePosition } from './tree-sitter-source-code.js';
import { verifyFix, type CheckedFile } from './verify-fix.js';

/** The part of an ESLint `SourceCode` (JavaScript's or ours) the attractor rules use. */
export interface LintedSource {
  text: string;
  getLocFromIndex?(index: number): SourcePosition;
}

/** One pack's findings in one file, shared by every attractor rule that lints the file. */
export interface FileFindings {
  language: LanguageId;
  /** Findings by attractor rule id. */
  byRule: Map<string, Finding[]>;
  /** Where ESLint should show a finding. */
  locationOf(finding: Finding): SourceLocation;
  /**
   * The finding's template fix if applying it alone passes the same checks as
   * `attractor-lint --fix` (re-parses, silences the finding, adds no other finding), else
   * undefined. Computed on first use: only findings of enabled rules pay for it.
   */
  verifiedFix(finding: Finding): TextEdit | undefined;
  /**
   * The lines the linted text adds or modifies against HEAD's version of the file (`all` when HEAD
   * has none), for new-code-only rules; undefined when git cannot tell (no repository, no git, no
   * file name). Computed on first use, once per file.
   */
  newLines(): NewLines | undefined;
}

const SCRIPT_EXTENSIONS = extensionMap();

/**
 * The language a file is checked as: ours decides for files of our own ESLint languages;
 * otherwise the extension picks JavaScript or TypeScript (a `.ts` file parsed by a TypeScript
 * parser under ESLint's JavaScript language), and JavaScript when it says nothing (`<input>`).
 */
function languageOf(source: LintedSource, filename: string): LanguageId {
  if (source instanceof TreeSitterSourceCode) return source.language;
  return languageOfPath(filename, SCRIPT_EXTENSIONS) === 'typescript' ? 'typescript' : 'javascript';
}

/** Offsets where each tree-sitter row starts (tree-sitter counts rows at `\n` only). */
function rowStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function runFile(pack: CompiledPack, source: LintedSource, filename: string): FileFindings {
  const { text } = source;
  const language = languageOf(source, filename);
  const { findings } = checkSource(text, filename, language, pack);
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byRule.get(finding.ruleId);
    if (list) list.push(finding);
    else byRule.set(finding.ruleId, [finding]);
  }
  let starts: number[] | undefined;
  // Findings count rows as tree-sitter does; ESLint may count more line breaks (`\r`, U+2028),
  // so positions go through offsets and the SourceCode's own index-to-location mapping.
  const position = (line: number, column: number): SourcePosition => {
    starts ??= rowStarts(text);
    const index = Math.min((starts[line - 1] ?? text.length) + column - 1, text.length);
    return source.getLocFromIndex ? source.getLocFromIndex(index) : { line, column: column - 1 };
  };
  let root: SyntaxNode | undefined;
  const checked: CheckedFile = { text, path: filename, language, findings, root: () => (root ??= parseText(grammarFor(language, filename), text).rootNode) };
  const verified = new Map<Finding, boolean>();
  let newLines: { lines: NewLines | undefined } | undefined;
  return {
    language,
    byRule,
    locationOf: (finding) => ({ start: position(finding.line, finding.column), end: position(finding.endLine, finding.endColumn) }),
    verifiedFix(finding) {
      if (!finding.fix) return undefined;
      let ok = verified.get(finding);
      if (ok === undefined) {
        ok = verifyFix(checked, pack, finding);
        verified.set(finding, ok);
      }
      return ok ? finding.fix : undefined;
    },
    newLines() {
      newLines ??= { lines: newLinesAgainstHead(filename, text) };
      return newLines.lines;
    },
  };
}

/**
 * Runs `checkSource` at most once per linted file for a pack: every attractor rule of the file
 * asks, the first one pays. Keyed by ESLint's `SourceCode` object, which is made once per file
 * and per `--fix` pass and shared by all rules; a WeakMap lets it go with the file.
 */
export function fileFindingsCache(pack: CompiledPack): (source: LintedSource, filename: string) => FileFindings {
  const cache = new WeakMap<LintedSource, FileFindings>();
  return (source, filename) => {
    let result = cache.get(source);
    if (!result) {
      result = runFile(pack, source, filename);
      cache.set(source, result);
    }
    return result;
  };
}
