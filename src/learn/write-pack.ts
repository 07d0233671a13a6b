import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleSpec } from '../model.js';
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
}

const STATE_FILE = '_pack.json';

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

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

/**
 * Writes the promoted rules into `dir` and retires the ones no longer promoted, deterministically
 * (same input, same bytes). A rule file whose content no longer matches what learn wrote was
 * edited by a human and is left alone; one that learn wrote and a human deleted stays deleted.
 */
export function writePack(dir: string, specs: RuleSpec[]): PackChanges {
  mkdirSync(dir, { recursive: true });
  const state = readState(dir);
  const changes: PackChanges = { promoted: [], updated: [], unchanged: [], retired: [], keptByHuman: [] };
  const promotedIds = new Set(specs.map((s) => s.id));
  for (const spec of [...specs].sort((a, b) => (a.id < b.id ? -1 : 1))) {
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
    if (onDisk !== undefined && (!known || hashOf(onDisk) !== known.hash)) {
      changes.keptByHuman.push(spec.id);
      continue;
    }
    if (onDisk === text) changes.unchanged.push(spec.id);
    else {
      writeAtomic(path, text);
      (known?.status === 'active' ? changes.updated : changes.promoted).push(spec.id);
    }
    state.rules[spec.id] = { file, hash: hashOf(text), status: 'active' };
  }
  for (const [id, entry] of Object.entries(state.rules)) {
    if (promotedIds.has(id) || entry.status !== 'active') continue;
    const path = join(dir, entry.file);
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
  writeAtomic(join(dir, STATE_FILE), `${JSON.stringify(sorted, null, 2)}\n`);
  return changes;
}
