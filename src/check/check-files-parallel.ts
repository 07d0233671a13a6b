import { availableParallelism } from 'node:os';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { decodeSource } from '../files/decode.js';
import type { SourceFile } from '../files/source-file.js';
import type { FileNote, Finding } from '../model.js';
import type { CompiledPack } from '../rules/compile-pack.js';
import { hashOf } from '../shared/hash.js';
import { grammarFor, type GrammarId } from '../parse/index.js';
import { CheckPool } from './check-pool.js';
import { MATCH_BUDGET_MS, MATCH_LIMIT, checkSource, type SourceResult } from './check-source.js';
import type { CheckFilesOptions } from './check-files.js';
import type { WorkerTask } from './check-worker.js';
import { neededRules } from './needed-rules.js';

/** Below this many files to parse, starting workers (each compiles the pack) costs more than it saves. */
const PARALLEL_THRESHOLD = 150;
/**
 * Once this many files need checking in a tree of at least PARALLEL_THRESHOLD files, the workers
 * are started: they boot while the main thread reads on. If fewer than PARALLEL_THRESHOLD need
 * checking in the end, they are stopped before they have compiled anything.
 */
const START_WORKERS_AT = 32;

/** The check server's pool of one warm worker, for the pack it was started with. */
let kept: { pack: CompiledPack; pool: CheckPool } | undefined | null;

/**
 * From now on (the check server), files are checked by the main thread and one worker that stays
 * between checks, as soon as there are two: the worker's modules, grammars and queries are warm,
 * so a staged check of a few files is shared between two cores (the sibling search has its own
 * thread). A new pack (a rule file changed) gets a new worker.
 */
export function keepCheckWorker(): void {
  kept ??= null;
}

/** Stops the kept worker (the check server, when it stops: a thread is not left to die at exit). */
export function stopCheckWorker(): void {
  kept?.pool.close(true);
  if (kept) kept = null;
}

function keptPool(pack: CompiledPack): CheckPool {
  if (kept && (kept.pack !== pack || kept.pool.broken)) {
    kept.pool.close(true);
    kept = null;
  }
  kept ??= { pack, pool: new CheckPool(pack.source, 1, true) };
  return kept.pool;
}

interface Pending {
  file: SourceFile;
  task: WorkerTask;
  key: string;
}

/**
 * Threads that share the work, the main thread included: one per core, but no more than one per
 * half threshold of files (`files` bounds the number that will need checking).
 */
function participantsFor(jobs: number, files: number): number {
  return Math.min(jobs, Math.floor(files / (PARALLEL_THRESHOLD / 2)));
}

/** Adds to `scopes` the rules that `task`'s text could trigger (see rules/prefilter.ts). */
function widenScopes(scopes: Map<GrammarId, Set<number>>, task: WorkerTask, pack: CompiledPack): void {
  const grammar = grammarFor(task.language, task.id);
  let scope = scopes.get(grammar);
  if (!scope) scopes.set(grammar, (scope = new Set()));
  for (const index of neededRules(pack, task.language, task.text)) scope.add(index);
}

async function checkHere(tasks: WorkerTask[], pack: CompiledPack): Promise<SourceResult[]> {
  const results: SourceResult[] = [];
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i] as WorkerTask;
    results.push(checkSource(task.text, task.id, task.language, pack));
    if (i % 4 === 3) await yieldToLoop();
  }
  return results;
}

export interface ParallelOptions extends CheckFilesOptions {
  /** Threads to use, the main thread included (default: one per core). */
  jobs?: number;
  /**
   * Also validate the pack in full (`CompiledPack.validate`; throws what it throws). When workers
   * run, one of them does it while the others and the main thread check, so it costs hardly any
   * time; otherwise the main thread does it before checking.
   */
  validate?: boolean;
}

/**
 * Checks files, sharing the parsing between the main thread and worker threads when enough files
 * miss the cache. Reading, decoding and the cache stay on the main thread; workers only run the
 * pure core. The workers are started as soon as enough files are known to need checking, and boot
 * while the main thread reads the others.
 */
export async function checkFiles(files: SourceFile[], pack: CompiledPack, options: ParallelOptions): Promise<{ findings: Finding[]; notes: FileNote[] }> {
  const notes: FileNote[] = [];
  const perFile = new Map<SourceFile, SourceResult>();
  const pending: Pending[] = [];
  const scopes = new Map<GrammarId, Set<number>>();
  const participants = participantsFor(options.jobs ?? availableParallelism(), files.length);
  let pool: CheckPool | undefined;
  try {
    for (const file of files) {
      const loaded = file.load();
      if ('skip' in loaded) {
        notes.push({ path: file.display, kind: 'skipped', reason: loaded.skip });
        continue;
      }
      const decoded = decodeSource(loaded.bytes, options.maxFileSize);
      if ('skip' in decoded) {
        notes.push({ path: file.display, kind: 'skipped', reason: decoded.skip });
        continue;
      }
      const key = options.cache ? hashOf(file.id, file.language, decoded.text) : '';
      const hit = options.cache?.get(key);
      if (hit) {
        perFile.set(file, hit);
        continue;
      }
      const task: WorkerTask = { id: file.id, language: file.language, text: decoded.text };
      pending.push({ file, key, task });
      widenScopes(scopes, task, pack);
      if (pending.length === START_WORKERS_AT && participants >= 2) {
        pool = new CheckPool(pack.source, participants - 1);
        if (options.validate) pool.validate();
      }
      // By now the files seen usually need every rule that any file will: compiling can start.
      if (pending.length === PARALLEL_THRESHOLD) pool?.compile(scopes);
    }
    if (pool && pending.length < PARALLEL_THRESHOLD) {
      pool.close(true);
      pool = undefined;
    }
    // The main thread compiles what the files need (nothing when the pack was validated in full).
    const prepare = (): void => {
      for (const [grammar, scope] of scopes) if (scope.size) pack.queryFor(grammar, scope);
    };
    const tasks = pending.map((p) => p.task);
    const here = { prepare, check: (task: WorkerTask) => checkSource(task.text, task.id, task.language, pack) };
    // The kept worker, when there is one; should it fail (killed, out of memory), this thread
    // checks alone (a rule that does not compile fails here again, as it would have).
    const withKept = !pool && kept !== undefined && tasks.length >= 2 && !options.validate;
    let results = withKept ? await keptPool(pack).run(tasks, scopes, here).catch(() => undefined) : undefined;
    if (!results && pool) results = await pool.run(tasks, scopes, here);
    if (!results) {
      if (options.validate) pack.validate();
      prepare();
      results = await checkHere(tasks, pack);
    }
    const checked = results;
    pending.forEach((p, i) => perFile.set(p.file, checked[i] as SourceResult));
  } finally {
    pool?.close();
  }
  // A result cut short by the match limit or the time budget depends on the machine's load: it is
  // not kept, so the next run checks the file again instead of repeating what this one missed.
  for (const p of pending) {
    const result = perFile.get(p.file) as SourceResult;
    if (!result.limited) options.cache?.set(p.key, result);
  }

  const findings: Finding[] = [];
  for (const file of files) {
    const result = perFile.get(file);
    if (!result) continue;
    findings.push(...result.findings);
    if (result.partial) notes.push({ path: file.display, kind: 'partial', reason: 'syntax errors; parts that do not parse were not checked' });
    if (result.limited) notes.push({ path: file.display, kind: 'partial', reason: `a rule's pattern was too expensive here (over ${MATCH_LIMIT} matches in progress or ${MATCH_BUDGET_MS / 1000} s of matching); some of its matches may be missing` });
  }
  return { findings, notes };
}
