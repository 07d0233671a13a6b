// A pack of N rules for the scaling benchmark (issue 16), made from real rule files: the rules of
// the given folders as they are (e.g. packs `learn` wrote for the development repositories), then
// variants of them whose quoted names carry a suffix (`"commit"` -> `"commit_v2"`): rules about other
// APIs of the same shapes, as a large learned pack has, most of which a given change never mentions.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function ruleFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...ruleFiles(path));
    else if (name.endsWith('.json') && !name.startsWith('_')) out.push(path);
  }
  return out;
}

/** `count` rule specs (plain objects, unique ids) from the rule files under `dirs`, Python only. */
export function bigPack(dirs, count) {
  const base = [];
  const ids = new Set();
  for (const dir of dirs) {
    for (const file of ruleFiles(dir)) {
      const spec = JSON.parse(readFileSync(file, 'utf8'));
      const languages = Array.isArray(spec.language) ? spec.language : [spec.language];
      // The same learned rule in two packs (a convention both repositories follow) counts once.
      if (languages.includes('python') && typeof spec.query === 'string' && !ids.has(spec.id)) {
        ids.add(spec.id);
        base.push(spec);
      }
    }
  }
  if (base.length === 0) throw new Error(`no Python rules under ${dirs.join(', ')}`);
  const out = [];
  for (let round = 0; out.length < count; round++) {
    for (const spec of base) {
      if (out.length >= count) break;
      const copy = JSON.parse(JSON.stringify(spec));
      copy.id = `bench/r${round}-${spec.id.replace(/[^a-z0-9-]+/g, '-')}`;
      copy.language = 'python';
      copy.severity = 'warning';
      if (round > 0) {
        // Every name the query's predicates compare with is another API (node types stay).
        copy.query = copy.query.replace(/\(#(?:eq|not-eq|any-of|not-any-of)\?[^)]*\)/g, (predicate) => predicate.replace(/"([A-Za-z_]\w*)"/g, (_, name) => `"${name}_v${round}"`));
        delete copy.fix;
      }
      out.push(copy);
    }
  }
  return out;
}
