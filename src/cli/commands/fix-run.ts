import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeSource } from '../../files/decode.js';
import { replaceFile } from '../../files/replace-file.js';
import type { SourceFile } from '../../files/source-file.js';
import { fixText, type FindingFix, type FixType, type ModelPatcher } from '../../fix/fix-text.js';
import { unifiedDiff } from '../../fix/unified-diff.js';
import { applyStagedFixes, staleBackups, type StagedChange } from '../../hook/apply-staged-fixes.js';
import type { Finding } from '../../model.js';
import { LANGUAGES } from '../../parse/index.js';
import type { CompiledPack } from '../../rules/compile-pack.js';
import type { Io } from '../io.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export interface FixRunOptions {
  mode: 'write' | 'dry-run' | 'staged';
  fixType: FixType;
  root: string;
  maxFileSize: number;
  model?: ModelPatcher;
}

export interface FixRunResult {
  /** Findings left after fixing (what is reported and decides the exit code). */
  remaining: Finding[];
  fixes: FindingFix[];
  /** `--fix-dry-run`: the unified diff of every change. */
  diff: string;
}

/**
 * `--fix`, `--fix-dry-run` and `--staged --fix` over the files of a check: fixes each file with
 * findings, then writes the working tree, prints a diff, or updates the index (and carries the fix
 * into the working tree without touching unstaged changes).
 */
export async function runFixes(files: SourceFile[], findings: Finding[], pack: CompiledPack, options: FixRunOptions, io: Io): Promise<FixRunResult> {
  const byId = new Map(files.map((f) => [f.id, f]));
  const ids = [...new Set(findings.map((f) => f.path))];
  const result: FixRunResult = { remaining: findings.filter((f) => !ids.includes(f.path)), fixes: [], diff: '' };
  const staged: { change: StagedChange; fixes: FindingFix[]; before: Finding[]; after: Finding[] }[] = [];
  // A backup's README is written last: without one, the run was stopped before it changed anything.
  if (options.mode === 'staged') {
    for (const backup of staleBackups(options.root)) {
      if (existsSync(join(backup, 'README'))) io.stderr(`attractor-lint: note: an interrupted --fix left a backup in ${backup} (its README says how to restore it)\n`);
      else io.stderr(`attractor-lint: note: an interrupted --fix left an incomplete backup in ${backup} (it stopped before changing anything; the folder can be deleted)\n`);
    }
  }

  for (const id of ids) {
    const file = byId.get(id) as SourceFile;
    const own = findings.filter((f) => f.path === id);
    const loaded = file.load();
    const decoded = 'bytes' in loaded ? decodeSource(loaded.bytes, options.maxFileSize) : loaded;
    if ('skip' in decoded || !('bytes' in loaded)) {
      result.remaining.push(...own);
      continue;
    }
    const fixed = await fixText(decoded.text, id, file.language, pack, LANGUAGES[file.language].functionKinds, { fixType: options.fixType, ...(options.model ? { model: options.model } : {}) });
    if (fixed.output === decoded.text) {
      result.fixes.push(...fixed.fixes);
      result.remaining.push(...own);
      continue;
    }
    const bytes = Buffer.concat([loaded.bytes.subarray(0, 3).equals(BOM) ? BOM : Buffer.alloc(0), Buffer.from(fixed.output, 'utf8')]);
    if (options.mode === 'dry-run') result.diff += unifiedDiff(file.display, decoded.text, fixed.output);
    else if (options.mode === 'write') {
      const path = file.absolute ?? resolve(options.root, id);
      // Changed on disk since it was read (an editor saved it): leave it alone.
      if (!readFileSync(path).equals(loaded.bytes)) {
        for (const f of fixed.fixes) if (f.fixed) Object.assign(f, { fixed: false, how: undefined, reason: 'the file changed on disk while it was being fixed' });
        result.fixes.push(...fixed.fixes);
        result.remaining.push(...own);
        continue;
      }
      replaceFile(path, bytes);
    } else if (file.staged) {
      staged.push({ change: { path: id, mode: file.staged.mode, blob: file.staged.blob, fixed: bytes }, fixes: fixed.fixes, before: own, after: fixed.remaining });
      continue;
    }
    result.fixes.push(...fixed.fixes);
    result.remaining.push(...fixed.remaining);
  }

  if (staged.length) {
    const outcomes = await applyStagedFixes(options.root, staged.map((s) => s.change));
    staged.forEach((entry, i) => {
      const outcome = outcomes[i];
      if (outcome?.applied === 'none') {
        for (const f of entry.fixes) if (f.fixed) Object.assign(f, { fixed: false, how: undefined, reason: outcome.reason });
        result.remaining.push(...entry.before);
        io.stderr(`attractor-lint: ${entry.change.path}: not fixed: ${outcome.reason}\n`);
      } else result.remaining.push(...entry.after);
      result.fixes.push(...entry.fixes);
    });
  }
  for (const f of result.fixes) if (f.how === undefined) delete f.how;
  return result;
}
