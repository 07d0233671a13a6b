const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Longest line we parse; longer ones mean minified or generated code. */
export const MAX_LINE_LENGTH = 20_000;

/** Turns file bytes into text, or says why the file is not checked. */
export function decodeSource(bytes: Buffer, maxSize: number): { text: string } | { skip: string } {
  if (bytes.length > maxSize) return { skip: `larger than ${maxSize} bytes (maxFileSize)` };
  if (bytes.subarray(0, 8000).includes(0)) return { skip: 'binary file (contains NUL bytes)' };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { skip: 'not valid UTF-8' };
  }
  if (text.includes('\0')) return { skip: 'binary file (contains NUL bytes)' };
  if (hasLongLine(text)) return { skip: `a line is longer than ${MAX_LINE_LENGTH} characters (minified or generated)` };
  return { text };
}

/**
 * Whether a line (without its newline) is longer than MAX_LINE_LENGTH. Rather than visiting every
 * line, it looks for the last newline within reach of the current line's start: none means that
 * line is too long; else every line up to that newline is short enough, and the next one starts
 * after it.
 */
export function hasLongLine(text: string): boolean {
  let lineStart = 0;
  while (text.length - lineStart > MAX_LINE_LENGTH) {
    const newline = text.lastIndexOf('\n', lineStart + MAX_LINE_LENGTH);
    if (newline < lineStart) return true;
    lineStart = newline + 1;
  }
  return false;
}
