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
  let lineStart = 0;
  for (;;) {
    const end = text.indexOf('\n', lineStart);
    const stop = end < 0 ? text.length : end;
    if (stop - lineStart > MAX_LINE_LENGTH) return { skip: `a line is longer than ${MAX_LINE_LENGTH} characters (minified or generated)` };
    if (end < 0) break;
    lineStart = end + 1;
  }
  return { text };
}
