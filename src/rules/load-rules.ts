import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedRule } from '../model.js';
import { AttractorError, describeProblem } from '../shared/errors.js';
import { validateRuleSpec } from './validate-spec.js';

/** The curated starter pack shipped with the package. */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

/** Labels rule files for messages: `<builtin>/python/x.json` for the curated pack, else relative to `cwd`. */
export function ruleFileLabel(cwd: string): (file: string) => string {
  return (file) => (file.startsWith(BUILTIN_RULES_DIR) ? `<builtin>/${file.slice(BUILTIN_RULES_DIR.length)}` : relative(cwd, file) || file);
}

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json') && !entry.name.endsWith('.schema.json') && !entry.name.startsWith('_')) out.push(full);
    }
  };
  walk(dir);
  return out;
}

function parseJson(text: string, file: string): unknown {
  try {
    // Editors on Windows may save a UTF-8 byte order mark; it is not part of the JSON.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message.replace(/^JSON\.parse: /, '').split('\n')[0];
    throw new AttractorError('bad-rule', describeProblem(file, undefined, `not valid JSON (${message})`));
  }
}

/**
 * Reads and validates every rule file below `dir` (`*.json`, recursively, skipping `*.schema.json`).
 * `label` turns absolute paths into the short names used in messages.
 */
export function loadRuleDir(dir: string, options: { required: boolean; label?: (file: string) => string; known?: Map<string, { stamp: string; rule: LoadedRule }> }): LoadedRule[] {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    if (options.required) throw new AttractorError('bad-rule', `${options.label?.(dir) ?? dir}: rules folder not found`);
    return [];
  }
  const label = options.label ?? ((file: string) => relative(process.cwd(), file) || file);
  return jsonFiles(dir).map((file) => {
    const name = label(file);
    // A long-lived process (the check server) keeps what it read, by the file's size and time.
    let stamp = '';
    if (options.known) {
      try {
        const stat = statSync(file);
        stamp = `${name}\u0000${stat.size}:${stat.mtimeMs}:${stat.ino}`;
      } catch {
        stamp = '';
      }
      const seen = options.known.get(file);
      if (stamp && seen?.stamp === stamp) return seen.rule;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new AttractorError('bad-rule', describeProblem(name, undefined, `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`));
    }
    const rule = { spec: validateRuleSpec(parseJson(text, name), name), file: name };
    if (options.known && stamp) options.known.set(file, { stamp, rule });
    return rule;
  });
}
