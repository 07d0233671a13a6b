import type { Commit, EditContext, EditPattern, LanguageId, TestEvidence } from '../model.js';
import { diffLines, type LineHunk } from '../mine/diff-lines.js';
import { LANGUAGES, grammarFor, parseText, type GrammarId, type SyntaxNode } from '../parse/index.js';
import { lineStarts, locateEdit } from './locate-edit.js';
import { importStatements, parseWindows, scanText, type LineRange, type ScannedText } from './parse-windows.js';
import { CONTAINER_TYPES, leaves, toPatternNode } from './pattern-tree.js';
import { editSignature, isTrivialSignature } from './signature.js';

/** A file changed by a fix commit, with both versions' text. */
export interface ChangedFile {
  commit: Commit;
  path: string;
  language: LanguageId;
  before: string;
  after: string;
  evidence: TestEvidence;
}

export const MAX_HUNKS_PER_FILE = 12;
/** Roots smaller than this (a bare name, `a.b`) are lifted to their parent for context. */
const MIN_ROOT_NODES = 6;
const MAX_SNIPPET_LINES = 60;
/** An edit whose smallest enclosing node spans this many lines is too particular to generalise. */
const MAX_ROOT_LINES = 10;

/**
 * A hunk that replaces N lines with N lines usually edits each line on its own (a rename applied
 * to three calls): split it so every line is its own edit instead of one edit of the whole block.
 */
function splitLineForLine(hunks: LineHunk[], before: string[], after: string[]): LineHunk[] {
  const out: LineHunk[] = [];
  for (const h of hunks) {
    if (h.oldLines !== h.newLines || h.oldLines < 2) {
      out.push(h);
      continue;
    }
    for (let i = 0; i < h.oldLines; i++) {
      if (before[h.oldStart + i] !== after[h.newStart + i]) out.push({ oldStart: h.oldStart + i, oldLines: 1, newStart: h.newStart + i, newLines: 1 });
    }
  }
  return out;
}

/** Leaf tokens with quotes and comments normalised away: equal streams mean a formatting-only edit. */
function tokenStream(node: SyntaxNode): string {
  const out: string[] = [];
  for (const leaf of leaves(toPatternNode(node))) {
    const text = leaf.text ?? leaf.type;
    out.push(/^(['"`]).*\1$/s.test(text) ? `"${text.slice(1, -1).replace(/\\(['"`])/g, '$1')}"` : text);
  }
  return out.join('\u0001');
}

function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  return `${lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)?.[0].length ?? 0))).join('\n').trimEnd()}\n`;
}

/** The text a case is built from: the enclosing function, else the enclosing statement; dedented. */
function snippetOf(node: SyntaxNode, source: string, language: LanguageId): string | undefined {
  const functionKinds = new Set(LANGUAGES[language].functionKinds);
  let chosen: SyntaxNode | undefined;
  for (let up: SyntaxNode | null = node; up; up = up.parent) {
    if (functionKinds.has(up.type) && up.type !== 'lambda' && up.type !== 'arrow_function') {
      chosen = up.parent?.type === 'decorated_definition' ? up.parent : up;
      break;
    }
  }
  if (!chosen || chosen.endPosition.row - chosen.startPosition.row >= MAX_SNIPPET_LINES) {
    chosen = node;
    while (chosen.parent && chosen.parent.parent && !/^(block|module|program|statement_block|class_body)$/.test(chosen.parent.type)) chosen = chosen.parent;
  }
  if (chosen.endPosition.row - chosen.startPosition.row >= MAX_SNIPPET_LINES) return undefined;
  const lineStart = source.lastIndexOf('\n', chosen.startIndex - 1) + 1;
  let text = dedent(source.slice(lineStart, chosen.endIndex));
  if (chosen.type === 'method_definition') text = `class Example {\n${text.replace(/^/gm, '  ')}}\n`;
  return text;
}

function contextOf(node: SyntaxNode, language: LanguageId, imports: string[]): EditContext {
  const { functionKinds: functionList, kinds } = LANGUAGES[language];
  const functionKinds = new Set(functionList);
  const context: EditContext = { parentType: node.parent?.type ?? '', inAsyncFunction: false, inTry: false, inLoop: false, tryCalls: [], imports };
  let seenFunction = false;
  for (let up = node.parent; up; up = up.parent) {
    if (!seenFunction && functionKinds.has(up.type)) {
      seenFunction = true;
      context.inAsyncFunction = up.children.some((c) => c.type === 'async');
      const name = up.childForFieldName('name')?.text;
      if (name) context.functionName = name;
    }
    if (!seenFunction && kinds.try.includes(up.type) && !context.inTry) {
      context.inTry = true;
      const body = up.childForFieldName('body');
      const names = new Set<string>();
      for (const call of body?.descendantsOfType(kinds.call) ?? []) {
        const fn = call.childForFieldName('function');
        const name = fn?.childForFieldName('attribute')?.text ?? fn?.childForFieldName('property')?.text ?? (fn?.type === 'identifier' ? fn.text : undefined);
        if (name) names.add(name);
      }
      context.tryCalls = [...names].sort();
    }
    if (!seenFunction && kinds.loop.includes(up.type)) context.inLoop = true;
    if (kinds.class.includes(up.type)) {
      const name = up.childForFieldName('name')?.text;
      if (name && !context.className) context.className = name;
    }
  }
  return context;
}

/** Names a file imports: modules and imported names (Python `import`/`from`, JS `import`). */
function importsOf(text: string, language: LanguageId, grammar: GrammarId, scan: ScannedText | undefined): string[] {
  const names = new Set<string>();
  const { kinds } = LANGUAGES[language];
  const statements = text.includes('import') ? importStatements(scan ?? scanText(text, language)) : '';
  if (!statements) return [];
  for (const node of parseText(grammar, statements).rootNode.descendantsOfType(kinds.import)) {
    for (const name of node.descendantsOfType(kinds.name)) names.add(name.text);
  }
  return [...names].sort();
}

/**
 * Turns one changed file of a fix commit into edit patterns: each diff hunk mapped to the
 * smallest corresponding before/after nodes, minus formatting-only edits and edits that only
 * rename locals or change literal values. `windows: false` parses whole files (the same edits,
 * slower; for tests and measurements). `onTooManyHunks` is called for a file with more changed
 * regions than one fix makes (it yields no edit).
 */
export function extractEdits(file: ChangedFile, options: { windows?: boolean; onTooManyHunks?: () => void } = {}): EditPattern[] {
  // Diff first: parsing is most of learn's time, and files with no hunk or too many need none.
  const beforeLines = file.before.split('\n');
  const afterLines = file.after.split('\n');
  const hunks = splitLineForLine(diffLines(beforeLines, afterLines), beforeLines, afterLines);
  if (hunks.length > MAX_HUNKS_PER_FILE) options.onTooManyHunks?.();
  if (hunks.length === 0 || hunks.length > MAX_HUNKS_PER_FILE) return [];
  // Parse only the statements around the hunks when that is a small part of the file; fall back
  // to whole files when a window does not parse or an edit reaches across windows.
  // The before side is scanned once: for its windows and, later, its import statements.
  const scanBefore = options.windows !== false ? scanText(file.before, file.language) : undefined;
  const windowsB = scanBefore && parseWindows(scanBefore, hunks.map((h): LineRange => [h.oldStart, h.oldStart + h.oldLines]));
  const windowsA = windowsB && parseWindows(scanText(file.after, file.language), hunks.map((h): LineRange => [h.newStart, h.newStart + h.newLines]));
  if (windowsB && windowsA) {
    const edits = editsOf(file, hunks, scanBefore, windowsB, windowsA);
    if (edits !== 'whole') return edits;
  }
  return editsOf(file, hunks, scanBefore) as EditPattern[];
}

function within(node: SyntaxNode, windows: LineRange[] | undefined): boolean {
  return !windows || windows.some(([a, b]) => node.startPosition.row >= a && node.endPosition.row < b);
}

function editsOf(file: ChangedFile, hunks: LineHunk[], scanBefore: ScannedText | undefined, windowsB?: LineRange[], windowsA?: LineRange[]): EditPattern[] | 'whole' {
  const grammar = grammarFor(file.language, file.path);
  const beforeTree = parseText(grammar, file.before, windowsB);
  const afterTree = parseText(grammar, file.after, windowsA);
  if (windowsB && (beforeTree.rootNode.hasError || afterTree.rootNode.hasError)) return 'whole';
  if (beforeTree.rootNode.hasError && afterTree.rootNode.hasError) return [];
  const before = { tree: beforeTree, text: file.before, lines: lineStarts(file.before) };
  const after = { tree: afterTree, text: file.after, lines: lineStarts(file.after) };
  let importNames: string[] | undefined;
  const imports = (): string[] => (importNames ??= importsOf(file.before, file.language, grammar, scanBefore));
  const importKinds = new Set(LANGUAGES[file.language].kinds.import);
  const edits: EditPattern[] = [];
  const seen = new Set<string>();
  let crossed = false;
  hunks.forEach((hunk, i) => {
    if (crossed) return;
    const prev = hunks[i - 1];
    const next = hunks[i + 1];
    const prevEnd = prev ? before.lines[prev.oldStart + prev.oldLines] ?? file.before.length : 0;
    const nextStart = next ? before.lines[next.oldStart] ?? file.before.length : file.before.length;
    const location = locateEdit(before, after, hunk, { prevEnd, nextStart });
    if (location && !(within(location.before, windowsB) && within(location.after, windowsA))) crossed = true;
    if (!location || location.before.hasError || location.after.hasError) return;
    if (location.before.endPosition.row - location.before.startPosition.row >= MAX_ROOT_LINES) return;
    // A bare argument list or block says little: lift the pair to its owner (the call, the except
    // clause), which carries the API name. Corresponding containers have corresponding parents.
    // Likewise a lone identifier or attribute (a renamed API): lift until the pattern has context.
    const lift = (): boolean => Boolean(location.before.parent?.parent && location.after.parent?.parent && location.before.parent.type === location.after.parent.type);
    while ((CONTAINER_TYPES.has(location.before.type) || location.before.descendantCount < MIN_ROOT_NODES) && lift()) {
      location.before = location.before.parent as SyntaxNode;
      location.after = location.after.parent as SyntaxNode;
    }
    if (!(within(location.before, windowsB) && within(location.after, windowsA))) crossed = true;
    if (crossed) return;
    if (location.before.endPosition.row - location.before.startPosition.row >= MAX_ROOT_LINES) return;
    const key = `${location.before.startIndex}:${location.before.endIndex}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (tokenStream(location.before) === tokenStream(location.after)) return;
    // Import lists change with every refactoring; they are not where bugs are fixed.
    if (importKinds.has(location.before.type) || importKinds.has(location.after.type)) return;
    const beforeNode = toPatternNode(location.before);
    const afterNode = toPatternNode(location.after);
    const signature = editSignature(beforeNode, afterNode);
    if (isTrivialSignature(signature)) return;
    const snippetBefore = snippetOf(location.before, file.before, file.language);
    const snippetAfter = snippetOf(location.after, file.after, file.language);
    if (!snippetBefore || !snippetAfter) return;
    edits.push({
      commit: file.commit.sha,
      ...(file.commit.parents[0] ? { parent: file.commit.parents[0] } : {}),
      subject: file.commit.message.split('\n')[0] ?? '',
      time: file.commit.time,
      author: file.commit.authorEmail,
      path: file.path,
      language: file.language,
      kind: location.kind,
      signature,
      before: beforeNode,
      after: afterNode,
      beforeText: location.before.text,
      afterText: location.after.text,
      line: location.before.startPosition.row + 1,
      context: contextOf(location.before, file.language, imports()),
      snippet: { before: snippetBefore, after: snippetAfter },
      evidence: file.evidence,
    });
  });
  return crossed ? 'whole' : edits;
}
