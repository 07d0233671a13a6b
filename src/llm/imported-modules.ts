import type { LanguageId } from '../model.js';
import { stripNoise } from './code-tokens.js';

const PY_IMPORT = /^[ \t]*import[ \t]+([^\n#;]+)/gm;
const PY_FROM = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import\b/gm;
const PY_DYNAMIC = /\b(?:__import__|import_module)\(\s*(['"])([\w.]+)\1/g;
const JS_STATIC = /(?:^|[;\n])[ \t]*(?:import|export)\b[^'"`;]*?\bfrom[ \t]*(['"])([^'"\n]+)\1|(?:^|[;\n])[ \t]*import[ \t]*(['"])([^'"\n]+)\3/g;
const JS_CALL = /\b(?:require|import)[ \t]*\([ \t]*(['"`])([^'"`\n]+)\1[ \t]*\)/g;

/**
 * A JavaScript specifier as a package: `node:fs/promises` -> `fs/promises` is kept whole (the
 * built-ins' sub-paths differ), `@scope/pkg/sub` -> `@scope/pkg`, `react-dom/client` -> `react-dom`;
 * relative specifiers stay as written.
 */
function jsPackage(specifier: string): string {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return specifier;
  const bare = specifier.replace(/^node:/, '');
  if (bare === 'fs/promises' || bare === 'dns/promises' || bare === 'timers/promises' || bare === 'stream/promises') return bare;
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/**
 * The modules `code` imports: Python `import a.b`, `from a.b import c`, `__import__('a')`,
 * `importlib.import_module('a')`; JavaScript `import ... from 'x'`, `import 'x'`, `export ... from`,
 * `require('x')` and `import('x')`, as package names. Strings and comments are not looked at, except
 * for the specifiers themselves.
 */
export function importedModules(code: string, language: LanguageId): string[] {
  const found = new Set<string>();
  if (language === 'python') {
    // Blank strings and comments first, so `"import os"` in a docstring is no import.
    const plain = stripNoise(code, 'python');
    for (const m of plain.matchAll(PY_IMPORT)) {
      for (const part of (m[1] as string).split(',')) {
        const name = part.trim().split(/\s+/)[0];
        if (name && /^[\w.]+$/.test(name)) found.add(name);
      }
    }
    for (const m of plain.matchAll(PY_FROM)) if (m[1]) found.add(m[1]);
    for (const m of code.matchAll(PY_DYNAMIC)) found.add(m[2] as string);
    return [...found];
  }
  for (const m of code.matchAll(JS_STATIC)) found.add(jsPackage((m[2] ?? m[4]) as string));
  for (const m of code.matchAll(JS_CALL)) found.add(jsPackage(m[2] as string));
  return [...found];
}

/**
 * Whether `module` is covered by what the file imports. In Python a submodule of an imported
 * package counts (`os.path` when the file has `import os`) and so does its parent package
 * (`from sqlalchemy import exc` when the file has `from sqlalchemy.orm import Session`): the
 * dependency is there either way.
 */
export function isImported(module: string, fileModules: string[], language: LanguageId): boolean {
  if (fileModules.includes(module)) return true;
  if (language !== 'python' || module.startsWith('.')) return false;
  const top = module.split('.')[0];
  return fileModules.some((m) => !m.startsWith('.') && m.split('.')[0] === top);
}
