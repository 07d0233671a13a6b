#!/usr/bin/env node
// Runs the randomised hook-safety and kill cases (test/reliability/) and prints the figures:
// cases run, kills injected, bytes lost, outcomes; then the bad-input corpus and the history cases
// as Markdown tables (the figures in docs/reliability.md). Needs the built CLI (npm run reliability builds).
//   npm run reliability -- --cases 200 --seed 1
//   npm run reliability -- --cases 1 --seed 1234 --kind hook-fix --no-corpus --keep    (one case, repository kept)
// Options: --cases N (default 30), --seed S (default 1), --kind hook-check|hook-fix|kill (repeatable),
// --no-corpus (skip the bad inputs and histories), --keep (keep every temporary repository),
// --json FILE (write all figures as JSON), --quiet (no line per case).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    kind: { type: 'string', multiple: true },
    keep: { type: 'boolean' },
    'no-corpus': { type: 'boolean' },
    json: { type: 'string' },
    quiet: { type: 'boolean' },
  },
});
for (const key of Object.keys(process.env)) if (key.startsWith('GIT_')) delete process.env[key];
register();
const { KINDS, formatFigures, runReliability } = await import('../test/reliability/run-reliability.ts');
const kinds = values.kind ?? KINDS;
for (const kind of kinds) if (!KINDS.includes(kind)) throw new Error(`--kind must be one of ${KINDS.join(', ')}, got ${kind}`);
const cases = Number(values.cases);
const seed = Number(values.seed);
if (!Number.isInteger(cases) || cases < 1 || !Number.isInteger(seed) || seed < 0) throw new Error('--cases and --seed take whole numbers');
const log = values.quiet ? undefined : (line) => console.log(line);
const figures = await runReliability({ cases, seed, kinds, keep: Boolean(values.keep), onCase: log });
console.log(formatFigures(figures));
let failed = figures.failures.length;
const all = { figures };
if (!values['no-corpus']) {
  const { formatRows, runBadInputRows, runHistoryRows } = await import('../test/reliability/run-corpora.ts');
  const row = log && ((r) => log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} ${r.result} ${(r.ms / 1000).toFixed(1)} s`));
  all.badInputs = await runBadInputRows(row);
  all.history = await runHistoryRows(row);
  // The known hang is a finding, reported in the table; anything else failing fails the run.
  const { BAD_INPUTS } = await import('../test/reliability/bad-inputs.ts');
  const hangs = new Set(BAD_INPUTS.filter((c) => c.notInCi === 'hangs').map((c) => c.name));
  failed += [...all.badInputs, ...all.history].filter((r) => !r.ok && !hangs.has(r.name)).length;
  const survived = all.history.filter((r) => r.ok).length;
  console.log(`\nbad inputs: ${all.badInputs.filter((r) => r.ok).length} of ${all.badInputs.length} as expected\n\n${formatRows(all.badInputs)}`);
  console.log(`\nhistory cases survived: ${survived} of ${all.history.length}\n\n${formatRows(all.history, 'learn --json summary')}`);
}
if (values.json) writeFileSync(values.json, `${JSON.stringify(all, null, 2)}\n`);
process.exit(failed ? 1 : 0);
