import { loadConfig } from '../../config/index.js';
import { repoToplevel } from '../../git/index.js';
import { evaluate, type EvalOptions } from '../../eval/evaluate.js';
import { BUILTIN_RULES_DIR, loadRuleDir } from '../../rules/load-rules.js';
import { AttractorError } from '../../shared/errors.js';
import { parseCommandArgs } from '../args.js';
import { learnSettings } from '../learn-settings.js';
import type { Io } from '../io.js';

const percent = (n: number): string => `${(n * 100).toFixed(1)}%`;

/** `attractor-lint eval`: temporal hold-out of `learn` on this repository's history. */
export async function evalCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    split: { type: 'string' },
    json: { type: 'boolean' },
    'no-baseline': { type: 'boolean' },
    'no-builtin': { type: 'boolean' },
    sweep: { type: 'string' },
    'min-support': { type: 'string' },
    threshold: { type: 'string' },
    config: { type: 'string', short: 'c' },
  });
  if (positionals.length) throw new AttractorError('bad-args', `eval takes no paths (got "${positionals[0]}")`);
  const root = repoToplevel(io.cwd);
  const config = await loadConfig(io.cwd, root, values.config as string | undefined);
  const split = values.split === undefined ? 0.8 : Number(values.split);
  if (!(split > 0 && split < 1)) throw new AttractorError('bad-args', `--split must be between 0 and 1, got "${String(values.split)}"`);
  const options: EvalOptions = { split, ...learnSettings(config, values), baseline: !values['no-baseline'] };
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
  const rows = [
    ['cut', `${report.cut.commit.slice(0, 10)} (commit ${report.cut.index} of ${report.cut.of} on the first-parent history)`],
    ['learn', `${report.learn.seconds.toFixed(1)} s over ${report.learn.commitsScanned} commits, ${report.learn.fixCandidates} fix candidates, ${report.learn.rules.length} rules`],
    ['held-out fixes', String(report.heldOut)],
    ['recall', `${percent(report.recall)} (${report.hits} fixes flagged before they were made)`],
    ['noise', `${report.noise.perKloc.toFixed(2)} findings per 1,000 lines (${report.noise.findings} over ${report.noise.lines} lines at the cut)`],
    ['repetition ceiling', `${percent(report.heldOut ? report.ceiling.atSupport / report.heldOut : 0)} (${report.ceiling.atSupport} held-out fixes repeat an edit made by ${report.ceiling.minSupport}+ earlier fixes; ${report.ceiling.once} by 1+)`],
    ['fix exactness', report.fixExactness.hitsWithFix ? `${report.fixExactness.exact} of ${report.fixExactness.hitsWithFix} hits with a fix give the developer's own change` : 'no hit had a fix'],
  ];
  for (const b of report.baselines ?? []) rows.push([`baseline ${b.tool}`, `recall ${percent(b.recall)} (${b.hits}), noise ${b.perKloc.toFixed(2)} per 1,000 lines (${b.findings} over ${b.lines} lines)`]);
  if (!report.baselines?.length && values['no-baseline'] !== true) rows.push(['baseline', 'no peer linter found (pyflakes: apt-get install python3-pyflakes; ESLint: npm install eslint)']);
  for (const s of [...(report.sweep ?? []), ...(report.curated ? [report.curated] : []), ...(report.shipped ? [report.shipped] : [])]) {
    rows.push([s.label, `${s.rules} rules: recall ${percent(s.recall)} (${s.hits}), noise ${s.perKloc.toFixed(2)} per 1,000 lines (${s.findings})`]);
  }
  const width = Math.max(...rows.map(([k]) => (k as string).length));
  for (const [k, v] of rows) io.stdout(`${(k as string).padEnd(width)}  ${v}\n`);
  for (const hit of report.hitDetails.slice(0, 20)) io.stdout(`  hit ${hit.commit.slice(0, 8)} ${hit.path}:${hit.line} ${hit.ruleId}  ${hit.subject.slice(0, 60)}\n`);
  return 0;
}
