/**
 * Whether a regular expression can backtrack catastrophically. JavaScript regexes cannot be
 * interrupted, so a rule with one could hang a commit: it is refused when the pack loads.
 *
 * The shape caught is the classic one: a group repeated without bound (`+`, `*`, `{n,}`) in which
 * some alternative is made only of optional or repeated parts, at least one of them unbounded:
 * `(a+)+`, `(\w+\s?)*`, `([a-z]+)*@`. The repetitions can then split the same text in
 * exponentially many ways. A group where every alternative has a mandatory part, such as
 * `(?:[\w.]+\s*,\s*)*`, is accepted. It is a heuristic on the pattern's text; it misses rarer
 * shapes (`(\w+\d)+`, overlapping alternatives such as `(a|aa)+`): rule authors still own their
 * regexes, this only stops the common mistake.
 */
export function superLinearReason(pattern: string): string | undefined {
  const found = scan(pattern, 0);
  return found ? `nested quantifier in "${found}" can take exponential time` : undefined;
}

interface Atom {
  text: string;
  quantifier: string;
  /** For groups: the source of the group's body. */
  body?: string;
}

/** Splits a sequence into atoms (escapes, classes, groups, characters) with their quantifiers. */
function atoms(source: string): Atom[][] {
  const branches: Atom[][] = [[]];
  for (let i = 0; i < source.length; ) {
    const c = source[i] as string;
    let end = i + 1;
    let body: string | undefined;
    if (c === '|') {
      branches.push([]);
      i++;
      continue;
    }
    if (c === '\\') end = i + 2;
    else if (c === '[') {
      end = i + 1;
      if (source[end] === '^') end++;
      if (source[end] === ']') end++;
      while (end < source.length && source[end] !== ']') end += source[end] === '\\' ? 2 : 1;
      end++;
    } else if (c === '(') {
      let depth = 0;
      for (end = i; end < source.length; end++) {
        const d = source[end];
        if (d === '\\') end++;
        else if (d === '[') {
          end++;
          while (end < source.length && source[end] !== ']') end += source[end] === '\\' ? 2 : 1;
        } else if (d === '(') depth++;
        else if (d === ')' && --depth === 0) break;
      }
      end++;
      body = source.slice(i + 1, end - 1).replace(/^\?(?:[:=!]|<[=!]|<\w+>)/, '');
    }
    const q = /^(?:[*+?]|\{\d*(?:,\d*)?\})\??/.exec(source.slice(end))?.[0] ?? '';
    (branches[branches.length - 1] as Atom[]).push({ text: source.slice(i, end + q.length), quantifier: q, ...(body !== undefined ? { body } : {}) });
    i = end + q.length;
  }
  return branches;
}

const unbounded = (q: string): boolean => /^[*+]|^\{\d*,\}/.test(q);
const optional = (q: string): boolean => q !== '' && !/^\+|^\{[1-9]/.test(q);

/** Whether an atom can match in more than one length: repeated or optional, or a group with such a branch. */
function variable(atom: Atom): boolean {
  return atom.quantifier !== '' || (atom.body !== undefined && atoms(atom.body).some((branch) => branch.some(variable)));
}

/** The first catastrophic group in `source`, or undefined. */
function scan(source: string, depth: number): string | undefined {
  if (depth > 20) return undefined;
  for (const branch of atoms(source)) {
    for (const atom of branch) {
      if (atom.body === undefined) continue;
      if (unbounded(atom.quantifier)) {
        // Some alternative of the repeated group is only optional or repeated parts.
        const loose = atoms(atom.body).some((alt) => alt.length > 0 && alt.every((a) => optional(a.quantifier))) || atoms(atom.body).some((alt) => alt.length > 0 && alt.every((a) => optional(a.quantifier) || (a.quantifier !== '' && variable(a)) || (a.body !== undefined && a.quantifier === '' && atoms(a.body).some((inner) => inner.every(variable)))) && alt.some((a) => unbounded(a.quantifier) || (a.body !== undefined && variable(a))));
        if (loose) return atom.text;
      }
      const inner = scan(atom.body, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The regex arguments of `#match?` / `#not-match?` predicates in a query. */
export function queryRegexes(query: string): string[] {
  const out: string[] = [];
  for (const m of query.matchAll(/#(?:not-)?match\?\s+@[\w.-]+\s+"((?:[^"\\]|\\.)*)"/g)) out.push((m[1] as string).replace(/\\(.)/g, '$1'));
  return out;
}
