// Runs a number of randomised cases (hook with `check`, hook with `check --fix`, kill) and adds up
// the figures: cases, kills injected, bytes lost, outcomes. Used by the CI subset
// (hook-safety.test.ts) and by `npm run reliability -- --cases N --seed S`.
import { runHookCase } from './run-hook-case.js';
import { runKillCase } from './run-kill-case.js';

export const KINDS = ['hook-check', 'hook-fix', 'kill'] as const;
export type CaseKind = (typeof KINDS)[number];

export interface ReliabilityOptions {
  cases: number;
  seed: number;
  kinds?: readonly CaseKind[];
  /** Keep the temporary repositories of every case (failed ones are always kept). */
  keep?: boolean;
  onCase?: (line: string) => void;
}

export interface Figures {
  seed: number;
  cases: number;
  byKind: Record<string, number>;
  killsInjected: number;
  signals: Record<string, number>;
  /** Signals that came after the run had done its work (not counted as injected). */
  signalsTooLate: number;
  bytesLost: number;
  outcomes: Record<string, number>;
  features: Record<string, number>;
  failures: { seed: number; kind: CaseKind; problems: string[]; repro: string }[];
  seconds: number;
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export const reproCommand = (seed: number, kind: CaseKind): string => `npm run reliability -- --cases 1 --seed ${seed} --kind ${kind} --no-corpus --keep`;

export async function runReliability(options: ReliabilityOptions): Promise<Figures> {
  const kinds = options.kinds ?? KINDS;
  const started = Date.now();
  const figures: Figures = { seed: options.seed, cases: 0, byKind: {}, killsInjected: 0, signals: {}, signalsTooLate: 0, bytesLost: 0, outcomes: {}, features: {}, failures: [], seconds: 0 };
  for (let i = 0; i < options.cases; i++) {
    const seed = options.seed + i;
    const kind = kinds[i % kinds.length] as CaseKind;
    let problems: string[];
    let line: string;
    if (kind === 'kill') {
      const r = await runKillCase(seed, options.keep);
      problems = r.problems;
      figures.bytesLost += r.bytesLost;
      if (r.injected) {
        figures.killsInjected++;
        bump(figures.signals, r.signal);
      } else figures.signalsTooLate++;
      bump(figures.outcomes, `kill: ${r.outcome.replace(/exit (0|1)\b/, 'finished first')}`);
      line = `${seed} kill ${r.signal} ${r.outcome} ${r.ms} ms`;
    } else {
      const r = runHookCase(seed, kind === 'hook-fix' ? 'fix' : 'check', options.keep);
      problems = r.problems;
      figures.bytesLost += r.bytesLost;
      bump(figures.outcomes, `${kind}: ${r.outcome}`);
      for (const feature of r.features) bump(figures.features, feature);
      line = `${seed} ${kind} ${r.mode} ${r.outcome} ${r.ms} ms`;
    }
    figures.cases++;
    bump(figures.byKind, kind);
    if (problems.length) figures.failures.push({ seed, kind, problems, repro: reproCommand(seed, kind) });
    options.onCase?.(`${problems.length ? 'FAIL' : 'ok  '} ${line}`);
  }
  figures.seconds = Math.round((Date.now() - started) / 100) / 10;
  return figures;
}

const table = (counts: Record<string, number>): string[] =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `    ${key}: ${n}`);

/** The figures as printed by `npm run reliability` and quoted in docs/reliability.md. */
export function formatFigures(f: Figures): string {
  return [
    `reliability: seed ${f.seed}, ${f.cases} cases (${Object.entries(f.byKind).map(([k, n]) => `${n} ${k}`).join(', ')}) in ${f.seconds} s`,
    `  kills injected: ${f.killsInjected} (${Object.entries(f.signals).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}); ${f.signalsTooLate} signals came after the run had finished`,
    `  bytes lost: ${f.bytesLost}`,
    `  failures: ${f.failures.length}`,
    '  outcomes:',
    ...table(f.outcomes),
    '  situations covered (hook cases):',
    ...table(f.features),
    ...f.failures.flatMap((x) => [`  FAILED ${x.kind} seed ${x.seed} (reproduce: ${x.repro}):`, ...x.problems.map((p) => `    ${p}`)]),
  ].join('\n');
}
