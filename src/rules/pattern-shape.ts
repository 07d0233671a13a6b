/**
 * Learned packs hold many rules that differ only in a literal: `(call function: (identifier) @f)
 * (#eq? @f "load")`, the same with "save", and so on. tree-sitter's Node binding evaluates
 * predicates in JavaScript after the native match, so each such pattern returns (and marshals)
 * every call of the file, once per rule. A pattern's *shape* is its text with capture names
 * numbered in order of appearance and its `#eq? @capture "literal"` predicates taken out: patterns
 * of one shape are compiled once, and a match is dispatched to the rules by the literal (see
 * `rulesOfMatch`).
 */
export interface PatternShape {
  /** The pattern with captures renamed `@_0`, `@_1`... and positive string `#eq?` predicates removed. */
  shape: string;
  /** The rule's own capture name of each numbered capture (`names[k]` is `@_k`). */
  names: string[];
  /** The removed predicates: numbered capture and the literal it must equal. */
  literals: { capture: string; literal: string }[];
}

/** A tree-sitter query string literal's value (its escapes: `\n`, `\r`, `\t`, `\0`, else the character). */
export function unquote(literal: string): string {
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0' };
  return literal.slice(1, -1).replace(/\\(.)/gs, (_, c: string) => escapes[c] ?? c);
}

const STRING = /"(?:[^"\\]|\\.)*"/y;
const CAPTURE = /@([\w.-]+)/y;
const EQ = /\(#eq\?\s+@(_\d+)\s+("(?:[^"\\]|\\.)*")\s*\)/y;

/** The shape of one top-level pattern (comments already removed, as `topLevelPatterns` gives them). */
export function shapeOf(pattern: string): PatternShape {
  const names: string[] = [];
  const number = new Map<string, string>();
  let renamed = '';
  for (let i = 0; i < pattern.length; ) {
    STRING.lastIndex = i;
    CAPTURE.lastIndex = i;
    const string = STRING.exec(pattern);
    const capture = string ? null : CAPTURE.exec(pattern);
    if (string) {
      renamed += string[0];
      i += string[0].length;
    } else if (capture) {
      const name = capture[1] as string;
      let numbered = number.get(name);
      if (numbered === undefined) {
        numbered = `_${names.length}`;
        number.set(name, numbered);
        names.push(name);
      }
      renamed += `@${numbered}`;
      i += capture[0].length;
    } else if (/\s/.test(pattern[i] as string)) {
      // Layout does not change a pattern: runs of white space count as one space.
      while (i < pattern.length && /\s/.test(pattern[i] as string)) i++;
      renamed += ' ';
    } else {
      renamed += pattern[i];
      i++;
    }
  }
  const literals: PatternShape['literals'] = [];
  let shape = '';
  for (let i = 0; i < renamed.length; ) {
    STRING.lastIndex = i;
    const string = STRING.exec(renamed);
    if (string) {
      shape += string[0];
      i += string[0].length;
      continue;
    }
    EQ.lastIndex = i;
    const eq = EQ.exec(renamed);
    if (eq) {
      literals.push({ capture: eq[1] as string, literal: unquote(eq[2] as string) });
      i += eq[0].length;
      continue;
    }
    shape += renamed[i];
    i++;
  }
  return { shape: shape.trim(), names, literals };
}
