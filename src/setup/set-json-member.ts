/** The index of the `}` closing the object that opens at `open`, skipping strings. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Adds `"key": value` as the last member of the object opening at `open`, in the object's layout. */
function appendMember(text: string, open: number, key: string, value: (indent: string) => string): string | undefined {
  const close = closingBrace(text, open);
  if (close < 0) return undefined;
  const inside = text.slice(open + 1, close);
  let last = close - 1;
  while (last > open && /\s/.test(text[last] as string)) last--;
  const lineStart = text.lastIndexOf('\n', last) + 1;
  if (!inside.includes('\n')) {
    const member = `${JSON.stringify(key)}: ${value('')}`;
    return last === open ? `${text.slice(0, open + 1)}${member}${text.slice(close)}` : `${text.slice(0, last + 1)}, ${member}${text.slice(last + 1)}`;
  }
  if (last === open) return undefined;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  return `${text.slice(0, last + 1)},\n${indent}${JSON.stringify(key)}: ${value(indent)}${text.slice(last + 1)}`;
}

/** The first `"key": ` at depth one of the object opening at `open`, as the index just after it. */
function memberValueStart(text: string, open: number, key: string): number | undefined {
  const close = closingBrace(text, open);
  let depth = 0;
  for (let i = open; i < close; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < close && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (depth !== 1) continue;
      const after = /^\s*:\s*/.exec(text.slice(i + 1));
      if (after && JSON.parse(text.slice(start, i + 1)) === key) return i + 1 + after[0].length;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return undefined;
}

type Json = Record<string, unknown>;

/** Sets `data[key] = value` (a string) in the object opening at `open`, or undefined when that is not a plain edit. */
function setMemberText(text: string, open: number, key: string, value: string, current: unknown): string | undefined {
  const valueAt = memberValueStart(text, open, key);
  if (valueAt === undefined) return appendMember(text, open, key, () => JSON.stringify(value));
  if (typeof current !== 'string') return undefined;
  const end = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(valueAt))?.[0].length ?? 0;
  return `${text.slice(0, valueAt)}${JSON.stringify(value)}${text.slice(valueAt + end)}`;
}

/**
 * `text` (a JSON object such as package.json) with the string `value` set at `keys` (one key, or a
 * section and a key: `["scripts", "prepare"]`), changing only the characters needed and keeping the
 * file's layout. The result is checked by parsing it; when the minimal edit does not give exactly
 * the expected object, the file is rewritten with its indentation.
 */
export function setJsonMember(text: string, keys: [string] | [string, string], value: string): string {
  const data = JSON.parse(text) as Json;
  const expected = JSON.parse(text) as Json;
  const [first, second] = keys;
  const top = text.indexOf('{');
  let edited: string | undefined;
  if (second === undefined) {
    expected[first] = value;
    edited = setMemberText(text, top, first, value, data[first]);
  } else {
    const current = data[first];
    const section = (current && typeof current === 'object' && !Array.isArray(current) ? expected[first] : {}) as Json;
    section[second] = value;
    expected[first] = section;
    const sectionAt = memberValueStart(text, top, first);
    if (sectionAt === undefined) {
      const unit = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
      edited = appendMember(text, top, first, (indent) => `{\n${indent}${unit}${JSON.stringify(second)}: ${JSON.stringify(value)}\n${indent}}`);
    } else if (text[sectionAt] === '{') {
      edited = setMemberText(text, sectionAt, second, value, (current as Json)[second]);
    }
  }
  if (edited !== undefined) {
    try {
      if (JSON.stringify(JSON.parse(edited)) === JSON.stringify(expected)) return edited;
    } catch {
      // fall through to a rewrite
    }
  }
  const indent = /\n(\t|[ ]+)"/.exec(text)?.[1] ?? 2;
  return `${JSON.stringify(expected, null, indent)}\n`;
}
