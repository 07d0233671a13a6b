import type { LanguageId } from '../model.js';

// Strings and comments are blanked before looking for names: `"await"` in a log message or a
// `# rollback later` comment is not a use of the API.
const PYTHON_NOISE = /(?:\b[rRbBuUfF]{1,2})?(?:"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')|#[^\n]*/g;
const JS_NOISE = /`(?:\\[\s\S]|[^`\\])*`|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g;

/** `code` with string literals and comments replaced by a space. */
export function stripNoise(code: string, language: LanguageId): string {
  return code.replace(language === 'python' ? PYTHON_NOISE : JS_NOISE, ' ');
}

/** The names and keywords of `code` (two characters or more), in order, repeated as they occur. */
export function codeTokens(code: string, language: LanguageId): string[] {
  return stripNoise(code, language).match(/[A-Za-z_$][\w$]+/g) ?? [];
}

/** How often `token` occurs as a whole word in the code of `code` (not in strings or comments). */
export function countToken(code: string, token: string, language: LanguageId): number {
  let count = 0;
  for (const t of codeTokens(code, language)) if (t === token) count++;
  return count;
}

/**
 * The tokens of `code` used as an API: a keyword, a called or referenced name, an attribute; not a
 * receiver (`db` and `session` in `db.session.rollback()`) nor an assignment target (`x = ...`),
 * which a fix may add without them being what the fix is about.
 */
export function apiTokens(code: string, language: LanguageId): string[] {
  const plain = stripNoise(code, language);
  const out: string[] = [];
  for (const m of plain.matchAll(/[A-Za-z_$][\w$]+/g)) {
    const rest = plain.slice((m.index as number) + m[0].length).trimStart();
    if (rest.startsWith('.') || /^=(?!=)/.test(rest) || m[0] === 'self' || m[0] === 'this') continue;
    out.push(m[0]);
  }
  return out;
}
