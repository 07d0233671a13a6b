import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../files/write-atomically.js';
import { signalsDelivered } from '../shared/remove-on-signal.js';
import { fileFilter } from '../files/collect-paths.js';
import { decodeSource } from '../files/decode.js';
import { BlobReader } from '../git/blob-reader.js';
import { isAncestor, resolveCommit } from '../git/count-commits.js';
import { isShallowRepository } from '../git/index.js';
import { walkHistory, type RawCommit } from '../git/walk-history.js';
import { classifyMessage, isTestPath, isVendoredPath } from '../mine/classify-commit.js';
import { redToGreen, type TestReports } from '../mine/test-reports.js';
import type { Attractor, EditPattern, LanguageId, RuleSpec } from '../model.js';
import { extensionMap, languageOfPath } from '../parse/index.js';
import { hashOf } from '../shared/hash.js';
import { EditCache } from './edit-cache.js';
import { extractEdits, type ChangedFile } from './extract-edits.js';
import { ExtractPool } from './extract-pool.js';
import { promoteCandidates, treeTexts, type RefusedRule } from './promote.js';
import { clusterEdits } from './sources/recurring-fixes/cluster-edits.js';
import { DEFAULT_SOURCE_SETTINGS, type SourceInput, type SourceSettings } from './sources/source.js';
import { verifyFixes, type VerifyOptions } from './verify-fixes.js';
import { coroutineNames } from './coroutine-names.js';
import { writePack, type PackChanges } from './write-pack.js';

export interface LearnOptions {
  root: string;
  rev?: string;
  since?: string;
  maxCommits?: number;
  /** Where learned rules are written; undefined: compute only (eval, dry runs). */
  out?: string;
  cacheDir: string;
  maxFilesPerCommit: number;
  minSupport: number;
  threshold: number;
  maxFileSize: number;
  include: string[];
  exclude: string[];
  /** JUnit results by commit (`--test-reports`): tests red at the parent and green at a fix. */
  testReports?: TestReports;
  /** Walk and score the whole history even when an earlier run's state would allow less. */
  full?: boolean;
  /** `--verify CMD`: run CMD at the parent and at each clustered fix commit (off by default). */
  verify?: VerifyOptions;
  onProgress?: (done: number) => void;
  /** Settings of the learning sources (`learn/sources/`). */
  sources?: Partial<SourceSettings>;
  /** Extract in worker threads on long walks (default true). */
  workers?: boolean;
  /** Fix commits extracted on the main thread before the workers start (default POOL_AFTER). */
  poolAfter?: number;
  /** Also return the refused and below-threshold candidates as rules (`LearnResult.refused`; eval's `--what-if`). */
  keepRefused?: boolean;
}

export interface LearnSummary {
  commitsScanned: number;
  fixCandidates: number;
  sweepsSkipped: number;
  hunks: number;
  attractors: number;
  rules: { promoted: number; updated: number; unchanged: number; retired: number; keptByHuman: number };
  notes: string[];
}

export interface LearnResult {
  summary: LearnSummary;
  attractors: Attractor[];
  specs: RuleSpec[];
  changes?: PackChanges;
  /** Every fix edit read in this run (absent when nothing new was read). */
  edits?: EditPattern[];
  /** With `keepRefused`: the candidates not promoted, as rules, with the reason. */
  refused?: RefusedRule[];
}

// Bump when EditPattern or the extraction changes: old entries are then simply not found.
const CACHE_VERSION = 'learn-v3';
/** Caches of earlier versions, removed when found (learn-v2 held one file per commit). */
const OLD_CACHES = ['learn-v2'];

/** A file skipped for what it is (binary, too large...): said once per path, not once per commit. */
const noted = new WeakMap<string[], Set<string>>();
function noteOnce(notes: string[], path: string, reason: string): void {
  const seen = noted.get(notes) ?? new Set<string>();
  noted.set(notes, seen);
  if (seen.has(path)) return;
  seen.add(path);
  notes.push(`${path}: ${reason}, skipped in every commit`);
}

/** The changed source files of a commit, read and decoded; 'sweep' when there are too many. */
async function changedFilesOf(commit: RawCommit, reader: BlobReader, options: LearnOptions, languages: Map<string, LanguageId>, notes: string[], inScope: (path: string) => boolean): Promise<ChangedFile[] | 'sweep'> {
  const touchesTests = commit.changes.some((c) => isTestPath(c.path));
  const modified = commit.changes.filter((c) => c.status === 'M' && languageOfPath(c.path, languages) && !isTestPath(c.path));
  // A sweep is a sweep wherever it lands; vendored, generated and excluded files are then left out.
  if (modified.length > options.maxFilesPerCommit) return 'sweep';
  const sources = modified.filter((c) => !isVendoredPath(c.path) && inScope(c.path));
  const evidence = { touchesTests, redToGreen: options.testReports ? redToGreen(options.testReports, commit.sha, commit.parents[0]) : [] };
  const files: ChangedFile[] = [];
  for (const change of sources) {
    const [before, after] = await Promise.all([reader.read(change.oldBlob, options.maxFileSize), reader.read(change.newBlob, options.maxFileSize)]);
    if (before.kind !== 'ok' || after.kind !== 'ok') {
      if (before.kind === 'missing' || after.kind === 'missing') notes.push(`${commit.sha.slice(0, 7)} ${change.path}: blob missing (partial or damaged clone), skipped`);
      else noteOnce(notes, change.path, `larger than ${options.maxFileSize} bytes (maxFileSize)`);
      continue;
    }
    const a = decodeSource(before.bytes, options.maxFileSize);
    const b = decodeSource(after.bytes, options.maxFileSize);
    if ('skip' in a || 'skip' in b) {
      noteOnce(notes, change.path, 'skip' in a ? a.skip : (b as { skip: string }).skip);
      continue;
    }
    const language = languageOfPath(change.path, languages) as LanguageId;
    files.push({ commit: { sha: commit.sha, parents: commit.parents, authorEmail: commit.authorEmail, time: commit.time, message: commit.message }, path: change.path, language, before: a.text, after: b.text, evidence });
  }
  return files;
}

/** Fix commits extracted on the main thread before worker threads are worth starting. */
const POOL_AFTER = 64;

/** What the last run walked, so the next one can walk only what came since. */
interface LearnState {
  key: string;
  head: string;
  /** Fix candidate SHAs in walk order (newest first); their edits are in the cache. */
  fixCommits: string[];
  commitsScanned: number;
  fixCandidates: number;
  sweepsSkipped: number;
  historyEnd: number;
}

const STATE_FILE = '_state.json';

function readState(cacheDir: string, key: string): LearnState | undefined {
  try {
    const state = JSON.parse(readFileSync(join(cacheDir, STATE_FILE), 'utf8')) as LearnState;
    return state.key === key && typeof state.head === 'string' && Array.isArray(state.fixCommits) ? state : undefined;
  } catch {
    return undefined;
  }
}

function writeState(cacheDir: string, state: LearnState): void {
  try {
    writeAtomically(join(cacheDir, STATE_FILE), JSON.stringify(state));
  } catch {
    // The cache is an optimisation.
  }
}

/** Nothing new to learn: the pack on disk stands as it is. */
function unchangedResult(state: LearnState, notes: string[], out: string): LearnResult {
  let active = 0;
  try {
    const pack = JSON.parse(readFileSync(join(out, '_pack.json'), 'utf8')) as { rules: Record<string, { status: string }> };
    active = Object.values(pack.rules).filter((r) => r.status === 'active').length;
  } catch {
    active = 0;
  }
  const summary: LearnSummary = { commitsScanned: state.commitsScanned, fixCandidates: state.fixCandidates, sweepsSkipped: state.sweepsSkipped, hunks: 0, attractors: 0, rules: { promoted: 0, updated: 0, unchanged: active, retired: 0, keptByHuman: 0 }, notes };
  notes.push('no new fix commits since the last learn: the pack is unchanged');
  return { summary, attractors: [], specs: [] };
}

/**
 * `attractor-lint learn`: walks the history, extracts the edits of fix commits (cached per commit),
 * clusters them by signature, generalises each cluster into a candidate rule, scores it and
 * promotes the ones above the threshold into `options.out`.
 */
export async function learnRepo(options: LearnOptions): Promise<LearnResult> {
  const languages = extensionMap();
  // The configuration's include/exclude globs hold for the history too (vendored copies, generated code).
  const inScope = fileFilter(options.include, options.exclude);
  const pathspecs = [...languages.keys()].map((ext) => `*${ext}`);
  const cacheDir = join(options.cacheDir, CACHE_VERSION);
  mkdirSync(cacheDir, { recursive: true });
  for (const old of OLD_CACHES) rmSync(join(options.cacheDir, old), { recursive: true, force: true });
  const cache = new EditCache(cacheDir);
  const notes: string[] = [];
  const summary: LearnSummary = { commitsScanned: 0, fixCandidates: 0, sweepsSkipped: 0, hunks: 0, attractors: 0, rules: { promoted: 0, updated: 0, unchanged: 0, retired: 0, keptByHuman: 0 }, notes };
  const edits: EditPattern[] = [];
  // Edit text -> the commit that made it: the same edit in another commit is a backport or a
  // cherry-pick (counted once); at several sites of one commit it is the same fix applied there.
  const seenEdits = new Map<string, string>();
  let historyEnd = 0;
  // Incremental: when the last run walked an ancestor of HEAD with the same options, walk only
  // what came since, and stop early when it brings no new fix edits (the pack cannot change).
  const stateKey = hashOf(JSON.stringify([options.rev ?? 'HEAD', options.since, options.maxCommits, options.maxFilesPerCommit, options.minSupport, options.threshold, options.maxFileSize, options.include, options.exclude, options.out]));
  // A walk of the whole history with the default options can be continued by the next learn.
  const resumable = !options.testReports && !options.verify && !options.since && options.maxCommits === undefined;
  const incremental = !options.full && resumable;
  const head = resolveCommit(options.root, options.rev ?? 'HEAD');
  const state = incremental && head ? readState(cacheDir, stateKey) : undefined;
  const packExists = options.out !== undefined && existsSync(join(options.out, '_pack.json'));
  const since = state && head && packExists && (state.head === head || isAncestor(options.root, state.head, head)) ? state : undefined;
  if (since && since.head === head) return unchangedResult(since, notes, options.out as string);
  const newFixCommits: string[] = [];
  if (isShallowRepository(options.root)) notes.push('shallow clone: only the commits it has were read (git fetch --unshallow for the whole history)');
  const reader = new BlobReader(options.root);
  let pool: ExtractPool | undefined;
  try {
    const walk: Parameters<typeof walkHistory>[1] = { pathspecs };
    if (options.rev) walk.rev = options.rev;
    if (since && head) walk.rev = `${since.head}..${head}`;
    if (options.since) walk.since = options.since;
    if (options.maxCommits !== undefined) walk.maxCommits = options.maxCommits;
    // Extraction runs ahead in worker threads on long walks; results are taken in walk order.
    const queue: { sha: string; edits: Promise<EditPattern[] | 'sweep'>; write: boolean }[] = [];
    const take = async (): Promise<void> => {
      const entry = queue.shift() as (typeof queue)[number];
      const found = await entry.edits;
      if (found === 'sweep') {
        summary.sweepsSkipped++;
        cache.put(entry.sha, []);
        return;
      }
      if (entry.write) cache.put(entry.sha, found);
      for (const edit of found) {
        // A fix cherry-picked onto release branches is one fix, not several: keep the newest copy.
        const key = `${edit.path}\u0000${edit.beforeText}\u0000${edit.afterText}`;
        const by = seenEdits.get(key);
        if (by !== undefined && by !== edit.commit) continue;
        seenEdits.set(key, edit.commit);
        edits.push(edit);
      }
    };
    let extracted = 0;
    try {
      for await (const commit of walkHistory(options.root, walk)) {
        summary.commitsScanned++;
        historyEnd = Math.max(historyEnd, commit.time);
        options.onProgress?.(summary.commitsScanned);
        if (!classifyMessage(commit.message).isFix) continue;
        summary.fixCandidates++;
        newFixCommits.push(commit.sha);
        // Evidence from reports is not in the cache key, so commits with reports are re-read.
        // An incremental walk meets only commits no earlier run finished: it does not read the cache.
        const cached = options.testReports || since ? undefined : cache.get(commit.sha);
        if (cached) {
          queue.push({ sha: commit.sha, edits: Promise.resolve(cached), write: false });
        } else {
          const files = await changedFilesOf(commit, reader, options, languages, notes, inScope);
          if (files !== 'sweep' && ++extracted > (options.poolAfter ?? POOL_AFTER) && !pool && options.workers !== false) pool = new ExtractPool();
          const work = files === 'sweep' ? Promise.resolve<'sweep'>('sweep') : pool ? pool.extract(files) : Promise.resolve(files.flatMap((file) => extractEdits(file)));
          queue.push({ sha: commit.sha, edits: work, write: true });
        }
        while (queue.length > (pool ? pool.size * 4 : 0)) await take();
      }
      while (queue.length) await take();
    } finally {
      await pool?.close();
      cache.flush();
    }
  } finally {
    reader.close();
  }
  if (since) {
    const nextState: LearnState = { key: stateKey, head: head as string, fixCommits: [...newFixCommits, ...since.fixCommits], commitsScanned: since.commitsScanned + summary.commitsScanned, fixCandidates: since.fixCandidates + summary.fixCandidates, sweepsSkipped: since.sweepsSkipped + summary.sweepsSkipped, historyEnd: Math.max(since.historyEnd, historyEnd) };
    if (edits.length === 0) {
      writeState(cacheDir, nextState);
      return unchangedResult(nextState, notes, options.out as string);
    }
    const older = since.fixCommits.map((sha) => cache.get(sha));
    if (older.some((e) => e === undefined)) {
      // The cache lost entries since the last run: start over with a full walk.
      rmSync(join(cacheDir, STATE_FILE), { force: true });
      return learnRepo(options);
    }
    for (const found of older as EditPattern[][]) {
      for (const edit of found) {
        const key = `${edit.path}\u0000${edit.beforeText}\u0000${edit.afterText}`;
        const by = seenEdits.get(key);
        if (by !== undefined && by !== edit.commit) continue;
        seenEdits.set(key, edit.commit);
        edits.push(edit);
      }
    }
    Object.assign(summary, { commitsScanned: nextState.commitsScanned, fixCandidates: nextState.fixCandidates, sweepsSkipped: nextState.sweepsSkipped });
    historyEnd = nextState.historyEnd;
    writeState(cacheDir, nextState);
  } else if (resumable && head) {
    writeState(cacheDir, { key: stateKey, head, fixCommits: newFixCommits, commitsScanned: summary.commitsScanned, fixCandidates: summary.fixCandidates, sweepsSkipped: summary.sweepsSkipped, historyEnd });
  }
  if (cache.unreadable) notes.push(`${cache.unreadable} unreadable cache entries in ${cacheDir} were rebuilt`);
  summary.hunks = edits.length;

  if (options.verify) {
    // Only fixes that could become rules are worth two test runs each.
    const clustered = new Map<string, string>();
    for (const candidate of clusterEdits(edits, options.minSupport)) for (const m of candidate.members) if (m.parent) clustered.set(m.commit, m.parent);
    const { evidence, notes: verifyNotes } = verifyFixes(options.root, [...clustered], options.verify);
    // A Ctrl-C during the (synchronous) test runs is delivered when the event loop turns: let it
    // end the run here, before a pack is written with the evidence of interrupted runs.
    await signalsDelivered();
    notes.push(...verifyNotes);
    for (const edit of edits) {
      const found = evidence.get(edit.commit);
      if (found) edit.evidence = { ...edit.evidence, redToGreen: [...new Set([...edit.evidence.redToGreen, ...found])] };
    }
  }
  const addsAwait = edits.some((e) => /^\S+ -(?:(?!\bawait\b).)* \+.*\bawait\b/.test(e.signature));
  const input: SourceInput = { root: options.root, include: options.include, exclude: options.exclude, cacheDir, notes, edits, minSupport: options.minSupport, historyEnd, settings: { ...DEFAULT_SOURCE_SETTINGS, ...options.sources } };
  if (options.rev) input.rev = options.rev;
  if (options.keepRefused) input.whatIf = true;
  let tree: { path: string; text: string; language: LanguageId }[] | undefined;
  input.tree = () => (tree ??= [...treeTexts(options)]);
  if (addsAwait) input.coroutines = coroutineNames(input.tree());
  const { attractors, promoted, candidates, refused } = await promoteCandidates(input, { ...options, notes });
  summary.attractors = candidates;
  const result: LearnResult = { summary, attractors, specs: promoted, edits };
  if (options.keepRefused) result.refused = refused;
  if (options.out) {
    const changes = writePack(options.out, promoted);
    for (const { id, reason } of changes.refused) notes.push(`${id}: not written: ${reason}`);
    summary.rules = { promoted: changes.promoted.length, updated: changes.updated.length, unchanged: changes.unchanged.length, retired: changes.retired.length, keptByHuman: changes.keptByHuman.length };
    result.changes = changes;
  }
  return result;
}

