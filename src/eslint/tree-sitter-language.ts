import type { ESLint } from 'eslint';
import type { LanguageId } from '../model.js';
import { programNode, TreeSitterSourceCode, type ProgramNode } from './tree-sitter-source-code.js';

/** ESLint's language contract (`@eslint/core`'s `Language`), reached through the plugin type. */
export type EslintLanguage = NonNullable<ESLint.Plugin['languages']>[string];

/**
 * An ESLint language (`languages: { python }` in the plugin, `language: 'attractor/python'` in a
 * config block) for a language our tree-sitter engine checks, so one `eslint` run covers `.py`
 * files too. It is deliberately thin: `parse` never fails and yields one `Program` node, because
 * the attractor rules query the text with tree-sitter themselves; a file with syntax errors is
 * checked partly, as the CLI does (nothing inside an ERROR region is reported), instead of being
 * a fatal parsing error. Positions use ESLint's JavaScript convention (1-based lines, 0-based
 * columns) so one rule reports the same way in every language.
 */
export function treeSitterLanguage(language: LanguageId): EslintLanguage {
  return {
    fileType: 'text',
    lineStart: 1,
    columnStart: 0,
    nodeTypeKey: 'type',
    visitorKeys: { Program: [] },
    defaultLanguageOptions: {},
    validateLanguageOptions(options: Record<string, unknown>): void {
      const [key] = Object.keys(options);
      if (key !== undefined) throw new TypeError(`Key "${key}": the attractor/${language} language takes no languageOptions.`);
    },
    parse(file) {
      const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
      return { ok: true, ast: programNode(text, language) };
    },
    createSourceCode(file, result) {
      const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
      return new TreeSitterSourceCode({ text, language, hasBOM: file.bom, ast: result.ast as ProgramNode });
    },
  };
}
