import type { TempClone } from '../git/temp-clone.js';
import { learnRepo, type LearnOptions } from '../learn/learn-repo.js';
import type { LoadedRule, RuleSpec } from '../model.js';
import { compilePack, type CompiledPack } from '../rules/compile-pack.js';
import type { LearnPlan, RefreshMode } from './learn-points.js';

/** One learn point's pack: the learned rules (at the lowest threshold) plus the curated ones. */
export interface PointPack {
  commit: string;
  pack: CompiledPack;
  specs: RuleSpec[];
  /** Learned rules at or above the threshold. */
  main: Set<string>;
  /** Rules reported only on new code: their findings on old lines are legacy, not shown. */
  newCodeOnly: Set<string>;
  /** With `whatIf`: the refused candidates in the pack, by the class of their refusal. */
  refused: Map<string, string>;
}

export interface LearnAlongOptions extends Omit<LearnOptions, 'root' | 'out' | 'cacheDir' | 'rev'> {
  refresh?: RefreshMode;
  /** Learned rules at or above this resonance make a point's `main` set (`threshold` is the lowest learned). */
  mainThreshold: number;
  /** Also keep the candidates learn refused, by the class of their refusal. */
  whatIf?: boolean;
}

export interface LearnedAlong {
  points: PointPack[];
  refresh: { mode: RefreshMode; points: { commit: string; position: number; seconds: number; rules: number; fixesJudged: number }[] };
  /** The learn at the cut (the first point). */
  first: Awaited<ReturnType<typeof learnRepo>>;
  firstSeconds: number;
}

const resonance = (spec: RuleSpec): number => spec.provenance?.resonance ?? 0;

/**
 * The class of a refusal, for `--what-if`: its source and its reason with the particulars (names,
 * counts, rule ids, parentheses) taken out, so that refusals of one kind score together.
 */
export function refusalClass(source: string, reason: string): string {
  const general = reason
    .replace(/\s*\(.*\)/g, '')
    .replace(/`[^`]*`/g, 'X')
    .replace(/learned\/\S+/g, 'a rule')
    .replace(/[\w./-]+\.\w+:\d+/g, 'a site')
    .replace(/\d+(\.\d+)?/g, 'N');
  return `${source}: ${general}`;
}

/** The kind of evidence behind a rule: `curated`, or the learning source recorded in its provenance. */
export function sourceOf(spec: RuleSpec): string {
  if (spec.provenance?.origin !== 'learned') return 'curated';
  const source = (spec.provenance as { source?: unknown }).source;
  return typeof source === 'string' ? source : 'recurring-fix';
}

/**
 * Learns at the cut and at each refresh point of `plan`, in one clone (reusing its extraction
 * cache), and compiles each point's pack with the curated rules.
 */
export async function learnAlongWindow(clone: TempClone, plan: LearnPlan, options: LearnAlongOptions, curated: LoadedRule[], stage: (message: string) => void): Promise<LearnedAlong> {
  const points: PointPack[] = [];
  const refresh: LearnedAlong['refresh'] = { mode: options.refresh ?? 5, points: [] };
  let first: LearnedAlong['first'] | undefined;
  let firstSeconds = 0;
  for (const point of plan.points) {
    stage(`learning at ${point.commit.slice(0, 10)} (learn point ${points.length + 1} of ${plan.points.length})`);
    if (points.length) await clone.checkout(point.commit);
    const started = Date.now();
    const learned = await learnRepo({ ...options, root: clone.dir, cacheDir: `${clone.dir}/.attractor/cache`, keepRefused: options.whatIf === true });
    const seconds = (Date.now() - started) / 1000;
    if (!first) {
      first = learned;
      firstSeconds = seconds;
    }
    const main = new Set(learned.specs.filter((spec) => resonance(spec) >= options.mainThreshold).map((spec) => spec.id));
    // Below-threshold rules of the sweep are refusals too: the what-if sets score them with the rest.
    const refusedRules = [...(learned.refused ?? []), ...learned.specs.filter((spec) => !main.has(spec.id)).map((spec) => ({ spec, reason: `resonance below the threshold ${options.mainThreshold}` }))];
    const refused = new Map(options.whatIf ? refusedRules.map((r) => [r.spec.id, refusalClass(sourceOf(r.spec), r.reason)] as const) : []);
    const extra = options.whatIf ? (learned.refused ?? []).map((r) => r.spec) : [];
    const pack = compilePack([...[...learned.specs, ...extra].map((spec) => ({ spec, file: spec.id })), ...curated], { eager: false });
    const newCodeOnly = new Set([...learned.specs, ...extra, ...curated.map((r) => r.spec)].filter((spec) => spec.newCodeOnly).map((spec) => spec.id));
    points.push({ commit: point.commit, pack, specs: learned.specs, main, newCodeOnly, refused });
    refresh.points.push({ commit: point.commit, position: point.position + 1, seconds, rules: main.size, fixesJudged: 0 });
  }
  if (!first) throw new Error('learnAlongWindow: a plan has at least the cut');
  return { points, refresh, first, firstSeconds };
}
