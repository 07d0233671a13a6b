import { loadConfig, type ResolvedConfig } from '../../config/index.js';
import { repoToplevel } from '../../git/index.js';
import { evaluate, type EvalOptions, type PackScore } from '../../eval/evaluate.js';
import type { RefreshMode } from '../../eval/learn-points.js';
import { BUILTIN_RULES_DIR, loadRuleDir } from '../../rules/load-rules.js';
import { AttractorError } from '../../shared/errors.js';
import { intOption, parseCommandArgs } from '../args.js';
import { learnSettings } from '../learn-settings.js';
import type { Io } from '../io.js';

const percent = (n: number): string => `${(n * 100).toFixed(1)}%`;

function wholeNumber(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new AttractorError('bad-args', `${flag} expects a whole number, got "${text}"`);
  return n;
}

/** `--refresh K` (K >= 1 segments; 1 is the single cut) or `--refresh each`; default 5. */
function refreshMode(text: string | undefined): RefreshMode {
  if (text === undefined) return 5;
  if (text === 'each') return 'each';
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new AttractorError('bad-args', `--refresh expects a number of segments (1 or more) or "each", got "${text}"`);
  return n;
}

const packRow = (s: PackScore): string =>
  `recall ${percent(s.recall)} (${s.hits}), at introduction ${percent(s.introduction.recall)} (${s.introduction.hits}), hook noise ${s.hook.perKloc.toFixed(2)} per 1,000 added lines (${s.hook.findings}), tree noise ${s.perKloc.toFixed(2)} per 1,000 lines (${s.findings})`;

/**
 * `eval --siblings`: replays the window's commits as staged changes and counts the sibling
 * findings the hook would show, confirmed when a later commit made the same edit there.
 */
async function siblingReplay(root: string, config: ResolvedConfig, split: number, values: Record<string, unknown>, io: Io): Promise<number> {
  const { replaySiblings } = await import('../../eval/sibling-replay.js');
  const report = replaySiblings(root, {
    split,
    ...config.siblings,
    include: config.include,
    exclude: config.exclude,
    maxFileSize: config.maxFileSize,
    ...(values.commits !== undefined ? { commits: wholeNumber('--commits', String(values.commits)) } : {}),
    ...(values.seed !== undefined ? { seed: wholeNumber('--seed', String(values.seed)) } : {}),
    ...(values.verbose || io.isTTY ? { onStage: (message: string) => io.stderr(`eval: ${message}\n`) } : {}),
  });
  if (values.json) {
    io.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const rows = [
    ['cut', report.cut.slice(0, 10)],
    ['replayed', `${report.commits} of ${report.of} non-merge window commits${report.commits < report.of ? ' (seeded sample)' : ''}, ${report.madeByGit} reverts and cherry-picks left out; ${report.commitsWithFindings} made sibling findings`],
    ['confirmed', `${report.confirmed} (${report.confirmedPer100.toFixed(2)} per 100 commits): a later commit made the same edit at the site`],
    ['unconfirmed', `${report.unconfirmed} (${report.unconfirmedPer100.toFixed(2)} per 100 commits)${report.repeated ? `; ${report.repeated} more left out, sites an earlier commit was shown for the same edit` : ''}`],
    ['time', `${report.seconds.toFixed(1)} s`],
  ];
  io.stdout(`${rows.map(([k, v]) => `${(k as string).padEnd(12)} ${v}`).join('\n')}\n`);
  for (const f of report.findings) io.stdout(`  ${f.confirmedBy ? 'confirmed  ' : 'unconfirmed'} ${f.commit.slice(0, 10)} ${f.path}:${f.line}  ${f.text}${f.confirmedBy ? `  (${f.confirmedBy.slice(0, 10)})` : ''}\n`);
  return 0;
}

/**
 * `eval --llm`: the model on the held-out fixes, baseline arm against enhanced arm (what
 * `--fix --llm` sends), scored per answer and compared with bootstrap intervals.
 */
async function llmExperiment(root: string, config: ResolvedConfig, split: number, values: Record<string, unknown>, io: Io): Promise<number> {
  for (const flag of ['siblings', 'sweep', 'what-if', 'hook-commits', 'commits']) if (values[flag] !== undefined) throw new AttractorError('bad-args', `--${flag} does not go with --llm`);
  if (values.model !== undefined && String(values.model).trim() === '') throw new AttractorError('bad-args', '--model expects a model name, e.g. qwen2.5-coder:3b');
  if (values.verify !== undefined && String(values.verify).trim() === '') throw new AttractorError('bad-args', '--verify expects a shell command, e.g. "pytest -x -q"');
  const { resolveLlmSettings } = await import('../../llm/llm-settings.js');
  const { runLlmExperiment } = await import('../../eval/llm/run-llm-experiment.js');
  const { formatLlmEval } = await import('../format/format-llm-eval.js');
  const settings = resolveLlmSettings(values.model === undefined ? config.llm : { ...config.llm, model: String(values.model) }, io.env);
  const limit = intOption(values.limit, '--limit');
  if (limit === 0) throw new AttractorError('bad-args', '--limit expects 1 or more cases');
  const seed = intOption(values.seed, '--seed');
  const verifySeconds = intOption(values['verify-timeout'], '--verify-timeout') ?? 120;
  // spawnSync reads a timeout of 0 as no limit at all.
  if (verifySeconds === 0) throw new AttractorError('bad-args', '--verify-timeout expects 1 or more seconds');
  const learn = learnSettings(config, values);
  const refresh = refreshMode(values.refresh as string | undefined);
  // Fail before the learning, not after it: a model that is not there makes no experiment.
  const { probeModel } = await import('../../setup/probe-ollama.js');
  const probe = await probeModel(settings.host, settings.model, Math.min(settings.timeoutMs, 5000));
  if (!probe.ok) throw new AttractorError('bad-args', `eval --llm: ${probe.error} ("attractor-lint doctor" checks it)`);
  const report = await runLlmExperiment(root, {
    split,
    ...learn,
    refresh,
    settings,
    curated: config.builtin && !values['no-builtin'] ? loadRuleDir(BUILTIN_RULES_DIR, { required: true }) : [],
    allFixes: values['all-fixes'] === true,
    ...(seed === undefined ? {} : { seed }),
    ...(limit === undefined ? {} : { limit }),
    ...(values.verify === undefined ? {} : { tests: { command: String(values.verify), timeoutMs: verifySeconds * 1000 } }),
    ...(values.verbose || io.isTTY ? { onStage: (message: string) => io.stderr(`eval: ${message}\n`) } : {}),
  });
  for (const note of report.notes) io.stderr(`attractor-lint: note: ${note}\n`);
  io.stdout(values.json ? `${JSON.stringify(report)}\n` : formatLlmEval(report));
  return 0;
}

/** `attractor-lint eval`: temporal hold-out of `learn` on this repository's history. */
export async function evalCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    split: { type: 'string' },
    json: { type: 'boolean' },
    'no-baseline': { type: 'boolean' },
    'no-builtin': { type: 'boolean' },
    sweep: { type: 'string' },
    refresh: { type: 'string' },
    'hook-commits': { type: 'string' },
    seed: { type: 'string' },
    verbose: { type: 'boolean' },
    'what-if': { type: 'boolean' },
    siblings: { type: 'boolean' },
    commits: { type: 'string' },
    'min-support': { type: 'string' },
    threshold: { type: 'string' },
    config: { type: 'string', short: 'c' },
    llm: { type: 'boolean' },
    model: { type: 'string' },
    limit: { type: 'string' },
    verify: { type: 'string' },
    'verify-timeout': { type: 'string' },
    'all-fixes': { type: 'boolean' },
  });
  if (positionals.length) throw new AttractorError('bad-args', `eval takes no paths (got "${positionals[0]}")`);
  const root = repoToplevel(io.cwd);
  const config = await loadConfig(io.cwd, root, values.config as string | undefined);
  const split = values.split === undefined ? 0.8 : Number(values.split);
  if (!(split > 0 && split < 1)) throw new AttractorError('bad-args', `--split must be between 0 and 1, got "${String(values.split)}"`);
  if (values.llm) return llmExperiment(root, config, split, values, io);
  for (const flag of ['model', 'limit', 'verify', 'verify-timeout', 'all-fixes']) if (values[flag] !== undefined) throw new AttractorError('bad-args', `--${flag} goes with --llm`);
  if (values.siblings) return siblingReplay(root, config, split, values, io);
  if (values.commits !== undefined) throw new AttractorError('bad-args', '--commits goes with --siblings (use --hook-commits for the hook view)');
  const options: EvalOptions = { split, ...learnSettings(config, values), baseline: !values['no-baseline'], refresh: refreshMode(values.refresh as string | undefined) };
  if (values['hook-commits'] !== undefined) options.hookCommits = wholeNumber('--hook-commits', String(values['hook-commits']));
  if (values['what-if']) options.whatIf = true;
  if (values.seed !== undefined) options.seed = wholeNumber('--seed', String(values.seed));
  if (values.verbose || io.isTTY) options.onStage = (message) => io.stderr(`eval: ${message}\n`);
  if (values.sweep !== undefined) {
    const sweep = String(values.sweep).split(',').map(Number);
    if (sweep.some((t) => !Number.isFinite(t) || t < 0 || t > 1)) throw new AttractorError('bad-args', `--sweep expects thresholds from 0 to 1 separated by commas, got "${String(values.sweep)}"`);
    options.sweep = sweep;
  }
  if (config.builtin && !values['no-builtin']) options.curated = loadRuleDir(BUILTIN_RULES_DIR, { required: true });
  const report = await evaluate(root, options);
  if (values.json) {
    io.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const refreshText = report.refresh.mode === 'each' ? 'at each held-out fix' : report.refresh.mode === 1 ? 'once, at the cut' : `at the cut and ${report.refresh.points.length - 1} more points`;
  const rows = [
    ['cut', `${report.cut.commit.slice(0, 10)} (commit ${report.cut.index} of ${report.cut.of} on the first-parent history)`],
    ['learn', `${report.learn.seconds.toFixed(1)} s over ${report.learn.commitsScanned} commits, ${report.learn.fixCandidates} fix candidates, ${report.learn.rules.length} rules`],
    ['re-learning', `${refreshText} (${report.refresh.points.map((p) => `${p.rules} rules`).join(', ')}; ${report.refresh.points.reduce((sum, p) => sum + p.seconds, 0).toFixed(1)} s)`],
    ['held-out fixes', `${report.heldOut} (${report.atIntroduction.fixes} with changed lines to blame, introduced by ${report.atIntroduction.introducingCommits} commits, ${report.atIntroduction.beforeCut} of them before the cut)`],
    ['hook view', `${report.hook.commits} of ${report.hook.of} window commits touching source${report.hook.commits < report.hook.of ? ` (seed ${report.hook.seed})` : ''}, ${report.hook.addedLines} added lines`],
    ['recall', `${percent(report.recall)} (${report.hits} fixes flagged before they were made)`],
    ['at introduction', `${percent(report.atIntroduction.recall)} (${report.atIntroduction.hits} fixes whose introducing commit was flagged on a line the fix changed)`],
    ['hook noise', `${report.packs[0]?.hook.perKloc.toFixed(2)} findings per 1,000 added lines (${report.packs[0]?.hook.findings})`],
    ['tree noise', `${report.noise.perKloc.toFixed(2)} findings per 1,000 lines (${report.noise.findings} over ${report.noise.lines} lines at the cut)`],
    ['repetition ceiling', `${percent(report.heldOut ? report.ceiling.atSupport / report.heldOut : 0)} (${report.ceiling.atSupport} held-out fixes repeat an edit made by ${report.ceiling.minSupport}+ earlier fixes; ${report.ceiling.once} by 1+)`],
    ['fix exactness', report.fixExactness.hitsWithFix ? `${report.fixExactness.exact} of ${report.fixExactness.hitsWithFix} hits with a fix give the developer's own change` : 'no hit had a fix'],
  ];
  for (const s of report.packs.slice(1)) rows.push([s.label, `${s.rules} rules: ${packRow(s)}`]);
  for (const b of report.baselines ?? []) rows.push([`baseline ${b.tool}`, packRow(b)]);
  for (const s of report.sweep ?? []) rows.push([s.label, `${s.rules} rules: ${packRow(s)}`]);
  for (const s of report.whatIf ?? []) rows.push([`what if ${s.label}`, `${s.rules} rules: ${packRow(s)}`]);
  const sources = Object.entries(report.bySource).sort(([a], [b]) => (a < b ? -1 : 1));
  if (sources.length) rows.push(['hits by source', sources.map(([source, n]) => `${source} ${n.fix} (at introduction ${n.introduction})`).join(', ')]);
  for (const note of report.notes) io.stderr(`attractor-lint: note: ${note}\n`);
  const width = Math.max(...rows.map(([k]) => (k as string).length));
  for (const [k, v] of rows) io.stdout(`${(k as string).padEnd(width)}  ${v}\n`);
  for (const hit of report.hitDetails.slice(0, 20)) io.stdout(`  hit ${hit.commit.slice(0, 8)} ${hit.path}:${hit.line} ${hit.ruleId} (${hit.source}, learned at ${hit.packAt.slice(0, 8)})  ${hit.subject.slice(0, 60)}\n`);
  return 0;
}
