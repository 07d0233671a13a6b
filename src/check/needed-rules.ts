import type { LanguageId } from '../model.js';
import type { CompiledPack } from '../rules/compile-pack.js';
import type { Prefilter } from '../rules/prefilter.js';

/**
 * `mayMatch` of rules/prefilter.ts with the literal searches shared: the rules of a pack repeat
 * many literals ("get", "run", "self"...), and every search that fails scans the whole text.
 * It must decide exactly as `mayMatch` does (test/unit/needed-rules.test.ts compares them).
 */
function passes(prefilter: Prefilter, has: (literal: string) => boolean): boolean {
  if (prefilter.length === 0) return true;
  return prefilter.some((groups) => groups.every((group) => group.some(has)));
}

/** Indices of the rules of `language` that `text` could trigger (see rules/prefilter.ts). */
export function neededRules(pack: CompiledPack, language: LanguageId, text: string): Set<number> {
  const found = new Map<string, boolean>();
  const has = (literal: string): boolean => {
    let hit = found.get(literal);
    if (hit === undefined) {
      hit = text.includes(literal);
      found.set(literal, hit);
    }
    return hit;
  };
  const needed = new Set<number>();
  for (const rule of pack.rules) if (rule.languages.includes(language) && passes(rule.prefilter, has)) needed.add(rule.index);
  return needed;
}
