import { unquote } from './pattern-shape.js';

/**
 * Necessary literals of a query: for each top-level pattern, groups of strings of which at least
 * one must occur in a file's text for the pattern to match (`#eq? @x "lit"` gives a group of one,
 * `#any-of? @x "a" "b"` a group of many). Only predicates outside `[...]` alternations count, so the
 * result is conservative: when it says a rule cannot match, it cannot. Compiling and running a
 * query costs about 0.7 ms per pattern, which dominates a pre-commit run; rules whose literals
 * appear in none of the files are never compiled.
 */
export type Prefilter = string[][][];

/** Splits a query into its top-level patterns, with comments removed and alternation depth known. */
export function topLevelPatterns(query: string): { text: string; bracketFree: string }[] {
  const patterns: { text: string; bracketFree: string }[] = [];
  let depth = 0;
  let brackets = 0;
  let current = '';
  let bracketFree = '';
  for (let i = 0; i < query.length; i++) {
    const c = query[i] as string;
    if (c === ';') {
      while (i < query.length && query[i] !== '\n') i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < query.length && query[j] !== '"') j += query[j] === '\\' ? 2 : 1;
      const literal = query.slice(i, j + 1);
      current += literal;
      if (brackets === 0) bracketFree += literal;
      i = j;
      continue;
    }
    if (c === '(' || c === '[') depth++;
    if (c === '[') brackets++;
    if (brackets === 0) bracketFree += c;
    current += c;
    if (c === ']') brackets--;
    if (c === ')' || c === ']') {
      depth--;
      if (depth === 0) {
        // Captures and quantifiers after the closing paren belong to this pattern.
        const tail = /^(\s*(?:[?*+]|@[\w.-]+))*/.exec(query.slice(i + 1))?.[0] ?? '';
        current += tail;
        i += tail.length;
        patterns.push({ text: current, bracketFree });
        current = '';
        bracketFree = '';
      }
    }
  }
  return patterns;
}

export function queryPrefilter(query: string): Prefilter {
  return topLevelPatterns(query).map(({ bracketFree }) => {
    const groups: string[][] = [];
    for (const m of bracketFree.matchAll(/\(#(eq|any-of)\?\s+@[\w.-]+((?:\s+"(?:[^"\\]|\\.)*")+)\s*\)/g)) {
      const literals = [...(m[2] as string).matchAll(/"(?:[^"\\]|\\.)*"/g)].map((l) => unquote(l[0])).filter((l) => l.length > 0);
      if (m[1] === 'eq' && literals.length !== 1) continue;
      if (literals.length) groups.push(literals);
    }
    return groups;
  });
}

/** Whether `text` contains enough literals for some pattern of the query to match. */
export function mayMatch(prefilter: Prefilter, text: string): boolean {
  if (prefilter.length === 0) return true;
  return prefilter.some((groups) => groups.every((group) => group.some((literal) => text.includes(literal))));
}
