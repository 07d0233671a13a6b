/**
 * The rule the fixing and reliability tests share: `old(...)` was renamed to `new(...)`, an error
 * with a safe template fix, so every test knows exactly what the intended fix of a file is.
 */
export function renameRule(options: { languages?: string[]; message?: string } = {}): Record<string, unknown> {
  const multi = options.languages && options.languages.length > 1;
  return {
    id: 'renamed-api',
    language: multi ? options.languages : (options.languages?.[0] ?? 'python'),
    severity: 'error',
    message: options.message ?? '`old()` was renamed to `new()`',
    // `_` for the call node: `call` in Python, `call_expression` in JavaScript and TypeScript.
    query: `((${multi ? '_' : 'call'} function: (identifier) @fn) @match (#eq? @fn "old"))`,
    fix: { target: 'fn', template: 'new', safety: 'safe' },
    provenance: { origin: 'curated' },
    cases: { invalid: [{ code: 'old(1)\n', output: 'new(1)\n' }], valid: ['new(1)\n'] },
  };
}
