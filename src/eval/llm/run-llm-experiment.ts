import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { modelPatchVerifier } from '../../fix/model-verify.js';
import { BlobReader } from '../../git/blob-reader.js';
import { commitParents } from '../../git/commit-parents.js';
import { tempClone } from '../../git/temp-clone.js';
import type { LearnOptions } from '../../learn/learn-repo.js';
import type { LlmSettings, PatchArm } from '../../llm/patch-types.js';
import type { LoadedRule } from '../../model.js';
import { signalsDelivered } from '../../shared/remove-on-signal.js';
import { learnAlongWindow, type PointPack } from '../learn-along.js';
import { planLearnPoints, type RefreshMode } from '../learn-points.js';
import { holdOutCut, readWindow, type HeldOutFile } from '../read-window.js';
import { sampleIndices, seededRandom } from '../sample.js';
import { collectCases, type LlmCase } from './collect-cases.js';
import { addedNames, apiHitRate, changesCode, developerVersion, isExact, securityIntroduced, securityPack } from './score-answer.js';
import { liftOf, summariseArm, type AnswerScore, type ArmSummary, type Lift } from './summarise-arms.js';
import { TestBench } from './test-bench.js';

export interface LlmEvalOptions extends Omit<LearnOptions, 'root' | 'out' | 'cacheDir' | 'rev'> {
  split: number;
  refresh?: RefreshMode;
  /** The model, host, timeout, temperature and retries, as `--fix --llm` resolves them. */
  settings: LlmSettings;
  /** The curated rules (the pack `check` runs is curated plus learned; the security column uses three of them). */
  curated: LoadedRule[];
  /** Seeds the order of the arms per case, the sample under `limit`, and the bootstrap. Default 1. */
  seed?: number;
  /** At most this many cases (a seeded sample). */
  limit?: number;
  /** Also every held-out fix of one file and one hunk that no rule flags, with its lines given. */
  allFixes?: boolean;
  /** Run the tests the fix turned green on each verified answer (`--verify CMD`), each run limited to `timeoutMs`. */
  tests?: { command: string; timeoutMs: number };
  maxFixFiles?: number;
  onStage?: (message: string) => void;
}

export interface LlmCaseResult {
  commit: string;
  subject: string;
  path: string;
  line: number;
  ruleId: string;
  kind: LlmCase['kind'];
  /** The order the arms were asked in (seeded). */
  order: PatchArm[];
  /** The names the developer's fix added (what the API hit rate looks for). */
  names: string[];
  /** With `--verify`: whether the fix turned the command green (null without `--verify`). */
  testable: boolean | null;
  /** The finding's rule has a template fix: `--fix --llm` would apply it and not ask the model. */
  templateFix: boolean;
  baseline: AnswerScore;
  enhanced: AnswerScore;
}

export interface LlmEvalReport {
  model: string;
  host: string;
  seed: number;
  cut: string;
  head: string;
  /** Held-out fixes in the window, how many the pack flagged, and the cases asked (after `limit`). */
  heldOut: number;
  flagged: number;
  cases: number;
  allFixes: boolean;
  verify: string | null;
  arms: Record<PatchArm, ArmSummary>;
  lift: Lift;
  results: LlmCaseResult[];
  notes: string[];
}

const ARMS: PatchArm[] = ['baseline', 'enhanced'];

/** The order of the two arms for each of `n` cases, drawn from `seed` (a stream of its own: the sample under `--limit` draws from `seed` itself). */
export function armOrders(n: number, seed: number): PatchArm[][] {
  const next = seededRandom(seed ^ 0x5f3759df);
  return Array.from({ length: n }, () => (next() < 0.5 ? [...ARMS] : [...ARMS].reverse()));
}

/**
 * `eval --llm`: the temporal hold-out's held-out fixes that the pack of their time flags (and, with
 * `allFixes`, every single-hunk one), each asked of the model twice: the baseline arm (the same
 * instruction and region, no `<consider>` block, no API seeded, one try) and the enhanced arm
 * (what `--fix --llm` sends), in a seeded order. Every answer is scored (verified, exact, API hit
 * rate, security findings introduced, latency, retries, and with `verify` the fix's tests) and the
 * arms compared with bootstrap intervals. Nothing is written to the repository: learning runs in a
 * temporary clone and tests in a temporary worktree, both removed at the end or on a signal.
 */
export async function runLlmExperiment(root: string, options: LlmEvalOptions): Promise<LlmEvalReport> {
  const { proposePatch, patchHole, MAX_REGION_CHARS } = await import('../../llm/index.js');
  const stage = options.onStage ?? (() => undefined);
  const seed = options.seed ?? 1;
  const notes: string[] = [];
  const { history, index, cut, head } = holdOutCut(root, options.split);

  stage(`reading the window ${cut.slice(0, 10)}..${head.slice(0, 10)}`);
  const reader = new BlobReader(root);
  let heldOut: HeldOutFile[][];
  try {
    ({ heldOut } = await readWindow(root, reader, `${cut}..${head}`, { maxFixFiles: options.maxFixFiles ?? 5, maxFileSize: options.maxFileSize }));
  } finally {
    reader.close();
  }
  const plan = planLearnPoints(history, index, commitParents(root, `${cut}..${head}`), options.refresh ?? 5, heldOut.map((files) => (files[0] as HeldOutFile).commit));

  let points: PointPack[];
  const clone = await tempClone(root, cut);
  try {
    ({ points } = await learnAlongWindow(clone, plan, { ...options, mainThreshold: options.threshold }, options.curated, stage));
  } finally {
    clone.remove();
  }
  const curatedIds = new Set(options.curated.map((rule) => rule.spec.id));
  const found = collectCases(heldOut, points, (commit) => plan.pointFor(commit), curatedIds, options.allFixes === true);
  const flagged = found.filter((c) => c.kind === 'flagged').length;
  // A region the model may not rewrite would be refused in both arms without a question: no case.
  // Measured as proposePatch measures it: the region grown to the start of its first line.
  const holeLength = (c: LlmCase): number => {
    const hole = patchHole({ text: c.file.before, path: c.file.path, language: c.file.language, finding: c.finding, region: { start: c.region[0], end: c.region[1] }, rules: [] });
    return 'reason' in hole ? Number.POSITIVE_INFINITY : hole.text.length;
  };
  const fits = found.filter((c) => holeLength(c) <= MAX_REGION_CHARS);
  if (fits.length < found.length) notes.push(`${found.length - fits.length} of ${found.length} cases left out: their region has more than the ${MAX_REGION_CHARS} characters a model patch may rewrite`);
  // A fix that changes only comments, strings (docstrings, messages) or layout in the region is no
  // bug for a model to fix, and an answer left as it was could score as exact.
  const all = fits.filter((c) => changesCode(c.file.before, developerVersion(c.file, c.region), c.file.language));
  if (all.length < fits.length) notes.push(`${fits.length - all.length} of ${found.length} cases left out: the fix changes only comments, strings or layout in the region`);
  const cases = options.limit === undefined ? all : sampleIndices(all.length, options.limit, seed).map((i) => all[i] as LlmCase);
  if (cases.length < all.length) notes.push(`${cases.length} of ${all.length} cases asked (--limit ${options.limit}, seed ${seed})`);
  const orders = armOrders(cases.length, seed);
  const security = securityPack(options.curated);
  if (security.source.loaded.length === 0) notes.push('security introduced is 0 by construction: the curated security rules are left out (--no-builtin or builtin: false)');

  const results: LlmCaseResult[] = [];
  const bench = options.tests ? new TestBench(root, options.tests.command, options.tests.timeoutMs) : undefined;
  try {
    for (const [i, c] of cases.entries()) {
      await yieldToLoop();
      const { file, finding, region } = c;
      stage(`case ${i + 1} of ${cases.length}: ${file.commit.slice(0, 10)} ${file.path}:${finding.line} (${finding.ruleId})`);
      const { pack } = points[c.point] as PointPack;
      const rules = pack.source.loaded.map((rule) => rule.spec);
      const developer = developerVersion(file, region);
      const names = addedNames(file.before, developer, file.language);
      const testable = bench ? bench.redToGreen(file) === true : null;
      const scores = {} as Record<PatchArm, AnswerScore>;
      for (const arm of orders[i] as PatchArm[]) {
        const checks = modelPatchVerifier(file.before, file.path, file.language, pack, finding);
        // With no finding to silence, an answer that changes only layout would pass fix/'s checks.
        const verify = c.kind === 'fix' ? (candidate: string) => (changesCode(file.before, candidate, file.language) ? checks(candidate) : 'the answer changes no code') : checks;
        const request = { text: file.before, path: file.path, language: file.language, finding, region: { start: region[0], end: region[1] }, rules, ...(c.kind === 'fix' ? { task: file.subject } : {}) };
        const { output, candidate, metrics } = await proposePatch(request, options.settings, verify, arm);
        const answer = output ?? candidate;
        scores[arm] = {
          verified: output !== undefined,
          exact: answer !== undefined && isExact(answer, developer),
          apiHitRate: apiHitRate(names, file.before, answer, file.language),
          securityIntroduced: securityIntroduced(security, file.path, file.language, file.before, answer),
          latencyMs: metrics.latencyMs,
          retries: metrics.retries,
          tokens: metrics.tokens,
          serverFailure: metrics.serverFailure === true,
          // Only a verified answer would ever be applied, so only a verified answer is run.
          tests: bench ? (testable ? (output !== undefined ? bench.outcome(file, output) : 'fail') : null) : null,
          ...(metrics.reason === undefined ? {} : { reason: metrics.reason }),
        };
      }
      results.push({ commit: file.commit, subject: file.subject, path: file.path, line: finding.line, ruleId: finding.ruleId, kind: c.kind, order: orders[i] as PatchArm[], names, testable, templateFix: finding.fix !== undefined, baseline: scores.baseline, enhanced: scores.enhanced });
    }
    // A signal during the last case's test runs ends the run here, before a report.
    await signalsDelivered();
  } finally {
    bench?.close();
  }
  if (results.some((r) => r.baseline.serverFailure || r.enhanced.serverFailure)) notes.push('the model server failed on some requests (serverFailures in each arm); a request with no answer counts as a wrong answer');
  return {
    model: options.settings.model,
    host: options.settings.host,
    seed,
    cut,
    head,
    heldOut: heldOut.length,
    flagged,
    cases: results.length,
    allFixes: options.allFixes === true,
    verify: options.tests?.command ?? null,
    arms: { baseline: summariseArm(results.map((r) => r.baseline)), enhanced: summariseArm(results.map((r) => r.enhanced)) },
    lift: liftOf(results, seed),
    results,
    notes,
  };
}
