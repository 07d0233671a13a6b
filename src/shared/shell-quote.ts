/** Quotes a word for POSIX sh: single quotes, with embedded ones closed, escaped and reopened. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
