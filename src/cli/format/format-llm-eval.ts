import type { Interval } from '../../eval/llm/bootstrap.js';
import type { LlmEvalReport } from '../../eval/llm/run-llm-experiment.js';
import type { ArmSummary } from '../../eval/llm/summarise-arms.js';
import { plural } from '../../shared/plural.js';

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const signed = (x: number, digits: number, unit = ''): string => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}${unit}`;

/** A lift with its interval: points for rates, plain numbers otherwise. */
function lift(i: Interval, kind: 'points' | 'number' | 'ms'): string {
  if (i.value === null || i.low === null || i.high === null) return 'n/a';
  const scale = kind === 'points' ? 100 : 1;
  const digits = kind === 'points' ? 1 : kind === 'ms' ? 0 : 2;
  const unit = kind === 'points' ? ' pts' : kind === 'ms' ? ' ms' : '';
  return `${signed(i.value * scale, digits, unit)} [${signed(i.low * scale, digits)}, ${signed(i.high * scale, digits)}] (n=${i.n})`;
}

/** The report of `eval --llm` as a table: one row per column, the two arms and the lift with its 95% interval. */
export function formatLlmEval(report: LlmEvalReport): string {
  const { baseline: b, enhanced: e } = report.arms;
  const tests = (a: ArmSummary): string => (report.verify === null ? 'n/a (no --verify)' : a.tests.testable ? `${pct(a.tests.rate)} (${a.tests.passed}/${a.tests.testable})` : 'n/a (no case turned tests green)');
  const rows: [string, string, string, string][] = [
    ['', 'baseline', 'enhanced', 'lift, 95% bootstrap interval'],
    ['verified', `${pct(b.verifiedRate)} (${b.verified}/${b.cases})`, `${pct(e.verifiedRate)} (${e.verified}/${e.cases})`, lift(report.lift.verified, 'points')],
    ['exact', `${pct(b.exactRate)} (${b.exact}/${b.cases})`, `${pct(e.exactRate)} (${e.exact}/${e.cases})`, lift(report.lift.exact, 'points')],
    ['API hit rate', `${pct(b.apiHitRate)} (${b.apiCases} cases)`, `${pct(e.apiHitRate)} (${e.apiCases} cases)`, lift(report.lift.apiHitRate, 'points')],
    ['security introduced', `${b.securityIntroduced} in ${plural(b.insecureAnswers, 'answer')}`, `${e.securityIntroduced} in ${plural(e.insecureAnswers, 'answer')}`, lift(report.lift.securityIntroduced, 'number')],
    ['tests pass', tests(b), tests(e), report.verify === null ? 'n/a' : lift(report.lift.tests, 'points')],
    ['latency', `median ${b.latencyMs.median} ms, mean ${b.latencyMs.mean}`, `median ${e.latencyMs.median} ms, mean ${e.latencyMs.mean}`, lift(report.lift.latencyMs, 'ms')],
    ['retries', `mean ${b.retriesMean.toFixed(2)}`, `mean ${e.retriesMean.toFixed(2)}`, lift(report.lift.retries, 'number')],
    ['tokens', String(b.tokens), String(e.tokens), ''],
    ['server failures', String(b.serverFailures), String(e.serverFailures), ''],
  ];
  const widths = [0, 1, 2].map((k) => Math.max(...rows.map((r) => r[k]?.length ?? 0)));
  const table = rows.map((r) => r.map((cell, k) => (k < 3 ? cell.padEnd(widths[k] as number) : cell)).join('  ').trimEnd()).join('\n');
  const head = [
    `model      ${report.model} at ${report.host}`,
    `cut        ${report.cut.slice(0, 10)}; ${report.heldOut} held-out fixes, ${report.flagged} flagged by the pack of their time`,
    `cases      ${report.cases}${report.allFixes ? ` (with --all-fixes: ${report.cases - report.results.filter((r) => r.kind === 'flagged').length} unflagged single-hunk fixes)` : ''}; arms asked in a seeded order (seed ${report.seed})`,
  ];
  const lines = report.results.map((r) => {
    const mark = (s: LlmEvalReport['results'][number]['baseline']): string => (s.serverFailure ? 'server failed' : s.exact ? 'exact' : s.verified ? 'verified' : 'rejected') + (s.securityIntroduced ? `, ${s.securityIntroduced} security` : '');
    return `  ${r.commit.slice(0, 10)} ${r.path}:${r.line} ${r.ruleId}  baseline: ${mark(r.baseline)}; enhanced: ${mark(r.enhanced)}`;
  });
  return `${head.join('\n')}\n\n${table}\n\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}
