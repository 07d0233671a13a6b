import type { LanguageId } from '../model.js';

/** A tree-sitter grammar we can load. TypeScript has two: plain and TSX. */
export type GrammarId = 'python' | 'javascript' | 'typescript' | 'tsx';

export interface LanguageInfo {
  id: LanguageId;
  /** File extensions, lower-case, with the dot. */
  extensions: string[];
  grammars: GrammarId[];
  /** Node types that start a new function scope (used by constraints and the learner). */
  functionKinds: string[];
  /** Node kinds the learner reads context from (see learn/extract-edits.ts). */
  kinds: {
    try: string[];
    loop: string[];
    import: string[];
    class: string[];
    call: string[];
    /** Leaves that name things (identifiers, properties). */
    name: string[];
  };
  /**
   * Names of functions and methods defined in a file, by a cheap text scan (group 1): `async` ones,
   * and plain ones. The learner widens a "the fix added await" pattern to the repository's own
   * coroutines, minus names that are also defined without async.
   */
  definitions: { async: RegExp; sync: RegExp };
  /**
   * How source text is laid out, for a cheap line scan that finds the top-level statements (and,
   * with indented bodies, class members) around an edit: learn parses only those (parse windows).
   */
  layout: {
    lineComment: string;
    blockComment?: [string, string];
    /** String delimiters that may span lines (triple quotes, template literals). */
    multilineStrings: string[];
    /** A statement-starting line that still belongs to the statement before it (`else`, `except`). */
    attached: RegExp;
    /** A line that belongs to the statement after it (a decorator). */
    decorator?: RegExp;
    /** A top-level statement that imports names. */
    importLine: RegExp;
    /** A top-level statement that defines a class, whose members can be windows of their own. */
    classHead?: RegExp;
    /** A top-level statement that defines a function or class (its imports are its own). */
    definitionHead: RegExp;
  };
}

/** JavaScript and TypeScript share their node kinds (the TypeScript grammar extends JavaScript's). */
const JS_FUNCTION_KINDS = ['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function'];
const JS_KINDS: LanguageInfo['kinds'] = {
  try: ['try_statement'],
  loop: ['for_statement', 'for_in_statement', 'while_statement', 'do_statement'],
  import: ['import_statement', 'export_statement'],
  class: ['class_declaration', 'class'],
  call: ['call_expression', 'new_expression'],
  name: ['identifier', 'property_identifier', 'shorthand_property_identifier'],
};
const JS_DEFINITIONS: LanguageInfo['definitions'] = {
  async: /\basync\s+(?:function\s*\*?\s*)?([A-Za-z_$][\w$]*)\s*\(|([A-Za-z_$][\w$]*)\s*[:=]\s*async\b/g,
  sync: /(?<!\basync\s+)\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/g,
};
// Braces delimit JavaScript's blocks, so only top-level statements are windows (no classHead).
const JS_LAYOUT: LanguageInfo['layout'] = {
  lineComment: '//',
  blockComment: ['/*', '*/'],
  multilineStrings: ['`'],
  attached: /^(?:else|catch|finally)\b|^[.?:+\-*/%&|^,=<>]/,
  decorator: /^@/,
  importLine: /^import\b/,
  definitionHead: /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function|class)\b/,
};

/** The one language table: nothing outside it may know which grammar does what. */
export const LANGUAGES: Record<LanguageId, LanguageInfo> = {
  python: {
    id: 'python',
    extensions: ['.py', '.pyi', '.pyw'],
    grammars: ['python'],
    functionKinds: ['function_definition', 'lambda'],
    kinds: {
      try: ['try_statement'],
      loop: ['for_statement', 'while_statement'],
      import: ['import_statement', 'import_from_statement', 'future_import_statement'],
      class: ['class_definition'],
      call: ['call'],
      name: ['identifier'],
    },
    definitions: { async: /\basync[ \t]+def[ \t]+([A-Za-z_]\w*)/g, sync: /(?<!\basync[ \t]+)\bdef[ \t]+([A-Za-z_]\w*)/g },
    layout: {
      lineComment: '#',
      multilineStrings: ['"""', "'''"],
      attached: /^(?:else|elif|except|finally)\b/,
      decorator: /^@/,
      importLine: /^(?:import|from)\s/,
      classHead: /^class\s/,
      definitionHead: /^(?:async\s+def|def|class)\s/,
    },
  },
  javascript: {
    id: 'javascript',
    extensions: ['.js', '.mjs', '.cjs', '.jsx'],
    grammars: ['javascript'],
    functionKinds: JS_FUNCTION_KINDS,
    kinds: JS_KINDS,
    definitions: JS_DEFINITIONS,
    layout: JS_LAYOUT,
  },
  typescript: {
    id: 'typescript',
    extensions: ['.ts', '.tsx', '.mts', '.cts'],
    grammars: ['typescript', 'tsx'],
    functionKinds: JS_FUNCTION_KINDS,
    kinds: JS_KINDS,
    definitions: JS_DEFINITIONS,
    layout: JS_LAYOUT,
  },
};

/** The path a code snippet of `language` is checked under (rule cases, fix snippets): it picks the grammar. */
export function snippetPath(language: LanguageId): string {
  return `case${LANGUAGES[language].extensions[0] as string}`;
}

/** Extension (with dot, lower-case) to language, with user overrides applied on top. */
export function extensionMap(overrides: Record<string, LanguageId> = {}): Map<string, LanguageId> {
  const map = new Map<string, LanguageId>();
  for (const info of Object.values(LANGUAGES)) for (const ext of info.extensions) map.set(ext, info.id);
  for (const [ext, lang] of Object.entries(overrides)) map.set(ext.toLowerCase(), lang);
  return map;
}

/** The grammar that parses a file of `language` at `path` (TSX files need the TSX grammar). */
export function grammarFor(language: LanguageId, path: string): GrammarId {
  if (language === 'typescript') return path.toLowerCase().endsWith('.tsx') ? 'tsx' : 'typescript';
  return language;
}

export function languageOfPath(path: string, map: Map<string, LanguageId>): LanguageId | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return undefined;
  return map.get(path.slice(dot).toLowerCase());
}

/** How often each function or method name is defined in `text`, by the language table's patterns. */
export function definedNames(text: string, language: LanguageId): Map<string, number> {
  const names = new Map<string, number>();
  const { definitions } = LANGUAGES[language];
  for (const pattern of [definitions.async, definitions.sync]) {
    for (const m of text.matchAll(pattern)) {
      const name = m.slice(1).find((group) => group !== undefined);
      if (name) names.set(name, (names.get(name) ?? 0) + 1);
    }
  }
  return names;
}
