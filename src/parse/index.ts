export { compileQuery, parseText, probeRuntime, releaseSyntaxTrees } from './parser.js';
export type { NativeQuery, QueryMatch, SyntaxNode, SyntaxTree } from './parser.js';
export { LANGUAGES, definedNames, extensionMap, grammarFor, languageOfPath, snippetPath } from './languages.js';
export type { GrammarId, LanguageInfo } from './languages.js';
