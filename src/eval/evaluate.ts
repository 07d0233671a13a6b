import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { checkSource } from '../check/check-source.js';
import { collectPaths } from '../files/collect-paths.js';
import { decodeSource } from '../files/decode.js';
import { fixSource } from '../fix/fix-source.js';
import { BlobReader } from '../git/blob-reader.js';
import { commitParents } from '../git/commit-parents.js';
import { tempClone } from '../git/temp-clone.js';
import type { RawCommit } from '../git/walk-history.js';
import type { LearnOptions } from '../learn/learn-repo.js';
import { isTestPath } from '../mine/classify-commit.js';
import { diffLines } from '../mine/diff-lines.js';
import type { BaselineFinding, Finding, LanguageId, LoadedRule, RuleSpec } from '../model.js';
import { extensionMap, languageOfPath } from '../parse/index.js';
import type { CompiledPack } from '../rules/compile-pack.js';
import { addedLines, changedLines, nonBlankLines, onLines } from './changed-lines.js';
import { hitOf } from './hit.js';
import { introductionsOf, mapLimit, type Introduction } from './introductions.js';
import { planLearnPoints, type LearnPlan, type RefreshMode } from './learn-points.js';
import { learnAlongWindow, sourceOf, type PointPack } from './learn-along.js';
import { holdOutCut, readText, readWindow, type HeldOutFile } from './read-window.js';
import { peerTools, type PeerTool } from './peers/index.js';
import { repetitionCeiling, type RepetitionCeiling } from './repetition-ceiling.js';
import { sampleIndices } from './sample.js';

/** One hit: which rule (or peer) flagged which fix, when, and what kind of evidence the rule came from. */
export interface EvalHit {
  /** `fix`: on the fix's parent (recall); `introduction`: on the commit that introduced the changed line. */
  when: 'fix' | 'introduction';
  /** The pack (`learned`, `curated`) or the peer tool. */
  by: string;
  ruleId: string;
  /** `curated`, a kind of learned evidence (`recurring-fix`, ...), or the peer tool. */
  source: string;
  /** The held-out fix. */
  commit: string;
  subject: string;
  path: string;
  line: number;
  /** For `introduction`: the commit that introduced the flagged line. */
  introducedBy?: string;
  /** The commit whose history the pack was learned on (packs only). */
  packAt?: string;
}

export { refusalClass } from './learn-along.js';

/** Recall and noise of one set of rules (or one peer) over the same commits. */
export interface PackScore {
  label: string;
  /** Rules in the set at the cut. */
  rules: number;
  hits: number;
  recall: number;
  /** Tree noise: findings over the non-test source at the cut, per 1,000 non-blank lines (new-code-only rules left out). */
  findings: number;
  perKloc: number;
  /** Findings of new-code-only rules at the cut: legacy sites, counted by `check`, not shown. */
  legacy?: number;
  /** Hook noise: findings on the lines the window's commits add or change, per 1,000 such lines. */
  hook: { findings: number; lines: number; perKloc: number };
  /** Held-out fixes whose introducing commit the set flagged on a line the fix later changed. */
  introduction: { hits: number; recall: number };
}

/** A peer linter scored like the pack; `lines`: non-blank lines at the cut in its languages. */
export interface BaselineScore extends PackScore {
  tool: string;
  lines: number;
}

export interface EvalReport {
  head: string;
  cut: { commit: string; index: number; of: number };
  /** The learn at the cut. */
  learn: { seconds: number; commitsScanned: number; fixCandidates: number; rules: string[] };
  /** Re-learning along the window (`--refresh`): each learn point, the time it took and its rules. */
  refresh: { mode: RefreshMode; points: { commit: string; position: number; seconds: number; rules: number; fixesJudged: number }[] };
  heldOut: number;
  /** The learned pack (with re-learning): held-out fixes flagged before they were made. */
  hits: number;
  recall: number;
  noise: { findings: number; lines: number; perKloc: number };
  /** The window's commits the hook view covers (all, or a seeded sample) and the lines they add. */
  hook: { commits: number; of: number; seed: number; addedLines: number };
  /** The SZZ step: held-out fixes with blameable changed lines, and the commits that introduced them. */
  atIntroduction: { fixes: number; introducingCommits: number; beforeCut: number; hits: number; recall: number };
  fixExactness: { hitsWithFix: number; exact: number };
  /** Held-out fixes repeating an edit of earlier fixes: what a learner of recurring fixes could reach. */
  ceiling: RepetitionCeiling;
  /** The learned pack, the curated pack and both (what `check` runs), scored on every column. */
  packs: PackScore[];
  /** The peer covering most of the tree's lines (one of `baselines`). */
  baseline?: BaselineScore;
  baselines?: BaselineScore[];
  /** Held-out fixes flagged by the product (curated + learned), by the source of the flagging rule. */
  bySource: Record<string, { fix: number; introduction: number }>;
  /** The first hit of the learned pack on each fix it flagged (the rows `eval` prints). */
  hitDetails: { commit: string; subject: string; path: string; line: number; ruleId: string; source: string; packAt: string }[];
  /** Every hit of every pack and peer, with its rule, source and commit. */
  hitsAll: EvalHit[];
  /** Per rule of the shipped pack: findings on added lines (hook) and at the cut (tree, and legacy), to see where noise comes from. */
  noiseByRule: Record<string, { source: string; hook: number; tree: number; legacy: number }>;
  /** The same hold-out for other thresholds (`--sweep`): one learn, the rules filtered by resonance. */
  sweep?: PackScore[];
  /** `--what-if`: the learned pack plus the candidates refused for each reason (labels `+ source: reason`). */
  whatIf?: PackScore[];
  curated?: PackScore;
  shipped?: PackScore;
  notes: string[];
}

export interface EvalOptions extends Omit<LearnOptions, 'root' | 'out' | 'cacheDir' | 'rev'> {
  split: number;
  /** Learn again along the window: K segments (1: the single cut) or at each held-out fix. Default 5. */
  refresh?: RefreshMode;
  /** A held-out fix touches at most this many non-test source files (evaluation.md: 5). */
  maxFixFiles?: number;
  baseline?: boolean;
  /** Commits of the window the hook view covers (a seeded sample when there are more). Default 300. */
  hookCommits?: number;
  seed?: number;
  /** More thresholds to score from the same learn (the pack is learned at the lowest). */
  sweep?: number[];
  /** The curated rules, scored alone and together with the learned ones. */
  curated?: LoadedRule[];
  /** Progress lines (stages of a long run). */
  onStage?: (message: string) => void;
  /** Also score the candidates learn refused, by reason: what each refusal costs in hits and saves in noise. */
  whatIf?: boolean;
}

/** A commit of the window as the hook sees it: its changed source files and the lines it adds. */
interface HookFile {
  commit: string;
  path: string;
  language: LanguageId;
  text: string;
  added: Set<number>;
}

/** Which rules of a point's pack a score counts. */
interface RuleSet {
  label: string;
  has(point: number, ruleId: string): boolean;
  rulesAtCut: number;
}

const tokens = (text: string): string => text.split(/([^\w]|\s+)/).filter((t) => t.trim()).join(' ');
const resonance = (spec: RuleSpec): number => spec.provenance?.resonance ?? 0;
const ratio = (n: number, d: number): number => (d ? n / d : 0);
const perKloc = (n: number, lines: number): number => (lines ? (n * 1000) / lines : 0);

/** Whether our fix gives the developer's own changed lines (token-equal), for the hit's hunk. */
function fixIsExact(file: HeldOutFile, pack: CompiledPack, ruleId: string): boolean {
  const ours = fixSource(file.before, file.path, file.language, pack, new Set([ruleId])).output;
  if (ours === file.before) return false;
  const ourHunks = diffLines(file.before.split('\n'), ours.split('\n'));
  const devLines = file.after.split('\n');
  const oursLines = ours.split('\n');
  return ourHunks.every((h) => {
    const dev = file.hunks.find((d) => d.oldStart <= h.oldStart + h.oldLines && h.oldStart <= d.oldStart + d.oldLines);
    if (!dev) return false;
    return tokens(oursLines.slice(h.newStart, h.newStart + h.newLines).join('\n')) === tokens(devLines.slice(dev.newStart, dev.newStart + dev.newLines).join('\n'));
  });
}

/**
 * The temporal hold-out of docs/evaluation, as the product is used: learn on the first-parent
 * history up to the cut (in a temporary clone, so nothing later is visible) and again along the
 * window (`refresh`); score each later bug fix with the newest pack learned before it, the findings
 * a pre-commit hook would show on the window's commits, and whether the commit that introduced a
 * fixed line would have been flagged; the same for the peer linters.
 */
export async function evaluate(root: string, options: EvalOptions): Promise<EvalReport> {
  const stage = options.onStage ?? (() => undefined);
  const { history, index, cut, head } = holdOutCut(root, options.split);
  const languages = extensionMap();
  const notes: string[] = [];
  const maxFileSize = options.maxFileSize;

  // One walk of the window: the held-out fixes, and the commits the hook view samples.
  stage(`reading the window ${cut.slice(0, 10)}..${head.slice(0, 10)}`);
  const reader = new BlobReader(root);
  try {
    const { heldOut, windowCommits } = await readWindow(root, reader, `${cut}..${head}`, { maxFixFiles: options.maxFixFiles ?? 5, maxFileSize });
    const plan: LearnPlan = planLearnPoints(history, index, commitParents(root, `${cut}..${head}`), options.refresh ?? 5, heldOut.map((files) => (files[0] as HeldOutFile).commit));

    // The hook view: every window commit touching source, or a seeded sample of them.
    const seed = options.seed ?? 1;
    const sampled = sampleIndices(windowCommits.length, options.hookCommits ?? 300, seed).map((i) => windowCommits[i] as RawCommit);
    const hookFiles: HookFile[] = [];
    for (const commit of sampled) {
      for (const change of commit.changes) {
        const language = languageOfPath(change.path, languages);
        if (!language || isTestPath(change.path) || (change.status !== 'M' && change.status !== 'A')) continue;
        const after = await readText(reader, change.newBlob, maxFileSize);
        if (after === undefined) continue;
        const before = change.status === 'A' ? '' : await readText(reader, change.oldBlob, maxFileSize);
        if (before === undefined) continue;
        const lines = after.split('\n');
        const added = new Set([...addedLines(diffLines(before ? before.split('\n') : [], lines))].filter((l) => (lines[l - 1] ?? '').trim()));
        if (added.size) hookFiles.push({ commit: commit.sha, path: change.path, language, text: after, added });
      }
    }

    // The SZZ step: the commits that introduced each held-out fix's changed lines, and those files.
    stage(`blaming the lines ${heldOut.length} held-out fixes changed`);
    const introductions = await mapLimit(heldOut, 2, async (files) => (await Promise.all(files.map((f) => introductionsOf(root, f.parent, f.path, f.language, f.before, f.hunks).then((found) => found.map((i) => ({ ...i, language: f.language })))))).flat());
    const introTexts = new Map<string, string>();
    for (const intro of introductions.flat()) {
      const key = `${intro.commit}:${intro.path}`;
      if (introTexts.has(key)) continue;
      const text = await readText(reader, key, maxFileSize);
      if (text !== undefined) introTexts.set(key, text);
    }

    // Learn at the cut and at each refresh point, in one clone, reusing its extraction cache.
    const clone = await tempClone(root, cut);
    try {
      const curated = options.curated ?? [];
      const { points, refresh, first: learnedFirst, firstSeconds } = await learnAlongWindow(clone, plan, { ...options, threshold: Math.min(options.threshold, ...(options.sweep ?? [])), mainThreshold: options.threshold }, curated, stage);
      const sources = new Map<string, string>();
      for (const rule of curated) sources.set(rule.spec.id, 'curated');
      for (const p of points) for (const spec of p.specs) sources.set(spec.id, sourceOf(spec));
      for (const p of points) for (const [id, why] of p.refused) if (!sources.has(id)) sources.set(id, why.split(':')[0] as string);
      const pointOf = (commit: string): number => plan.pointFor(commit);

      // Held-out fixes: every rule is scored on its own (a hit needs only the rule's own
      // findings), so any set of rules can be scored afterwards.
      stage(`scoring ${heldOut.length} held-out fixes`);
      type Found = { rule: string; point: number; file: HeldOutFile; line: number; fix: boolean };
      const keyed = (findings: Finding[]) => findings.map((f) => ({ ...f, key: f.ruleId }));
      const hitsByFix: Found[][] = [];
      for (const files of heldOut) {
        const point = pointOf((files[0] as HeldOutFile).commit);
        (refresh.points[point] as { fixesJudged: number }).fixesJudged++;
        const { pack, newCodeOnly } = points[point] as PointPack;
        const found: Found[] = [];
        for (const file of files) {
          // Native trees are freed only when the event loop turns: without this they pile up.
          await yieldToLoop();
          const before = keyed(checkSource(file.before, file.path, file.language, pack, { ignoreSuppressions: true }).findings);
          const after = keyed(checkSource(file.after, file.path, file.language, pack, { ignoreSuppressions: true }).findings);
          const lines = changedLines(file.hunks);
          for (const rule of new Set(before.map((f) => f.ruleId))) {
            // A new-code-only rule does not report the old lines a fix changes (the hook shows it
            // when the line is written: see at introduction).
            if (newCodeOnly.has(rule) || found.some((h) => h.rule === rule)) continue;
            const hit = hitOf(before.filter((f) => f.ruleId === rule), after.filter((f) => f.ruleId === rule), lines);
            if (hit) found.push({ rule, point, file, line: hit.line, fix: hit.fix !== undefined });
          }
        }
        hitsByFix.push(found);
      }

      // Hook noise: findings on the lines each sampled commit adds, with the pack of its time.
      stage(`checking the lines ${sampled.length} window commits add`);
      const hookFindings: { rule: string; point: number }[] = [];
      const addedByLanguage = new Map<LanguageId, number>();
      for (const file of hookFiles) {
        await yieldToLoop();
        addedByLanguage.set(file.language, (addedByLanguage.get(file.language) ?? 0) + file.added.size);
        const point = pointOf(file.commit);
        for (const f of checkSource(file.text, file.path, file.language, (points[point] as PointPack).pack).findings) if (onLines(f, file.added)) hookFindings.push({ rule: f.ruleId, point });
      }

      // At introduction: would the hook, with the pack of that time, have flagged an introduced line?
      stage(`checking ${introTexts.size} introducing versions`);
      const introFound: { rule: string; point: number; intro: Introduction }[][] = introductions.map((intros) => {
        const found: { rule: string; point: number; intro: Introduction }[] = [];
        for (const intro of intros) {
          const text = introTexts.get(`${intro.commit}:${intro.path}`);
          if (text === undefined) continue;
          const point = pointOf(intro.commit);
          for (const f of checkSource(text, intro.path, intro.language, (points[point] as PointPack).pack).findings) if (onLines(f, intro.lines)) found.push({ rule: f.ruleId, point, intro });
        }
        return found;
      });
      const blameable = introductions.filter((intros) => intros.length > 0).length;
      const introducing = new Set(introductions.flat().map((i) => i.commit));

      // Tree noise at the cut.
      stage('checking the tree at the cut');
      if (points.length > 1) await clone.checkout(cut);
      const { files: treeFiles } = collectPaths([], { cwd: clone.dir, root: clone.dir, include: options.include, exclude: options.exclude, extensions: {} });
      const texts = new Map<string, { text: string; language: LanguageId }>();
      const firing = new Map<string, number>();
      const legacy = new Map<string, number>();
      let treeLines = 0;
      for (const file of treeFiles.filter((f) => !isTestPath(f.id))) {
        await yieldToLoop();
        const loaded = file.load();
        if ('skip' in loaded) continue;
        const decoded = decodeSource(loaded.bytes, maxFileSize);
        if ('skip' in decoded) continue;
        texts.set(file.id, { text: decoded.text, language: file.language });
        treeLines += nonBlankLines(decoded.text);
        for (const f of checkSource(decoded.text, file.id, file.language, (points[0] as PointPack).pack).findings) {
          const tally = (points[0] as PointPack).newCodeOnly.has(f.ruleId) ? legacy : firing;
          tally.set(f.ruleId, (tally.get(f.ruleId) ?? 0) + 1);
        }
      }
      const addedLinesAll = [...addedByLanguage.values()].reduce((a, b) => a + b, 0);

      const hitsAll: EvalHit[] = [];
      const score = (set: RuleSet, record: boolean): PackScore => {
        let hits = 0;
        for (const found of hitsByFix) {
          const hit = found.find((h) => set.has(h.point, h.rule));
          if (!hit) continue;
          hits++;
          if (record) hitsAll.push({ when: 'fix', by: set.label, ruleId: hit.rule, source: sources.get(hit.rule) ?? 'learned', commit: hit.file.commit.slice(0, 12), subject: hit.file.subject, path: hit.file.path, line: hit.line, packAt: (points[hit.point] as PointPack).commit.slice(0, 12) });
        }
        let intro = 0;
        introFound.forEach((found, i) => {
          const hit = found.find((h) => set.has(h.point, h.rule));
          if (!hit) return;
          intro++;
          const fix = (heldOut[i] as HeldOutFile[])[0] as HeldOutFile;
          if (record) hitsAll.push({ when: 'introduction', by: set.label, ruleId: hit.rule, source: sources.get(hit.rule) ?? 'learned', commit: fix.commit.slice(0, 12), subject: fix.subject, path: hit.intro.path, line: [...hit.intro.lines][0] as number, introducedBy: hit.intro.commit.slice(0, 12), packAt: (points[hit.point] as PointPack).commit.slice(0, 12) });
        });
        const findings = [...firing].filter(([rule]) => set.has(0, rule)).reduce((sum, [, n]) => sum + n, 0);
        const legacyFindings = [...legacy].filter(([rule]) => set.has(0, rule)).reduce((sum, [, n]) => sum + n, 0);
        const hook = hookFindings.filter((f) => set.has(f.point, f.rule)).length;
        return {
          label: set.label,
          rules: set.rulesAtCut,
          hits,
          recall: ratio(hits, heldOut.length),
          findings,
          perKloc: perKloc(findings, treeLines),
          legacy: legacyFindings,
          hook: { findings: hook, lines: addedLinesAll, perKloc: perKloc(hook, addedLinesAll) },
          introduction: { hits: intro, recall: ratio(intro, blameable) },
        };
      };
      const curatedIds = new Set(curated.map((rule) => rule.spec.id));
      const learnedSet: RuleSet = { label: 'learned', has: (p, id) => (points[p] as PointPack).main.has(id), rulesAtCut: (points[0] as PointPack).main.size };
      const curatedSet: RuleSet = { label: 'curated', has: (_p, id) => curatedIds.has(id), rulesAtCut: curatedIds.size };
      const productSet: RuleSet = { label: 'curated + learned', has: (p, id) => curatedIds.has(id) || (points[p] as PointPack).main.has(id), rulesAtCut: curatedIds.size + (points[0] as PointPack).main.size };
      const learnedScore = score(learnedSet, true);
      const packs = [learnedScore];
      if (curated.length) packs.push(score(curatedSet, true), score(productSet, false));
      // What-if: the learned pack plus the candidates refused for one reason (and for any reason).
      const whatIf: PackScore[] = [];
      if (options.whatIf) {
        const classes = [...new Set(points.flatMap((p) => [...p.refused.values()]))].sort();
        for (const why of classes) whatIf.push(score({ label: `+ ${why}`, has: (p, id) => learnedSet.has(p, id) || (points[p] as PointPack).refused.get(id) === why, rulesAtCut: (points[0] as PointPack).main.size + [...(points[0] as PointPack).refused.values()].filter((c) => c === why).length }, false));
        whatIf.push(score({ label: '+ every refused candidate', has: (p, id) => learnedSet.has(p, id) || (points[p] as PointPack).refused.has(id), rulesAtCut: (points[0] as PointPack).main.size + (points[0] as PointPack).refused.size }, false));
      }

      const report: EvalReport = {
        head,
        cut: { commit: cut, index: index + 1, of: history.length },
        learn: { seconds: firstSeconds, commitsScanned: learnedFirst.summary.commitsScanned, fixCandidates: learnedFirst.summary.fixCandidates, rules: learnedFirst.specs.filter((s) => (points[0] as PointPack).main.has(s.id)).map((s) => s.id) },
        refresh,
        heldOut: heldOut.length,
        hits: learnedScore.hits,
        recall: learnedScore.recall,
        noise: { findings: learnedScore.findings, lines: treeLines, perKloc: learnedScore.perKloc },
        hook: { commits: sampled.length, of: windowCommits.length, seed, addedLines: addedLinesAll },
        atIntroduction: { fixes: blameable, introducingCommits: introducing.size, beforeCut: [...introducing].filter((c) => plan.landing(c) === undefined).length, hits: learnedScore.introduction.hits, recall: learnedScore.introduction.recall },
        fixExactness: { hitsWithFix: 0, exact: 0 },
        ceiling: repetitionCeiling(learnedFirst.edits ?? [], heldOut.map((files) => files.flatMap((f) => f.edits)), options.minSupport),
        packs,
        bySource: {},
        hitDetails: [],
        hitsAll,
        noiseByRule: {},
        notes,
      };
      if (options.whatIf) report.whatIf = whatIf;
      const noiseOf = (rule: string) => (report.noiseByRule[rule] ??= { source: sources.get(rule) ?? 'learned', hook: 0, tree: 0, legacy: 0 });
      for (const f of hookFindings) if (productSet.has(f.point, f.rule)) noiseOf(f.rule).hook++;
      for (const [rule, n] of firing) if (productSet.has(0, rule)) noiseOf(rule).tree += n;
      for (const [rule, n] of legacy) if (productSet.has(0, rule)) noiseOf(rule).legacy += n;
      if (curated.length) {
        report.curated = packs[1];
        report.shipped = packs[2];
      }
      for (const found of hitsByFix) {
        const hit = found.find((h) => learnedSet.has(h.point, h.rule));
        if (!hit) continue;
        const at = points[hit.point] as PointPack;
        report.hitDetails.push({ commit: hit.file.commit.slice(0, 12), subject: hit.file.subject, path: hit.file.path, line: hit.line, ruleId: hit.rule, source: sources.get(hit.rule) ?? 'learned', packAt: at.commit.slice(0, 12) });
        if (hit.fix) {
          report.fixExactness.hitsWithFix++;
          if (fixIsExact(hit.file, at.pack, hit.rule)) report.fixExactness.exact++;
        }
      }
      // Per source: a fix counts once for each source with a rule that flagged it.
      const tally = (found: { rule: string; point: number }[][], field: 'fix' | 'introduction'): void => {
        for (const list of found) {
          for (const source of new Set(list.filter((h) => productSet.has(h.point, h.rule)).map((h) => sources.get(h.rule) ?? 'learned'))) {
            const row = (report.bySource[source] ??= { fix: 0, introduction: 0 });
            row[field]++;
          }
        }
      };
      tally(hitsByFix, 'fix');
      tally(introFound, 'introduction');
      if (options.sweep?.length) {
        report.sweep = [...new Set([options.threshold, ...options.sweep])].sort((a, b) => a - b).map((t) => {
          const ids = points.map((p) => new Set(p.specs.filter((spec) => resonance(spec) >= t).map((spec) => spec.id)));
          return score({ label: `learned >= ${t}`, has: (p, id) => (ids[p] as Set<string>).has(id), rulesAtCut: (ids[0] as Set<string>).size }, false);
        });
      }

      // Peer baselines, scored the same way over the files of their languages.
      if (options.baseline !== false) {
        stage('running the peer linters');
        report.baselines = await scorePeers(peerTools(notes), { heldOut, hookFiles, introductions, introTexts, texts, addedByLanguage, blameable, hitsAll });
        report.baseline = report.baselines.reduce<BaselineScore | undefined>((a, b) => (!a || b.lines > a.lines ? b : a), undefined);
      }
      return report;
    } finally {
      clone.remove();
    }
  } finally {
    reader.close();
  }
}

interface PeerInputs {
  heldOut: HeldOutFile[][];
  hookFiles: HookFile[];
  introductions: (Introduction & { language: LanguageId })[][];
  introTexts: Map<string, string>;
  texts: Map<string, { text: string; language: LanguageId }>;
  addedByLanguage: Map<LanguageId, number>;
  blameable: number;
  hitsAll: EvalHit[];
}

/** Each peer over the same held-out fixes, hook commits, introducing versions and tree, in one batch. */
async function scorePeers(tools: PeerTool[], input: PeerInputs): Promise<BaselineScore[]> {
  const scores: BaselineScore[] = [];
  for (const peer of tools) {
    const covers = (language: LanguageId): boolean => peer.languages.includes(language);
    const inputs = new Map<string, { text: string; path: string }>();
    input.heldOut.forEach((files, i) => files.forEach((f, j) => {
      if (!covers(f.language)) return;
      inputs.set(`b:${i}:${j}`, { text: f.before, path: f.path });
      inputs.set(`a:${i}:${j}`, { text: f.after, path: f.path });
    }));
    input.hookFiles.forEach((f, i) => {
      if (covers(f.language)) inputs.set(`h:${i}`, { text: f.text, path: f.path });
    });
    for (const intro of input.introductions.flat()) {
      const key = `${intro.commit}:${intro.path}`;
      const text = input.introTexts.get(key);
      if (text !== undefined && covers(intro.language)) inputs.set(`i:${key}`, { text, path: intro.path });
    }
    for (const [id, { text, language }] of input.texts) if (covers(language)) inputs.set(`t:${id}`, { text, path: id });
    if (inputs.size === 0) continue;
    // The same text (a file untouched between two commits) is linted once.
    const byText = new Map<string, string>();
    const unique = new Map<string, { text: string; path: string }>();
    for (const [key, input] of inputs) {
      const seen = byText.get(input.text);
      if (seen === undefined) {
        byText.set(input.text, key);
        unique.set(key, input);
      }
    }
    const linted = await peer.run(unique);
    const results = new Map([...inputs].map(([key, input]) => [key, linted.get(byText.get(input.text) as string) ?? []]));
    const get = (key: string): BaselineFinding[] => results.get(key) ?? [];
    let hits = 0;
    input.heldOut.forEach((files, i) => {
      for (const [j, f] of files.entries()) {
        if (!covers(f.language)) continue;
        const hit = hitOf(get(`b:${i}:${j}`), get(`a:${i}:${j}`), changedLines(f.hunks));
        if (!hit) continue;
        hits++;
        input.hitsAll.push({ when: 'fix', by: peer.tool, ruleId: hit.key, source: peer.tool, commit: f.commit.slice(0, 12), subject: f.subject, path: f.path, line: hit.line });
        break;
      }
    });
    let intro = 0;
    input.introductions.forEach((intros, i) => {
      for (const x of intros) {
        const hit = get(`i:${x.commit}:${x.path}`).find((f) => x.lines.has(f.line));
        if (!hit) continue;
        intro++;
        const fix = (input.heldOut[i] as HeldOutFile[])[0] as HeldOutFile;
        input.hitsAll.push({ when: 'introduction', by: peer.tool, ruleId: hit.key, source: peer.tool, commit: fix.commit.slice(0, 12), subject: fix.subject, path: x.path, line: hit.line, introducedBy: x.commit.slice(0, 12) });
        break;
      }
    });
    let hook = 0;
    input.hookFiles.forEach((f, i) => {
      hook += get(`h:${i}`).filter((finding) => f.added.has(finding.line)).length;
    });
    const hookLines = [...input.addedByLanguage].filter(([language]) => covers(language)).reduce((sum, [, n]) => sum + n, 0);
    let findings = 0;
    let lines = 0;
    for (const [id, { text, language }] of input.texts) {
      if (!covers(language)) continue;
      findings += get(`t:${id}`).length;
      lines += nonBlankLines(text);
    }
    scores.push({
      tool: peer.tool,
      label: peer.tool,
      rules: 0,
      hits,
      recall: ratio(hits, input.heldOut.length),
      findings,
      perKloc: perKloc(findings, lines),
      lines,
      hook: { findings: hook, lines: hookLines, perKloc: perKloc(hook, hookLines) },
      introduction: { hits: intro, recall: ratio(intro, input.blameable) },
    });
  }
  return scores;
}
