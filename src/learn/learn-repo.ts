import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFiles } from '../check/check-files-parallel.js';
import { checkSource } from '../check/check-source.js';
import { collectPaths } from '../files/collect-paths.js';
import { decodeSource } from '../files/decode.js';
import { fixSource } from '../fix/fix-source.js';
import { BlobReader } from '../git/blob-reader.js';
import { isAncestor, resolveCommit } from '../git/count-commits.js';
import { isShallowRepository } from '../git/index.js';
import { walkHistory, type RawCommit } from '../git/walk-history.js';
import { classifyMessage, isTestPath } from '../mine/classify-commit.js';
import { redToGreen, type TestReports } from '../mine/test-reports.js';
import type { Attractor, EditPattern, LanguageId, LoadedRule, RuleSpec } from '../model.js';
import { extensionMap, languageOfPath } from '../parse/index.js';
import { compilePack, type CompiledPack } from '../rules/compile-pack.js';
import { BUILTIN_RULES_DIR, loadRuleDir } from '../rules/load-rules.js';
import { testRules } from '../rules/test-rules.js';
import { validateRuleSpec } from '../rules/validate-spec.js';
import { hashOf } from '../shared/hash.js';
import { extractEdits, type ChangedFile } from './extract-edits.js';
import { ExtractPool } from './extract-pool.js';
import { editCallee, generalise, uniqueRuleIds, type Candidate } from './generalise.js';
import { verifyFixes, type VerifyOptions } from './verify-fixes.js';
import { coarseSignature } from './signature.js';
import { coroutineNames } from './coroutine-names.js';
import { resonanceOf, resonanceParts, severityFor } from './score.js';
import { checkableRules, writePack, type PackChanges } from './write-pack.js';

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
  /** Extract in worker threads on long walks (default true). */
  workers?: boolean;
  /** Fix commits extracted on the main thread before the workers start (default POOL_AFTER). */
  poolAfter?: number;
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
}

// Bump when EditPattern or the extraction changes: old entries are then simply not found.
const CACHE_VERSION = 'learn-v2';

/** A commit's cached edits; undefined when not cached, 'unreadable' when the file is damaged. */
function readCached(file: string): EditPattern[] | undefined | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const edits = JSON.parse(text) as EditPattern[];
    return Array.isArray(edits) ? edits : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function writeCached(file: string, edits: EditPattern[]): void {
  try {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(edits));
    renameSync(tmp, file);
  } catch {
    // The cache is an optimisation.
  }
}

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
async function changedFilesOf(commit: RawCommit, reader: BlobReader, options: LearnOptions, languages: Map<string, LanguageId>, notes: string[]): Promise<ChangedFile[] | 'sweep'> {
  const touchesTests = commit.changes.some((c) => isTestPath(c.path));
  const sources = commit.changes.filter((c) => c.status === 'M' && languageOfPath(c.path, languages) && !isTestPath(c.path));
  if (sources.length > options.maxFilesPerCommit) return 'sweep';
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

/** Compiles candidates one by one (a query the generaliser got wrong must not sink the rest). */
function compileCandidates(candidates: Candidate[]): { pack: CompiledPack; kept: Candidate[] } {
  const kept: Candidate[] = [];
  const loaded: LoadedRule[] = [];
  const ids = new Set<string>();
  for (const candidate of candidates) {
    // One pack cannot hold an id twice (clusterEdits makes them unique; this keeps the pack whole if not).
    if (ids.has(candidate.id)) continue;
    try {
      const rule = { spec: validateRuleSpec(candidate.spec, candidate.id), file: candidate.id };
      compilePack([rule]);
      loaded.push(rule);
      kept.push(candidate);
      ids.add(candidate.id);
    } catch {
      // Skipped: the template does not compile into a valid rule.
    }
  }
  return { pack: compilePack(loaded, { eager: false }), kept };
}

/**
 * The curated starter pack, which check loads next to the learned one by default; empty when it
 * cannot be read (check then fails on it, whatever learn writes).
 */
function curatedRules(): LoadedRule[] {
  try {
    return loadRuleDir(BUILTIN_RULES_DIR, { required: false });
  } catch {
    return [];
  }
}

function firesOn(pack: CompiledPack, id: string, code: string, language: LanguageId): boolean {
  const path = language === 'python' ? 'case.py' : language === 'javascript' ? 'case.js' : 'case.ts';
  return checkSource(code, path, language, pack, { ignoreSuppressions: true }).findings.some((f) => f.ruleId === id);
}

/** The texts of the current tree's non-test source files. */
function* treeTexts(options: LearnOptions): Generator<{ text: string; language: LanguageId }> {
  const { files } = collectPaths([], { cwd: options.root, root: options.root, include: options.include, exclude: options.exclude, extensions: {} });
  for (const file of files) {
    if (isTestPath(file.id)) continue;
    const loaded = file.load();
    if ('skip' in loaded) continue;
    const decoded = decodeSource(loaded.bytes, options.maxFileSize);
    if (!('skip' in decoded)) yield { text: decoded.text, language: file.language };
  }
}

/** Unfixed matches of each candidate in the current tree (non-test source files). */
async function prevalence(pack: CompiledPack, options: LearnOptions): Promise<Map<string, number>> {
  const { files } = collectPaths([], { cwd: options.root, root: options.root, include: options.include, exclude: options.exclude, extensions: {} });
  const sources = files.filter((f) => !isTestPath(f.id));
  const { findings } = await checkFiles(sources, pack, { maxFileSize: options.maxFileSize });
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}

function finalSpec(candidate: Candidate, attractor: Attractor, consistent: EditPattern[], historyEnd: number): RuleSpec {
  const spec: RuleSpec = JSON.parse(JSON.stringify(candidate.spec)) as RuleSpec;
  const newestFirst = [...consistent].sort((a, b) => b.time - a.time || (a.commit < b.commit ? -1 : 1));
  spec.severity = severityFor(attractor.resonance);
  spec.docs = { description: `Learned by attractor-lint from ${attractor.support} fix commits of this repository.` };
  spec.provenance = {
    origin: 'learned',
    commits: [...new Set(newestFirst.map((m) => m.commit.slice(0, 12)))],
    support: attractor.support,
    resonance: attractor.resonance,
    parts: attractor.parts,
    unfixedMatches: attractor.unfixedMatches,
    learnedAt: new Date(historyEnd * 1000).toISOString().slice(0, 10),
    fixes: newestFirst.slice(0, 5).map((m) => ({ commit: m.commit.slice(0, 12), subject: m.subject.slice(0, 100), path: m.path, line: m.line })),
  };
  const tests = [...new Set(consistent.flatMap((m) => m.evidence.redToGreen))].sort();
  if (tests.length) spec.provenance.tests = tests;
  const invalid = [...new Set(newestFirst.map((m) => m.snippet.before))].slice(0, 3);
  const valid = [...new Set(newestFirst.map((m) => m.snippet.after))].filter((code) => !invalid.includes(code)).slice(0, 3);
  spec.cases = { invalid: invalid.map((code) => ({ code, language: attractor.language })), valid: valid.map((code) => ({ code, language: attractor.language })) };
  return spec;
}

/** Adds the expected fixed output to every invalid case, or drops the fix when one does not verify. */
function settleFix(spec: RuleSpec): RuleSpec {
  if (!spec.fix) return spec;
  const pack = compilePack([{ spec, file: spec.id }], { eager: false });
  const language = spec.language as LanguageId;
  const path = language === 'python' ? 'case.py' : language === 'javascript' ? 'case.js' : 'case.ts';
  for (const c of spec.cases.invalid) {
    const outcome = fixSource(c.code, path, language, pack, new Set([spec.id]), undefined, false);
    if (outcome.rejected.length || outcome.fixed.length === 0 || outcome.remaining.some((f) => f.ruleId === spec.id)) {
      delete spec.fix;
      for (const other of spec.cases.invalid) delete other.output;
      return spec;
    }
    c.output = outcome.output;
  }
  return spec;
}

function groupBy(edits: EditPattern[], key: (edit: EditPattern) => string): Map<string, EditPattern[]> {
  const groups = new Map<string, EditPattern[]>();
  for (const edit of edits) {
    const k = `${edit.language}\u0000${key(edit)}`;
    const list = groups.get(k) ?? [];
    list.push(edit);
    groups.set(k, list);
  }
  return groups;
}

const newestFirst = (a: EditPattern, b: EditPattern): number => b.time - a.time || (a.commit < b.commit ? -1 : a.commit > b.commit ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line);

/**
 * Clusters edits in two rounds: by exact signature, then what is left by the coarse signature
 * (root kinds and the API names and keywords changed). A cluster needs fixes from `minSupport`
 * distinct commits and a pattern specific enough to generalise.
 */
export function clusterEdits(edits: EditPattern[], minSupport: number, coroutines?: Map<LanguageId, Set<string>>): Candidate[] {
  const candidates: Candidate[] = [];
  const used = new Set<EditPattern>();
  const round = (groups: Map<string, EditPattern[]>, signatureOf: (key: string) => string | undefined): void => {
    for (const key of [...groups.keys()].sort()) {
      const members = (groups.get(key) as EditPattern[]).filter((m) => !used.has(m)).sort(newestFirst);
      if (new Set(members.map((m) => m.commit)).size < minSupport) continue;
      const routines = coroutines?.get((members[0] as EditPattern).language);
      const candidate = generalise(members, signatureOf(key), routines);
      if (candidate) {
        candidates.push(candidate);
        for (const m of members) used.add(m);
        continue;
      }
      // Members that call different APIs do not make one rule; each API fixed often enough makes
      // its own (pytest: `stacklevel` added to `warnings.warn` twice and to a helper once).
      const byCallee = new Map<string, EditPattern[]>();
      for (const m of members) {
        const callee = editCallee(m);
        if (!callee) continue;
        const group = byCallee.get(callee);
        if (group) group.push(m);
        else byCallee.set(callee, [m]);
      }
      if (byCallee.size < 2) continue;
      for (const callee of [...byCallee.keys()].sort()) {
        const group = byCallee.get(callee) as EditPattern[];
        if (new Set(group.map((m) => m.commit)).size < minSupport) continue;
        const split = generalise(group, signatureOf(key), routines, callee);
        if (!split) continue;
        candidates.push(split);
        for (const m of group) used.add(m);
      }
    }
  };
  round(groupBy(edits, (e) => e.signature), () => undefined);
  round(groupBy(edits.filter((e) => !used.has(e)), (e) => coarseSignature(e.signature)), (key) => key.split('\u0000')[1]);
  // Ids hash what tells candidates apart; this makes them unique even if 4 hex digits clash.
  return uniqueRuleIds(candidates);
}

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
  writeCached(join(cacheDir, STATE_FILE), state as unknown as EditPattern[]);
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
  const pathspecs = [...languages.keys()].map((ext) => `*${ext}`);
  const cacheDir = join(options.cacheDir, CACHE_VERSION);
  mkdirSync(cacheDir, { recursive: true });
  const notes: string[] = [];
  const summary: LearnSummary = { commitsScanned: 0, fixCandidates: 0, sweepsSkipped: 0, hunks: 0, attractors: 0, rules: { promoted: 0, updated: 0, unchanged: 0, retired: 0, keptByHuman: 0 }, notes };
  const edits: EditPattern[] = [];
  const seenEdits = new Set<string>();
  let historyEnd = 0;
  let unreadable = 0;
  // Incremental: when the last run walked an ancestor of HEAD with the same options, walk only
  // what came since, and stop early when it brings no new fix edits (the pack cannot change).
  const stateKey = hashOf(JSON.stringify([options.rev ?? 'HEAD', options.since, options.maxCommits, options.maxFilesPerCommit, options.minSupport, options.threshold, options.maxFileSize, options.include, options.exclude, options.out]));
  const incremental = !options.full && !options.testReports && !options.verify && !options.since && options.maxCommits === undefined;
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
        writeCached(join(cacheDir, `${entry.sha}.json`), []);
        return;
      }
      if (entry.write) writeCached(join(cacheDir, `${entry.sha}.json`), found);
      for (const edit of found) {
        // A fix cherry-picked onto release branches is one fix, not several: keep the newest copy.
        const key = `${edit.path}\u0000${edit.beforeText}\u0000${edit.afterText}`;
        if (seenEdits.has(key)) continue;
        seenEdits.add(key);
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
        const cached = options.testReports ? undefined : readCached(join(cacheDir, `${commit.sha}.json`));
        if (cached === 'unreadable') unreadable++;
        if (Array.isArray(cached)) {
          queue.push({ sha: commit.sha, edits: Promise.resolve(cached), write: false });
        } else {
          const files = await changedFilesOf(commit, reader, options, languages, notes);
          if (files !== 'sweep' && ++extracted > (options.poolAfter ?? POOL_AFTER) && !pool && options.workers !== false) pool = new ExtractPool();
          const work = files === 'sweep' ? Promise.resolve<'sweep'>('sweep') : pool ? pool.extract(files) : Promise.resolve(files.flatMap((file) => extractEdits(file)));
          queue.push({ sha: commit.sha, edits: work, write: true });
        }
        while (queue.length > (pool ? pool.size * 4 : 0)) await take();
      }
      while (queue.length) await take();
    } finally {
      await pool?.close();
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
    const older = since.fixCommits.map((sha) => readCached(join(cacheDir, `${sha}.json`)));
    if (older.some((e) => !Array.isArray(e))) {
      // The cache lost entries since the last run: start over with a full walk.
      rmSync(join(cacheDir, STATE_FILE), { force: true });
      return learnRepo(options);
    }
    for (const found of older as EditPattern[][]) {
      for (const edit of found) {
        const key = `${edit.path}\u0000${edit.beforeText}\u0000${edit.afterText}`;
        if (seenEdits.has(key)) continue;
        seenEdits.add(key);
        edits.push(edit);
      }
    }
    Object.assign(summary, { commitsScanned: nextState.commitsScanned, fixCandidates: nextState.fixCandidates, sweepsSkipped: nextState.sweepsSkipped });
    historyEnd = nextState.historyEnd;
    writeState(cacheDir, nextState);
  } else if (incremental && head) {
    writeState(cacheDir, { key: stateKey, head, fixCommits: newFixCommits, commitsScanned: summary.commitsScanned, fixCandidates: summary.fixCandidates, sweepsSkipped: summary.sweepsSkipped, historyEnd });
  }
  if (unreadable) notes.push(`${unreadable} unreadable cache entries in ${cacheDir} were rebuilt`);
  summary.hunks = edits.length;

  if (options.verify) {
    // Only fixes that could become rules are worth two test runs each.
    const clustered = new Map<string, string>();
    for (const candidate of clusterEdits(edits, options.minSupport)) for (const m of candidate.members) if (m.parent) clustered.set(m.commit, m.parent);
    const { evidence, notes: verifyNotes } = verifyFixes(options.root, [...clustered], options.verify);
    notes.push(...verifyNotes);
    for (const edit of edits) {
      const found = evidence.get(edit.commit);
      if (found) edit.evidence = { ...edit.evidence, redToGreen: [...new Set([...edit.evidence.redToGreen, ...found])] };
    }
  }
  const addsAwait = edits.some((e) => /^\S+ -(?:(?!\bawait\b).)* \+.*\bawait\b/.test(e.signature));
  const candidates = clusterEdits(edits, options.minSupport, addsAwait ? coroutineNames(treeTexts(options)) : undefined);
  summary.attractors = candidates.length;
  const { pack, kept } = compileCandidates(candidates);
  const unfixed = kept.length ? await prevalence(pack, options) : new Map<string, number>();

  const attractors: Attractor[] = [];
  const specs: RuleSpec[] = [];
  for (const candidate of kept) {
    const consistent = candidate.members.filter((m) => firesOn(pack, candidate.id, m.snippet.before, m.language) && !firesOn(pack, candidate.id, m.snippet.after, m.language));
    const consistency = consistent.length / candidate.members.length;
    const support = new Set(candidate.members.map((m) => m.commit)).size;
    // Matches in the current tree are unfixed, except the members' own sites if they survive there.
    const unfixedMatches = unfixed.get(candidate.id) ?? 0;
    const parts = resonanceParts(candidate.members, { historyEnd, consistency, unfixedMatches });
    const attractor: Attractor = { id: candidate.id, language: candidate.language, signature: candidate.signature, before: candidate.before, after: candidate.after, members: candidate.members, support, unfixedMatches, parts, resonance: resonanceOf(parts) };
    attractors.push(attractor);
    if (attractor.resonance < options.threshold || consistent.length === 0 || new Set(consistent.map((m) => m.commit)).size < options.minSupport) continue;
    const spec = settleFix(finalSpec(candidate, attractor, consistent, historyEnd));
    if (spec.cases.valid.length === 0) continue;
    specs.push(spec);
  }
  // Only rules that check will load (read from their bytes, next to the curated pack, queries and
  // regexes validated as check validates them); a refused rule is named in a note.
  const checkable = checkableRules(specs, curatedRules());
  for (const { id, reason } of checkable.refused) notes.push(`${id}: not written, check would refuse it: ${reason}`);
  // Every promoted rule must pass its own cases.
  const finalPack = compilePack(checkable.specs.map((spec) => ({ spec, file: spec.id })), { eager: false });
  const failing = new Set(testRules(finalPack).filter((r) => r.failures.length).map((r) => r.ruleId));
  const promoted = checkable.specs.filter((s) => !failing.has(s.id));
  const result: LearnResult = { summary, attractors, specs: promoted, edits };
  if (options.out) {
    const changes = writePack(options.out, promoted);
    for (const { id, reason } of changes.refused) notes.push(`${id}: not written: ${reason}`);
    summary.rules = { promoted: changes.promoted.length, updated: changes.updated.length, unchanged: changes.unchanged.length, retired: changes.retired.length, keptByHuman: changes.keptByHuman.length };
    result.changes = changes;
  }
  return result;
}

