export { compileQuery, parseText, probeRuntime } from './parser.js';
export type { NativeQuery, QueryMatch, SyntaxNode, SyntaxTree } from './parser.js';
export { LANGUAGES, definedNames, extensionMap, grammarFor, languageOfPath } from './languages.js';
export type { GrammarId, LanguageInfo } from './languages.js';
