import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFiles } from '../check/check-files-parallel.js';
import { checkSource } from '../check/check-source.js';
import { collectPaths } from '../files/collect-paths.js';
import { decodeSource } from '../files/decode.js';
import { fixSource } from '../fix/fix-source.js';
import { isTestPath } from '../mine/classify-commit.js';
import type { Attractor, EditPattern, LanguageId, LoadedRule, RuleSpec, Site } from '../model.js';
import { releaseSyntaxTrees, snippetPath } from '../parse/index.js';
import { compilePack, type CompiledPack } from '../rules/compile-pack.js';
import { BUILTIN_RULES_DIR, loadRuleDir } from '../rules/load-rules.js';
import { testRules } from '../rules/test-rules.js';
import { validateRuleSpec } from '../rules/validate-spec.js';
import { uniqueRuleIds, type Candidate } from './generalise.js';
import { severityFor } from './score.js';
import { SOURCES, sourceNamed } from './sources/index.js';
import type { Assessment, SourceInput, TreeSite } from './sources/source.js';
import { checkableRules } from './write-pack.js';

/** Where the learner looks at the current tree. */
export interface TreeOptions {
  root: string;
  include: string[];
  exclude: string[];
  maxFileSize: number;
  threshold: number;
  notes: string[];
  /** Also return the candidates that were refused or scored below the threshold, as rules (eval's `--what-if`). */
  keepRefused?: boolean;
}

/** A candidate that was not promoted, as the rule it would have been, with the reason. */
export interface RefusedRule {
  spec: RuleSpec;
  reason: string;
}

/** At most this many of a rule's tree sites are kept in its provenance. */
const SITES_KEPT = 20;

/** The rules whose queries compile, found by halving: one compilation when all do, a few per bad rule. */
function compilable(rules: LoadedRule[]): { pack: CompiledPack | undefined; good: LoadedRule[] } {
  if (rules.length === 0) return { pack: undefined, good: [] };
  try {
    return { pack: compilePack(rules), good: rules };
  } catch {
    if (rules.length === 1) return { pack: undefined, good: [] };
    const half = Math.ceil(rules.length / 2);
    return { pack: undefined, good: [...compilable(rules.slice(0, half)).good, ...compilable(rules.slice(half)).good] };
  }
}

/** Compiles the candidates together; a query the generaliser got wrong sinks only itself. */
function compileCandidates(candidates: Candidate[]): { pack: CompiledPack; kept: Candidate[] } {
  const byId = new Map<string, Candidate>();
  const loaded: LoadedRule[] = [];
  for (const candidate of candidates) {
    // One pack cannot hold an id twice (clusterEdits makes them unique; this keeps the pack whole if not).
    if (byId.has(candidate.id)) continue;
    try {
      // Cross-rule checks without compiling queries: capture references, the spec's fields.
      const rule = { spec: validateRuleSpec(candidate.spec, candidate.id), file: candidate.id };
      compilePack([rule], { eager: false });
      loaded.push(rule);
      byId.set(candidate.id, candidate);
    } catch {
      // Skipped: the template does not make a valid rule.
    }
  }
  const { pack, good } = compilable(loaded);
  return { pack: pack ?? compilePack(good, { eager: false }), kept: good.map((rule) => byId.get(rule.file) as Candidate) };
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

/**
 * Which rules of `pack` flag a snippet. Memoised per snippet: candidates of several sources share
 * members, and one check of the whole pack answers for every candidate at once.
 */
function snippetChecker(pack: CompiledPack): (id: string, code: string, language: LanguageId) => boolean {
  const memo = new Map<string, Set<string>>();
  return (id, code, language) => {
    const key = `${language}\u0000${code}`;
    let ids = memo.get(key);
    if (!ids) {
      ids = new Set(checkSource(code, snippetPath(language), language, pack, { ignoreSuppressions: true }).findings.map((f) => f.ruleId));
      memo.set(key, ids);
    }
    return ids.has(id);
  };
}

/** The texts of the current tree's non-test source files (with `tests`, of its test files instead). */
export function* treeTexts(options: Omit<TreeOptions, 'threshold' | 'notes'>, tests = false): Generator<{ path: string; text: string; language: LanguageId }> {
  const { files } = collectPaths([], { cwd: options.root, root: options.root, include: options.include, exclude: options.exclude, extensions: {} });
  for (const file of files) {
    if (isTestPath(file.id) !== tests) continue;
    const loaded = file.load();
    if ('skip' in loaded) continue;
    const decoded = decodeSource(loaded.bytes, options.maxFileSize);
    if (!('skip' in decoded)) yield { path: file.id, text: decoded.text, language: file.language };
  }
}

/** Where each candidate matches in the current tree (non-test source files), in path and line order. */
async function treeSites(pack: CompiledPack, options: TreeOptions): Promise<Map<string, TreeSite[]>> {
  const { files } = collectPaths([], { cwd: options.root, root: options.root, include: options.include, exclude: options.exclude, extensions: {} });
  const sources = files.filter((f) => !isTestPath(f.id));
  const { findings } = await checkFiles(sources, pack, { maxFileSize: options.maxFileSize });
  const sites = new Map<string, TreeSite[]>();
  for (const f of findings) {
    const list = sites.get(f.ruleId) ?? [];
    list.push({ path: f.path, line: f.line, endLine: f.endLine });
    sites.set(f.ruleId, list);
  }
  for (const list of sites.values()) list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  return sites;
}

function finalSpec(candidate: Candidate, attractor: Attractor, assessment: Assessment, consistent: EditPattern[], sites: Site[], historyEnd: number): RuleSpec {
  const spec: RuleSpec = JSON.parse(JSON.stringify(candidate.spec)) as RuleSpec;
  const newestFirst = [...consistent].sort((a, b) => b.time - a.time || (a.commit < b.commit ? -1 : 1));
  spec.severity = severityFor(attractor.resonance);
  spec.docs = { description: assessment.description };
  if (assessment.message) spec.message = assessment.message;
  if (assessment.newCodeOnly) spec.newCodeOnly = true;
  spec.provenance = {
    origin: 'learned',
    source: attractor.source,
    commits: [...new Set(newestFirst.map((m) => m.commit.slice(0, 12)).filter(Boolean))],
    support: attractor.support,
    resonance: attractor.resonance,
    parts: attractor.parts,
    unfixedMatches: attractor.unfixedMatches,
    learnedAt: new Date(historyEnd * 1000).toISOString().slice(0, 10),
    fixes: newestFirst.filter((m) => m.commit).slice(0, 5).map((m) => ({ commit: m.commit.slice(0, 12), subject: m.subject.slice(0, 100), path: m.path, line: m.line })),
  };
  // Conventions come from the tree, not from commits: no commit list, no fixes of their own.
  if (spec.provenance.commits?.length === 0) delete spec.provenance.commits;
  if (spec.provenance.fixes?.length === 0) delete spec.provenance.fixes;
  if (assessment.convention) spec.provenance.convention = assessment.convention;
  if (sites.length) spec.provenance.sites = sites.slice(0, SITES_KEPT).map(({ path, line }) => ({ path, line }));
  if (assessment.migration) spec.provenance.migration = assessment.migration;
  // Recurring-fix rules keep the bytes of earlier packs: their source is the default, left out.
  if (attractor.source === 'recurring-fix') delete spec.provenance.source;
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
  for (const c of spec.cases.invalid) {
    const outcome = fixSource(c.code, snippetPath(language), language, pack, new Set([spec.id]), undefined, false);
    if (outcome.rejected.length || outcome.fixed.length === 0 || outcome.remaining.some((f) => f.ruleId === spec.id)) {
      delete spec.fix;
      for (const other of spec.cases.invalid) delete other.output;
      return spec;
    }
    c.output = outcome.output;
  }
  return spec;
}


/**
 * The one path from candidates to rules, whatever their source: every source's candidates get
 * unique ids, are compiled (together; a query the generaliser got wrong sinks only itself),
 * measured the same way (consistency on the members' own before/after code, sites in the current
 * tree), assessed by their source, and promoted above the threshold; the promoted rules get their
 * cases, must be loadable as `check` loads packs, and must pass their own cases.
 */
export async function promoteCandidates(input: SourceInput, options: TreeOptions): Promise<{ attractors: Attractor[]; promoted: RuleSpec[]; candidates: number; refused: RefusedRule[] }> {
  const all: Candidate[] = [];
  for (const source of SOURCES) for (const c of await source.candidates(input)) all.push({ ...c, source: source.name });
  const named = uniqueRuleIds(all);
  const { pack, kept } = compileCandidates(named);
  const sites = kept.length ? await treeSites(pack, options) : new Map<string, TreeSite[]>();
  const texts = new Map<string, string | undefined>();
  const read = (path: string): string | undefined => {
    if (!texts.has(path)) {
      try {
        texts.set(path, readFileSync(join(options.root, path), 'utf8'));
      } catch {
        texts.set(path, undefined);
      }
    }
    return texts.get(path);
  };
  let tree: string[] | undefined;
  const grepped = new Map<string, boolean>();
  // The tree is read once per learn (`input.tree`, shared with the sources that mine it); a search
  // is made once, and only in the files that hold its literal.
  const grep = (pattern: RegExp, literal?: string): boolean => {
    const key = `${pattern.flags}/${pattern.source}`;
    let found = grepped.get(key);
    if (found === undefined) {
      tree ??= [...(input.tree?.() ?? treeTexts(options))].map((t) => t.text);
      found = tree.some((text) => (literal === undefined || text.includes(literal)) && pattern.test(text));
      grepped.set(key, found);
    }
    return found;
  };
  const firesOn = snippetChecker(pack);
  // How often a candidate matches in the test files, counted when a source asks (a few candidates).
  let testTexts: { path: string; text: string; language: LanguageId }[] | undefined;
  const inTests = (id: string): number => {
    const rule = pack.source.loaded.find((r) => r.spec.id === id);
    if (!rule) return 0;
    testTexts ??= [...treeTexts(options, true)];
    const one = compilePack([rule], { eager: false });
    return testTexts.reduce((n, t) => n + checkSource(t.text, t.path, t.language, one, { ignoreSuppressions: true }).findings.length, 0);
  };
  const attractors: Attractor[] = [];
  const specs: RuleSpec[] = [];
  const refused: RefusedRule[] = [];
  // A pattern promoted once (sources in order) is not promoted again by another candidate, nor is
  // a rule all of whose sites an earlier promoted rule already reports.
  const patterns = new Map<string, string>();
  const reported = new Map<string, string>();
  const siteKey = (site: Site): string => `${site.path}:${site.line}`;
  for (const [i, candidate] of kept.entries()) {
    if (i % 64 === 63) await releaseSyntaxTrees();
    const consistent = candidate.members.filter((m) => firesOn(candidate.id, m.snippet.before, m.language) && !firesOn(candidate.id, m.snippet.after, m.language));
    const found = sites.get(candidate.id) ?? [];
    const source = sourceNamed(candidate.source ?? 'recurring-fix');
    const assessment = source.assess(candidate, { consistent, consistency: consistent.length / candidate.members.length, sites: found, historyEnd: input.historyEnd, read, grep, inTests: () => inTests(candidate.id) }, input);
    const support = new Set(candidate.members.map((m) => m.commit)).size;
    const attractor: Attractor = { id: candidate.id, language: candidate.language, source: source.name, signature: candidate.signature, before: candidate.before, after: candidate.after, members: candidate.members, support, unfixedMatches: found.length, parts: assessment.parts, resonance: assessment.resonance };
    const pattern = JSON.stringify([candidate.language, candidate.spec.query, candidate.spec.where ?? []]);
    const covered = found.length > 0 && found.every((site) => reported.has(siteKey(site)));
    if (assessment.refused) attractor.refused = assessment.refused;
    else if (patterns.has(pattern)) attractor.refused = `the same pattern as ${patterns.get(pattern)}`;
    else if (covered) attractor.refused = `its sites are already reported by ${reported.get(siteKey(found[0] as Site))}`;
    attractors.push(attractor);
    if (consistent.length === 0) continue;
    if (attractor.refused || attractor.resonance < options.threshold) {
      if (options.keepRefused) {
        const spec = finalSpec(candidate, attractor, assessment, consistent, found, input.historyEnd);
        delete spec.fix;
        if (spec.cases.valid.length) refused.push({ spec, reason: attractor.refused ?? `resonance ${attractor.resonance.toFixed(2)} below the threshold ${options.threshold}` });
      }
      continue;
    }
    const spec = settleFix(finalSpec(candidate, attractor, assessment, consistent, found, input.historyEnd));
    if (spec.cases.valid.length === 0) continue;
    specs.push(spec);
    patterns.set(pattern, spec.id);
    for (const site of found) if (!reported.has(siteKey(site))) reported.set(siteKey(site), spec.id);
  }
  // Only rules that check will load (read from their bytes, next to the curated pack, queries and
  // regexes validated as check validates them); a refused rule is named in a note.
  const checkable = checkableRules(specs, curatedRules());
  for (const { id, reason } of checkable.refused) options.notes.push(`${id}: not written, check would refuse it: ${reason}`);
  // Every promoted rule must pass its own cases.
  const finalPack = compilePack(checkable.specs.map((spec) => ({ spec, file: spec.id })), { eager: false });
  const failing = new Set(testRules(finalPack).filter((r) => r.failures.length).map((r) => r.ruleId));
  return { attractors, promoted: checkable.specs.filter((s) => !failing.has(s.id)), candidates: named.length, refused };
}
