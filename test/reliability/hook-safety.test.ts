// The CI subset of the randomised hook-safety suite: a fixed seed and a few cases of each kind
// (a commit through hooks/pre-commit, a commit through a `check --staged --fix` hook, and
// `check --staged --fix` killed at a random moment). `npm run reliability -- --cases N --seed S`
// runs more; a failure prints the seed and the command that reproduces it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatFigures, runReliability, type CaseKind } from './run-reliability.js';

const SEED = 20_260_601;
const PER_KIND = 6;

async function check(kinds: CaseKind[]): Promise<void> {
  const figures = await runReliability({ cases: PER_KIND * kinds.length, seed: SEED, kinds });
  if (figures.failures.length) assert.unreachable(`\n${formatFigures(figures)}`);
  assert.is(figures.bytesLost, 0);
  assert.is(figures.cases, PER_KIND * kinds.length);
}

test('commits through the hook, checking and fixing, lose nothing and change only the staged fixes', async () => {
  await check(['hook-check', 'hook-fix']);
});

test('check --staged --fix killed by SIGINT, SIGTERM (or SIGKILL) leaves the original state or the finished fix', async () => {
  await check(['kill']);
});

test.run();
