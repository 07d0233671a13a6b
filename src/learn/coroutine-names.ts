import type { LanguageId } from '../model.js';
import { LANGUAGES } from '../parse/index.js';

/**
 * The repository's own coroutines per language: names defined `async` somewhere and never
 * without it (a name defined both ways is ambiguous and left out). A text scan through the
 * language table's patterns: cheap, and a miss only makes a rule narrower.
 */
export function coroutineNames(files: Iterable<{ text: string; language: LanguageId }>): Map<LanguageId, Set<string>> {
  const asyncNames = new Map<LanguageId, Set<string>>();
  const syncNames = new Map<LanguageId, Set<string>>();
  const collect = (into: Map<LanguageId, Set<string>>, language: LanguageId, pattern: RegExp, text: string): void => {
    const names = into.get(language) ?? new Set<string>();
    for (const m of text.matchAll(pattern)) {
      const name = m.slice(1).find((group) => group !== undefined);
      if (name) names.add(name);
    }
    into.set(language, names);
  };
  for (const { text, language } of files) {
    collect(asyncNames, language, LANGUAGES[language].definitions.async, text);
    collect(syncNames, language, LANGUAGES[language].definitions.sync, text);
  }
  for (const [language, names] of asyncNames) for (const name of syncNames.get(language) ?? []) names.delete(name);
  return asyncNames;
}
