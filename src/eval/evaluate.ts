import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { checkSource } from '../check/check-source.js';
import { collectPaths } from '../files/collect-paths.js';
import { decodeSource } from '../files/decode.js';
import { fixSource } from '../fix/fix-source.js';
import { BlobReader } from '../git/blob-reader.js';
import { firstParentHistory } from '../git/first-parent.js';
import { tempClone } from '../git/temp-clone.js';
import { walkHistory } from '../git/walk-history.js';
import { classifyMessage, isTestPath } from '../mine/classify-commit.js';
import { diffLines, type LineHunk } from '../mine/diff-lines.js';
import type { BaselineFinding, EditPattern, Finding, LanguageId, LoadedRule, RuleSpec } from '../model.js';
import { extensionMap, languageOfPath } from '../parse/index.js';
import { compilePack, type CompiledPack } from '../rules/compile-pack.js';
import { AttractorError } from '../shared/errors.js';
import { extractEdits } from '../learn/extract-edits.js';
import { learnRepo, type LearnOptions } from '../learn/learn-repo.js';
import { repetitionCeiling, type RepetitionCeiling } from './repetition-ceiling.js';
import { eslintRecommended } from '../eslint/recommended-baseline.js';
import { pyflakesCommand, runPyflakes } from './peers/pyflakes.js';

export interface EvalReport {
  head: string;
  cut: { commit: string; index: number; of: number };
  learn: { seconds: number; commitsScanned: number; fixCandidates: number; rules: string[] };
  heldOut: number;
  hits: number;
  recall: number;
  noise: { findings: number; lines: number; perKloc: number };
  fixExactness: { hitsWithFix: number; exact: number };
  /** Held-out fixes repeating an edit of earlier fixes: what a learner of recurring fixes could reach. */
  ceiling: RepetitionCeiling;
  /** The peer covering most of the tree's lines (one of `baselines`). */
  baseline?: BaselineScore;
  /** Every peer linter found: pyflakes for Python, ESLint's recommended set for JavaScript. */
  baselines?: BaselineScore[];
  hitDetails: { commit: string; subject: string; path: string; line: number; ruleId: string }[];
  /** The same hold-out for other thresholds (`--sweep`): one learn, the rules filtered by resonance. */
  sweep?: PackScore[];
  /** The curated starter pack alone, and together with the learned pack (what `check` runs). */
  curated?: PackScore;
  shipped?: PackScore;
}

/** A peer linter scored like the pack; `lines`: non-blank lines at the cut in its languages. */
export interface BaselineScore {
  tool: string;
  hits: number;
  recall: number;
  findings: number;
  perKloc: number;
  lines: number;
}

interface BaselineTool {
  tool: string;
  languages: LanguageId[];
  run(inputs: Map<string, { text: string; path: string }>): Map<string, BaselineFinding[]>;
}

/** The peer linters installed here: pyflakes (Python) and ESLint's recommended set (JavaScript). */
function baselineTools(): BaselineTool[] {
  const tools: BaselineTool[] = [];
  const pyflakes = pyflakesCommand();
  if (pyflakes) tools.push({ tool: 'pyflakes', languages: ['python'], run: (inputs) => runPyflakes(pyflakes, new Map([...inputs].map(([key, file]) => [key, file.text]))) });
  const eslint = eslintRecommended();
  if (eslint) tools.push({ tool: 'ESLint recommended', languages: ['javascript'], run: (inputs) => new Map([...inputs].map(([key, file]) => [key, eslint(file.text, file.path)])) });
  return tools;
}

/** Recall and noise of one set of rules over the same held-out fixes and the same tree. */
export interface PackScore {
  label: string;
  rules: number;
  hits: number;
  recall: number;
  findings: number;
  perKloc: number;
}

export interface EvalOptions extends Omit<LearnOptions, 'root' | 'out' | 'cacheDir' | 'rev'> {
  split: number;
  /** A held-out fix touches at most this many non-test source files (evaluation.md: 5). */
  maxFixFiles?: number;
  baseline?: boolean;
  /** More thresholds to score from the same learn (the pack is learned at the lowest). */
  sweep?: number[];
  /** The curated rules, scored alone and together with the learned ones. */
  curated?: LoadedRule[];
}

interface HeldOutFile {
  commit: string;
  /** The held-out fix's edits (learn/extract-edits.ts), for the repetition ceiling. */
  edits: EditPattern[];
  subject: string;
  path: string;
  language: LanguageId;
  before: string;
  after: string;
  hunks: LineHunk[];
}

/** Lines of the parent a fix changed (1-based); a pure insertion counts the lines around it. */
function changedLines(hunks: LineHunk[]): Set<number> {
  const lines = new Set<number>();
  for (const h of hunks) {
    if (h.oldLines === 0) {
      lines.add(h.oldStart);
      lines.add(h.oldStart + 1);
    } else for (let i = 0; i < h.oldLines; i++) lines.add(h.oldStart + i + 1);
  }
  return lines;
}

const pathFor = (language: LanguageId, path: string): string => path;
const tokens = (text: string): string => text.split(/([^\w]|\s+)/).filter((t) => t.trim()).join(' ');

function counts<T extends { key: string }>(list: T[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of list) out.set(item.key, (out.get(item.key) ?? 0) + 1);
  return out;
}

/** A finding on a changed line whose rule fires fewer times after the fix. */
function hitOf<T extends { key: string; line: number; endLine?: number }>(before: T[], after: T[], lines: Set<number>): T | undefined {
  const afterCounts = counts(after);
  const beforeCounts = counts(before);
  return before.find((f) => {
    let on = false;
    for (let l = f.line; l <= (f.endLine ?? f.line); l++) if (lines.has(l)) on = true;
    return on && (afterCounts.get(f.key) ?? 0) < (beforeCounts.get(f.key) ?? 0);
  });
}

/** Whether our fix gives the developer's own changed lines (token-equal), for the hit's hunk. */
function fixIsExact(file: HeldOutFile, pack: CompiledPack, ruleId: string): boolean {
  const ours = fixSource(file.before, pathFor(file.language, file.path), file.language, pack, new Set([ruleId])).output;
  if (ours === file.before) return false;
  const beforeLines = file.before.split('\n');
  const ourHunks = diffLines(beforeLines, ours.split('\n'));
  const devLines = file.after.split('\n');
  const oursLines = ours.split('\n');
  return ourHunks.every((h) => {
    const dev = file.hunks.find((d) => d.oldStart <= h.oldStart + h.oldLines && h.oldStart <= d.oldStart + d.oldLines);
    if (!dev) return false;
    return tokens(oursLines.slice(h.newStart, h.newStart + h.newLines).join('\n')) === tokens(devLines.slice(dev.newStart, dev.newStart + dev.newLines).join('\n'));
  });
}

/**
 * The temporal hold-out of docs/evaluation: learn on the first-parent history up to the cut (in a
 * temporary clone, so nothing later is visible), then see which later bug fixes the pack would
 * have flagged before they were made, how noisy it is at the cut, and the same for pyflakes.
 */
export async function evaluate(root: string, options: EvalOptions): Promise<EvalReport> {
  if (!(options.split > 0 && options.split < 1)) throw new AttractorError('bad-args', `--split must be between 0 and 1, got ${options.split}`);
  const history = firstParentHistory(root);
  if (history.length < 10) throw new AttractorError('bad-args', `only ${history.length} commits on the first-parent history; eval needs at least 10`);
  const index = Math.floor(history.length * options.split) - 1;
  const cut = history[index] as string;
  const head = history[history.length - 1] as string;
  const clone = await tempClone(root, cut);
  try {
    const started = Date.now();
    const lowest = Math.min(options.threshold, ...(options.sweep ?? []));
    const learned = await learnRepo({ ...options, threshold: lowest, root: clone.dir, cacheDir: `${clone.dir}/.attractor/cache` });
    const seconds = (Date.now() - started) / 1000;
    const resonance = (spec: RuleSpec): number => spec.provenance?.resonance ?? 0;
    const mainIds = new Set(learned.specs.filter((spec) => resonance(spec) >= options.threshold).map((spec) => spec.id));
    const curatedIds = new Set((options.curated ?? []).map((rule) => rule.spec.id));
    const pack = compilePack([...learned.specs.map((spec) => ({ spec, file: spec.id })), ...(options.curated ?? [])], { eager: false });
    const languages = extensionMap();

    // Held-out fixes: fix commits after the cut touching 1..maxFixFiles non-test source files.
    const heldOut: HeldOutFile[][] = [];
    const reader = new BlobReader(root);
    try {
      for await (const commit of walkHistory(root, { rev: `${cut}..${head}` })) {
        if (!classifyMessage(commit.message).isFix) continue;
        const sources = commit.changes.filter((c) => languageOfPath(c.path, languages) && !isTestPath(c.path));
        if (sources.length === 0 || sources.length > (options.maxFixFiles ?? 5) || sources.some((c) => c.status !== 'M')) continue;
        const files: HeldOutFile[] = [];
        for (const change of sources) {
          const [a, b] = await Promise.all([reader.read(change.oldBlob, options.maxFileSize), reader.read(change.newBlob, options.maxFileSize)]);
          if (a.kind !== 'ok' || b.kind !== 'ok') continue;
          const before = decodeSource(a.bytes, options.maxFileSize);
          const after = decodeSource(b.bytes, options.maxFileSize);
          if ('skip' in before || 'skip' in after) continue;
          const language = languageOfPath(change.path, languages) as LanguageId;
          const edits = extractEdits({ commit, path: change.path, language, before: before.text, after: after.text, evidence: { touchesTests: false, redToGreen: [] } });
          files.push({ commit: commit.sha, edits, subject: commit.message.split('\n')[0] ?? '', path: change.path, language, before: before.text, after: after.text, hunks: diffLines(before.text.split('\n'), after.text.split('\n')) });
        }
        if (files.length) heldOut.push(files);
      }
    } finally {
      reader.close();
    }

    const report: EvalReport = {
      head,
      cut: { commit: cut, index: index + 1, of: history.length },
      learn: { seconds, commitsScanned: learned.summary.commitsScanned, fixCandidates: learned.summary.fixCandidates, rules: learned.specs.filter((s) => mainIds.has(s.id)).map((s) => s.id) },
      heldOut: heldOut.length,
      hits: 0,
      recall: 0,
      noise: { findings: 0, lines: 0, perKloc: 0 },
      fixExactness: { hitsWithFix: 0, exact: 0 },
      hitDetails: [],
      ceiling: repetitionCeiling(learned.edits ?? [], heldOut.map((files) => files.flatMap((f) => f.edits)), options.minSupport),
    };
    // Every rule is scored on its own (a hit needs only the rule's own findings), so any set of
    // rules can be scored afterwards from which rules hit which fix and how often each fires.
    const keyed = (findings: Finding[]) => findings.map((f) => ({ ...f, key: f.ruleId }));
    const hitsByFix: { rule: string; file: HeldOutFile; line: number; fix: boolean }[][] = [];
    for (const files of heldOut) {
      const found: { rule: string; file: HeldOutFile; line: number; fix: boolean }[] = [];
      for (const file of files) {
        // Native trees are freed only when the event loop turns: without this they pile up.
        await yieldToLoop();
        const path = pathFor(file.language, file.path);
        const before = keyed(checkSource(file.before, path, file.language, pack, { ignoreSuppressions: true }).findings);
        const after = keyed(checkSource(file.after, path, file.language, pack, { ignoreSuppressions: true }).findings);
        const lines = changedLines(file.hunks);
        for (const rule of new Set(before.map((f) => f.ruleId))) {
          if (found.some((h) => h.rule === rule)) continue;
          const hit = hitOf(before.filter((f) => f.ruleId === rule), after.filter((f) => f.ruleId === rule), lines);
          if (hit) found.push({ rule, file, line: hit.line, fix: hit.fix !== undefined });
        }
      }
      hitsByFix.push(found);
    }

    // Noise: findings per 1,000 non-blank lines of non-test source at the cut.
    const { files } = collectPaths([], { cwd: clone.dir, root: clone.dir, include: options.include, exclude: options.exclude, extensions: {} });
    const sources = files.filter((f) => !isTestPath(f.id));
    const texts = new Map<string, { text: string; language: LanguageId }>();
    const firing = new Map<string, number>();
    for (const file of sources) {
      await yieldToLoop();
      const loaded = file.load();
      if ('skip' in loaded) continue;
      const decoded = decodeSource(loaded.bytes, options.maxFileSize);
      if ('skip' in decoded) continue;
      texts.set(file.id, { text: decoded.text, language: file.language });
      report.noise.lines += decoded.text.split('\n').filter((l) => l.trim()).length;
      for (const f of checkSource(decoded.text, file.id, file.language, pack).findings) firing.set(f.ruleId, (firing.get(f.ruleId) ?? 0) + 1);
    }
    const score = (label: string, ids: Set<string>): PackScore => {
      const hits = hitsByFix.filter((found) => found.some((h) => ids.has(h.rule))).length;
      const findings = [...ids].reduce((sum, id) => sum + (firing.get(id) ?? 0), 0);
      return { label, rules: ids.size, hits, recall: heldOut.length ? hits / heldOut.length : 0, findings, perKloc: report.noise.lines ? (findings * 1000) / report.noise.lines : 0 };
    };
    const main = score('learned', mainIds);
    Object.assign(report, { hits: main.hits, recall: main.recall });
    report.noise.findings = main.findings;
    report.noise.perKloc = main.perKloc;
    for (const found of hitsByFix) {
      const hit = found.find((h) => mainIds.has(h.rule));
      if (!hit) continue;
      report.hitDetails.push({ commit: hit.file.commit.slice(0, 12), subject: hit.file.subject, path: hit.file.path, line: hit.line, ruleId: hit.rule });
      if (hit.fix) {
        report.fixExactness.hitsWithFix++;
        if (fixIsExact(hit.file, pack, hit.rule)) report.fixExactness.exact++;
      }
    }
    if (options.sweep?.length) {
      report.sweep = [...new Set([options.threshold, ...options.sweep])].sort((a, b) => a - b).map((t) => score(`learned >= ${t}`, new Set(learned.specs.filter((spec) => resonance(spec) >= t).map((spec) => spec.id))));
    }
    if (options.curated) {
      report.curated = score('curated', curatedIds);
      report.shipped = score('curated + learned', new Set([...curatedIds, ...mainIds]));
    }

    // Peer baselines, scored the same way over the files of their languages.
    for (const peer of options.baseline === false ? [] : baselineTools()) {
      const covers = (language: LanguageId): boolean => peer.languages.includes(language);
      const inputs = new Map<string, { text: string; path: string }>();
      heldOut.forEach((files, i) => files.forEach((f, j) => {
        if (!covers(f.language)) return;
        inputs.set(`b:${i}:${j}`, { text: f.before, path: f.path });
        inputs.set(`a:${i}:${j}`, { text: f.after, path: f.path });
      }));
      for (const [id, { text, language }] of texts) if (covers(language)) inputs.set(`t:${id}`, { text, path: id });
      if (inputs.size === 0) continue;
      const results = peer.run(inputs);
      let hits = 0;
      heldOut.forEach((files, i) => {
        if (files.some((f, j) => covers(f.language) && hitOf(results.get(`b:${i}:${j}`) as BaselineFinding[], results.get(`a:${i}:${j}`) as BaselineFinding[], changedLines(f.hunks)))) hits++;
      });
      let findings = 0;
      let lines = 0;
      for (const [id, { text, language }] of texts) {
        if (!covers(language)) continue;
        findings += results.get(`t:${id}`)?.length ?? 0;
        lines += text.split('\n').filter((l) => l.trim()).length;
      }
      (report.baselines ??= []).push({ tool: peer.tool, hits, recall: heldOut.length ? hits / heldOut.length : 0, findings, perKloc: lines ? (findings * 1000) / lines : 0, lines });
    }
    // The headline baseline: the peer covering most of the tree.
    report.baseline = report.baselines?.reduce((a, b) => (b.lines > a.lines ? b : a));
    return report;
  } finally {
    clone.remove();
  }
}
