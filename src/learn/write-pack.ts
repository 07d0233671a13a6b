import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { writeAtomically } from '../files/write-atomically.js';
import type { LoadedRule, RuleSpec } from '../model.js';
import { compilePack } from '../rules/compile-pack.js';
import { probeRegexes, validatePack } from '../rules/probe-regexes.js';
import { validateRuleSpec } from '../rules/validate-spec.js';
import { hashOf } from '../shared/hash.js';

/** `<pack>/_pack.json`: what learn wrote, so it can tell its own files from a human's edits. */
interface PackState {
  version: 1;
  rules: Record<string, { file: string; hash: string; status: 'active' | 'retired' | 'dismissed' }>;
}

export interface PackChanges {
  promoted: string[];
  updated: string[];
  unchanged: string[];
  retired: string[];
  /** Rules a human edited or deleted: left as they are. */
  keptByHuman: string[];
  /** Rules not written because the folder would then hold their id or file twice, and why. */
  refused: { id: string; reason: string }[];
}

const STATE_FILE = '_pack.json';

function readState(dir: string): PackState {
  try {
    const state = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as PackState;
    if (state.version === 1 && state.rules && typeof state.rules === 'object') return state;
  } catch {
    // No state yet, or unreadable: start afresh (human files are still never overwritten below).
  }
  return { version: 1, rules: {} };
}

export function ruleFileName(id: string): string {
  return `${id.replace(/^learned\//, '').replace(/\//g, '-')}.json`;
}

export const serialiseRule = (spec: RuleSpec): string => `${JSON.stringify(spec, null, 2)}\n`;

const byId = (a: RuleSpec, b: RuleSpec): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The rules check will load, and the others with the reason check would give: each rule is read
 * back from the bytes `writePack` writes and validated as `loadRuleDir` validates a file; its id
 * must be a learned one (`learned/...`) used by no other rule, curated or learned, and its file
 * name (compared without case) by no other learned rule; then everything is compiled next to the
 * curated pack and validated as check validates a pack (`validatePack`: merged queries per grammar,
 * helper queries, the regex probe). Deterministic: rules are taken in id order, the first keeps a
 * contested id.
 */
export function checkableRules(specs: RuleSpec[], curated: LoadedRule[] = []): { specs: RuleSpec[]; refused: { id: string; reason: string }[] } {
  const refused: { id: string; reason: string }[] = [];
  const owners = new Map(curated.map((rule) => [rule.spec.id, rule.file]));
  const files = new Map<string, string>();
  let rules: { spec: RuleSpec; loaded: LoadedRule }[] = [];
  for (const spec of [...specs].sort(byId)) {
    const file = ruleFileName(spec.id);
    const owner = owners.get(spec.id);
    if (!spec.id.startsWith('learned/')) refused.push({ id: spec.id, reason: 'a learned rule id must start with "learned/"' });
    else if (owner !== undefined) refused.push({ id: spec.id, reason: `the id is already defined in ${owner}` });
    else if (files.has(file.toLowerCase())) refused.push({ id: spec.id, reason: `its file ${file} is already written for ${files.get(file.toLowerCase())}` });
    else {
      try {
        const loaded = { spec: validateRuleSpec(JSON.parse(serialiseRule(spec)), file), file };
        compilePack([loaded], { eager: false }); // capture references
        rules.push({ spec, loaded });
        owners.set(spec.id, file);
        files.set(file.toLowerCase(), spec.id);
      } catch (error) {
        refused.push({ id: spec.id, reason: reasonOf(error) });
      }
    }
  }
  let valid = true;
  try {
    validatePack(compilePack([...curated, ...rules.map((r) => r.loaded)], { eager: false }));
  } catch {
    valid = false;
  }
  if (!valid) {
    // Find the culprits: each rule's queries alone, then the probe (which names the rule whose
    // regex it stopped at).
    const refuse = (rule: (typeof rules)[number], error: unknown): void => {
      refused.push({ id: rule.spec.id, reason: reasonOf(error) });
      rules = rules.filter((r) => r !== rule);
    };
    for (const rule of [...rules]) {
      try {
        compilePack([rule.loaded], { eager: false }).validate();
      } catch (error) {
        refuse(rule, error);
      }
    }
    for (;;) {
      try {
        probeRegexes(rules.map((r) => r.loaded));
        break;
      } catch (error) {
        const culprit = rules.find((r) => reasonOf(error).startsWith(`${r.loaded.file}: `));
        if (!culprit) break;
        refuse(culprit, error);
      }
    }
    // What can still fail is compiling the rules together (rare: each compiles alone), found by
    // adding them one by one (the probe is not run again: it has had its say).
    const compiles = (list: typeof rules): void => compilePack([...curated, ...list.map((r) => r.loaded)], { eager: false }).validate();
    try {
      compiles(rules);
    } catch {
      const kept: typeof rules = [];
      for (const rule of rules) {
        try {
          compiles([...kept, rule]);
          kept.push(rule);
        } catch (error) {
          refused.push({ id: rule.spec.id, reason: reasonOf(error) });
        }
      }
      rules = kept;
    }
  }
  return { specs: rules.map((r) => r.spec), refused: refused.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}

/** Rule files below `dir` as `loadRuleDir` finds them (`*.json`, recursively, not `_*` or `*.schema.json`), relative to `dir`. */
function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json') && !entry.name.endsWith('.schema.json') && !entry.name.startsWith('_')) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The id a rule file declares, if it can be read as JSON with a string id. */
function declaredId(path: string): string | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as { id?: unknown };
    return typeof value?.id === 'string' ? value.id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the promoted rules into `dir` and retires the ones no longer promoted, deterministically
 * (same input, same bytes). A rule file whose content no longer matches what learn wrote was
 * edited by a human and is left alone; one that learn wrote and a human deleted stays deleted.
 */
export function writePack(dir: string, specs: RuleSpec[]): PackChanges {
  mkdirSync(dir, { recursive: true });
  const state = readState(dir);
  const changes: PackChanges = { promoted: [], updated: [], unchanged: [], retired: [], keptByHuman: [], refused: [] };
  // Files learn does not own (added by hand, or learn's but edited by hand) stay, and so do their
  // ids: a rule with one of those ids in another file would be defined twice.
  const foreign = new Map<string, string>();
  for (const file of ruleFiles(dir)) {
    const hash = hashOf(readFileSync(join(dir, file), 'utf8'));
    if (Object.values(state.rules).some((entry) => entry.file === file && entry.hash === hash)) continue;
    const id = declaredId(join(dir, file));
    if (id !== undefined && !foreign.has(id)) foreign.set(id, file);
  }
  const files = new Map<string, string>();
  const written: RuleSpec[] = [];
  for (const spec of [...specs].sort(byId)) {
    const file = ruleFileName(spec.id);
    const other = foreign.get(spec.id);
    const sharing = files.get(file.toLowerCase());
    if (written.some((s) => s.id === spec.id)) changes.refused.push({ id: spec.id, reason: 'given twice' });
    else if (sharing !== undefined) changes.refused.push({ id: spec.id, reason: `its file ${file} is already written for ${sharing}` });
    else if (other !== undefined && other !== file) changes.refused.push({ id: spec.id, reason: `the id is already defined in ${other}, which learn did not write or which was edited by hand` });
    else {
      files.set(file.toLowerCase(), spec.id);
      written.push(spec);
    }
  }
  const promotedIds = new Set(written.map((s) => s.id));
  for (const spec of written) {
    const file = ruleFileName(spec.id);
    const path = join(dir, file);
    const text = serialiseRule(spec);
    const known = state.rules[spec.id];
    const onDisk = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (known?.status === 'dismissed' || (known?.status === 'active' && onDisk === undefined)) {
      state.rules[spec.id] = { ...known, status: 'dismissed' };
      changes.keptByHuman.push(spec.id);
      continue;
    }
    // Bytes learn wrote to this file, for this id or for one whose file it was, are learn's to replace.
    const ours = onDisk !== undefined && Object.values(state.rules).some((entry) => entry.file === file && entry.hash === hashOf(onDisk));
    if (onDisk !== undefined && !ours) {
      changes.keptByHuman.push(spec.id);
      continue;
    }
    if (onDisk === text) changes.unchanged.push(spec.id);
    else {
      writeAtomically(path, text);
      (known?.status === 'active' ? changes.updated : changes.promoted).push(spec.id);
    }
    state.rules[spec.id] = { file, hash: hashOf(text), status: 'active' };
  }
  for (const [id, entry] of Object.entries(state.rules)) {
    if (promotedIds.has(id) || entry.status !== 'active') continue;
    const path = join(dir, entry.file);
    if (files.has(entry.file.toLowerCase())) {
      // Its file now belongs to a promoted rule (written above): retired, and that file stays.
      entry.status = 'retired';
      changes.retired.push(id);
      continue;
    }
    const onDisk = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (onDisk !== undefined && hashOf(onDisk) !== entry.hash) {
      changes.keptByHuman.push(id);
      continue;
    }
    if (onDisk !== undefined) rmSync(path);
    entry.status = onDisk === undefined ? 'dismissed' : 'retired';
    if (entry.status === 'retired') changes.retired.push(id);
  }
  const sorted: PackState = { version: 1, rules: Object.fromEntries(Object.entries(state.rules).sort(([a], [b]) => (a < b ? -1 : 1))) };
  writeAtomically(join(dir, STATE_FILE), `${JSON.stringify(sorted, null, 2)}\n`);
  return changes;
}
