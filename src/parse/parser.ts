import { createRequire } from 'node:module';
import type TreeSitter from 'tree-sitter';
import type { GrammarId } from './languages.js';

/** The only module that loads tree-sitter. Loading is lazy so `--help` works without the addon. */
export type SyntaxNode = TreeSitter.SyntaxNode;
export type SyntaxTree = TreeSitter.Tree;
export type NativeQuery = TreeSitter.Query;
export type QueryMatch = TreeSitter.QueryMatch;

const require = createRequire(import.meta.url);

interface Runtime {
  Parser: typeof TreeSitter;
  grammars: Map<GrammarId, unknown>;
  parsers: Map<GrammarId, TreeSitter>;
}

let runtime: Runtime | undefined;

function load(): Runtime {
  if (runtime) return runtime;
  const Parser = require('tree-sitter') as typeof TreeSitter;
  runtime = { Parser, grammars: new Map(), parsers: new Map() };
  return runtime;
}

function grammar(id: GrammarId): unknown {
  const rt = load();
  let language = rt.grammars.get(id);
  if (!language) {
    switch (id) {
      case 'python':
        language = require('tree-sitter-python');
        break;
      case 'javascript':
        language = require('tree-sitter-javascript');
        break;
      case 'typescript':
        language = (require('tree-sitter-typescript') as { typescript: unknown }).typescript;
        break;
      case 'tsx':
        language = (require('tree-sitter-typescript') as { tsx: unknown }).tsx;
        break;
    }
    rt.grammars.set(id, language);
  }
  return language;
}

/** Runs of comment-only lines longer than this are blanked before parsing Python. */
const COMMENT_RUN_LIMIT = 64;

/**
 * tree-sitter-python 0.25's external scanner takes time quadratic in the length of a run of
 * comment-only lines (4,000 lines: about 2.5 s; whitespace-only lines: 2 ms). Long runs are turned
 * into spaces of the same length, so every offset and position stays the same; only the comment
 * nodes inside such runs disappear (suppression directives are kept).
 */
export function blankLongCommentRuns(text: string): string {
  if (!text.includes('#')) return text;
  const lines = text.split('\n');
  let changed = false;
  let runStart = -1;
  const flush = (end: number): void => {
    if (runStart >= 0 && end - runStart > COMMENT_RUN_LIMIT) {
      for (let i = runStart; i < end; i++) {
        const line = lines[i] as string;
        if (!line.includes('attractor-lint')) lines[i] = line.replace(/[^\s]/g, ' ');
      }
      changed = true;
    }
    runStart = -1;
  };
  lines.forEach((line, i) => {
    if (/^\s*#/.test(line)) {
      if (runStart < 0) runStart = i;
    } else flush(i);
  });
  flush(lines.length);
  return changed ? lines.join('\n') : text;
}

/** tree-sitter's included ranges for whole lines [start, end) of `text`, adjacent ones merged. */
function includedRanges(text: string, lines: [number, number][]): TreeSitter.Range[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const ranges: TreeSitter.Range[] = [];
  for (const [first, end] of lines) {
    const startIndex = starts[first] ?? text.length;
    const endIndex = starts[end] ?? text.length;
    const endPosition = end < starts.length ? { row: end, column: 0 } : { row: starts.length - 1, column: text.length - (starts[starts.length - 1] as number) };
    const last = ranges[ranges.length - 1];
    if (last && last.endIndex === startIndex) {
      last.endIndex = endIndex;
      last.endPosition = endPosition;
    } else if (endIndex > startIndex) {
      ranges.push({ startIndex, endIndex, startPosition: { row: first, column: 0 }, endPosition });
    }
  }
  return ranges;
}

/**
 * Parses `text` with the (reused) parser of `id`; with `lines`, only those line ranges (sorted,
 * not overlapping), keeping every node's offsets and positions those of the whole text.
 */
export function parseText(id: GrammarId, text: string, lines?: [number, number][]): SyntaxTree {
  const rt = load();
  let parser = rt.parsers.get(id);
  if (!parser) {
    parser = new rt.Parser();
    parser.setLanguage(grammar(id) as TreeSitter.Language);
    rt.parsers.set(id, parser);
  }
  const source = id === 'python' ? blankLongCommentRuns(text) : text;
  return lines ? parser.parse(source, undefined, { includedRanges: includedRanges(text, lines) }) : parser.parse(source);
}

/**
 * Lets the syntax trees nobody holds any more be freed. The binding frees a tree in a finaliser,
 * and finalisers run between turns of the event loop: a synchronous loop that parses many files
 * holds every tree it made (hundreds of MB on a large repository) until it ends. Such loops await
 * this now and then.
 */
export function releaseSyntaxTrees(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Compiles a query; throws the native error (message names the offset) when it does not compile. */
export function compileQuery(id: GrammarId, source: string): NativeQuery {
  const rt = load();
  return new rt.Parser.Query(grammar(id) as TreeSitter.Language, source);
}

/** Whether the native addon and every grammar load; returns the error text otherwise. */
export function probeRuntime(): string | undefined {
  try {
    for (const id of ['python', 'javascript', 'typescript', 'tsx'] as const) grammar(id);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}
