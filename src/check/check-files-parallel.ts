import { availableParallelism } from 'node:os';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { decodeSource } from '../files/decode.js';
import type { SourceFile } from '../files/source-file.js';
import type { FileNote, Finding } from '../model.js';
import type { CompiledPack } from '../rules/compile-pack.js';
import { hashOf } from '../shared/hash.js';
import { grammarFor, type GrammarId } from '../parse/index.js';
import { mayMatch } from '../rules/prefilter.js';
import { checkSource, type SourceResult } from './check-source.js';
import type { CheckFilesOptions } from './check-files.js';
import type { WorkerInit, WorkerTask } from './check-worker.js';

/** Below this many files to parse, starting workers (each compiles the pack) costs more than it saves. */
const PARALLEL_THRESHOLD = 150;
const CHUNK = 40;

interface Pending {
  file: SourceFile;
  task: WorkerTask;
  key: string;
}

/** Per grammar, the rules that some pending file's text could trigger (see rules/prefilter.ts). */
function scopesOf(pending: Pending[], pack: CompiledPack): Map<GrammarId, Set<number>> {
  const scopes = new Map<GrammarId, Set<number>>();
  for (const { task } of pending) {
    const grammar = grammarFor(task.language, task.id);
    let scope = scopes.get(grammar);
    if (!scope) scopes.set(grammar, (scope = new Set()));
    for (const rule of pack.rules) if (!scope.has(rule.index) && rule.languages.includes(task.language) && mayMatch(rule.prefilter, task.text)) scope.add(rule.index);
  }
  return scopes;
}

async function runInWorkers(pending: Pending[], pack: CompiledPack, workers: number, scopes: Map<GrammarId, Set<number>>): Promise<SourceResult[]> {
  const results: SourceResult[] = new Array(pending.length);
  const init: WorkerInit = { loaded: pack.source.loaded, severities: pack.source.severities, scopes: [...scopes].map(([grammar, scope]) => [grammar, [...scope]]) };
  let next = 0;
  const one = (): Promise<void> =>
    new Promise((resolvePromise, reject) => {
      const worker = new Worker(new URL('./check-worker.js', import.meta.url), { workerData: init });
      let start = 0;
      const feed = (): void => {
        if (next >= pending.length) {
          worker.postMessage(null);
          return;
        }
        start = next;
        next = Math.min(pending.length, next + CHUNK);
        worker.postMessage(pending.slice(start, next).map((p) => p.task));
      };
      worker.on('message', (batch: SourceResult[]) => {
        batch.forEach((result, i) => (results[start + i] = result));
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`check worker exited with code ${code}`))));
      feed();
    });
  await Promise.all(Array.from({ length: workers }, one));
  return results;
}

/**
 * Checks files, spreading the parsing over worker threads when there are enough uncached files.
 * Reading, decoding and the cache stay on the main thread; workers only run the pure core.
 */
export async function checkFiles(files: SourceFile[], pack: CompiledPack, options: CheckFilesOptions & { jobs?: number }): Promise<{ findings: Finding[]; notes: FileNote[] }> {
  const notes: FileNote[] = [];
  const perFile = new Map<SourceFile, SourceResult>();
  const pending: Pending[] = [];
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
    if (hit) perFile.set(file, hit);
    else pending.push({ file, key, task: { id: file.id, language: file.language, text: decoded.text } });
  }

  const jobs = options.jobs ?? availableParallelism();
  const workers = Math.min(jobs, Math.floor(pending.length / (PARALLEL_THRESHOLD / 2)));
  const scopes = scopesOf(pending, pack);
  if (workers >= 2 && pending.length >= PARALLEL_THRESHOLD) {
    const results = await runInWorkers(pending, pack, workers, scopes);
    pending.forEach((p, i) => perFile.set(p.file, results[i] as SourceResult));
  } else {
    for (const [grammar, scope] of scopes) if (scope.size) pack.queryFor(grammar, scope);
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i] as Pending;
      perFile.set(p.file, checkSource(p.task.text, p.task.id, p.task.language, pack));
      if (i % 4 === 3) await yieldToLoop();
    }
  }
  for (const p of pending) options.cache?.set(p.key, perFile.get(p.file) as SourceResult);

  const findings: Finding[] = [];
  for (const file of files) {
    const result = perFile.get(file);
    if (!result) continue;
    findings.push(...result.findings);
    if (result.partial) notes.push({ path: file.display, kind: 'partial', reason: 'syntax errors; parts that do not parse were not checked' });
  }
  return { findings, notes };
}
