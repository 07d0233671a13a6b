// One randomised case: a repository in a random state, a commit through the real pre-commit hook,
// and the state after compared byte for byte with the state expected.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { PLAIN_PATH } from '../helpers/hook-project.js';
import { CLI, gitEnv } from '../helpers/temp-repo.js';
import { buildScenario, type Scenario } from './build-scenario.js';
import { compareState } from './compare-state.js';
import { createRng } from './create-rng.js';
import { expectOutcome, type Expectation } from './expect-outcome.js';
import { takeSnapshot, type RepoSnapshot } from './repo-snapshot.js';
import { gitText } from './run-git.js';

const HOOK = new URL('../../hooks/pre-commit', import.meta.url).pathname;
const sh = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;
/** The hook finds the CLI through ATTRACTOR_LINT_BIN, a shell command line. */
export const LINT_BIN = `${sh(process.execPath)} ${sh(CLI)}`;

export interface CaseResult {
  seed: number;
  variant: 'check' | 'fix';
  mode: string;
  features: string[];
  outcome: string;
  problems: string[];
  bytesLost: number;
  ms: number;
}

/** Installs hooks/pre-commit, or for `fix` a two-line hook running `check --staged --fix` (the shipped hook has no switch for it). */
export function installHook(s: Scenario, variant: 'check' | 'fix'): void {
  const common = gitText(s.work, ['rev-parse', '--git-common-dir']).trim();
  const hooks = join(isAbsolute(common) ? common : resolve(s.work, common), 'hooks');
  mkdirSync(hooks, { recursive: true });
  const target = join(hooks, 'pre-commit');
  if (variant === 'check') copyFileSync(HOOK, target);
  else writeFileSync(target, `#!/bin/sh\nexec ${LINT_BIN} check --staged --fix\n`);
  chmodSync(target, 0o755);
}

function commitArgs(s: Scenario): string[] {
  const message = ['-m', `case ${s.seed}`];
  if (s.mode === 'all') return ['commit', '-q', '-a', ...message];
  if (s.mode === 'amend') return ['commit', '-q', '--amend', ...message];
  if (s.mode === 'only') return ['commit', '-q', ...message, '--', ...s.onlyPaths];
  return ['commit', '-q', ...message];
}

function outcomeOf(exp: Expectation, variant: string): string {
  if (exp.committed) return exp.fixed.length ? 'committed with fixes' : 'committed';
  if (variant === 'check' && exp.findings.length) return 'blocked by findings';
  if (exp.overlapped.length) return 'blocked: fix overlaps unstaged edits';
  return 'nothing to commit';
}

function headInfo(dir: string): { head: string; tree: string; parents: string[] } {
  const [head = '', tree = '', ...parents] = gitText(dir, ['log', '-1', '--format=%H%n%T%n%P']).trim().split(/\s+/);
  return { head, tree, parents };
}

export function runHookCase(seed: number, variant: 'check' | 'fix', keep = false): CaseResult {
  const started = Date.now();
  // Half the checking cases stage nothing the rule flags, so that their commits go through.
  const clean = createRng(seed ^ 0x9e3779b9).chance(variant === 'check' ? 0.5 : 0.15);
  const s = buildScenario(seed, { clean });
  if (clean) s.features.add('clean');
  const problems: string[] = [];
  let bytesLost = 0;
  let outcome = 'error';
  try {
    installHook(s, variant);
    const before = takeSnapshot(s.work);
    const mainBefore: RepoSnapshot | undefined = s.work === s.repo ? undefined : takeSnapshot(s.repo);
    const exp = expectOutcome(s, before, variant);
    outcome = outcomeOf(exp, variant);
    const run = spawnSync('git', commitArgs(s), { cwd: s.work, env: gitEnv({ PATH: PLAIN_PATH, ATTRACTOR_LINT_BIN: LINT_BIN }), encoding: 'utf8', timeout: 60_000 });
    const after = takeSnapshot(s.work);
    const size = (id: string): number => Number(gitText(s.work, ['cat-file', '-s', id]).trim());
    const result = compareState('after', after, { ...exp, submodules: before.submodules, untracked: before.untracked }, size);
    problems.push(...result.problems);
    bytesLost += result.bytesLost;
    const head = headInfo(s.work);
    if (exp.committed !== (head.head !== before.head)) problems.push(`expected ${exp.committed ? 'a commit' : 'no commit'}, but HEAD ${head.head === before.head ? 'stayed' : 'moved'} (git exit ${run.status}): ${run.stderr}`);
    if (exp.committed && head.tree !== exp.tree) problems.push(`committed tree ${head.tree}, expected ${exp.tree}`);
    if (exp.committed && head.parents.join() !== exp.parents?.join()) problems.push(`commit parents ${head.parents.join()}, expected ${exp.parents?.join()}`);
    if ((run.status === 0) !== exp.committed) problems.push(`git commit exited ${run.status ?? run.signal}: ${run.stderr}`);
    if (after.backups.length) problems.push(`backup left behind: ${after.backups.join(', ')}`);
    if (/\n\s+at |internal error/.test(run.stderr)) problems.push(`stack trace or internal error:\n${run.stderr}`);
    if (mainBefore) {
      const main = compareState('main worktree', takeSnapshot(s.repo), mainBefore, size);
      problems.push(...main.problems);
      bytesLost += main.bytesLost;
      if (headInfo(s.repo).head !== mainBefore.head) problems.push('main worktree: HEAD moved');
    }
  } catch (error) {
    problems.push(`case crashed: ${(error as Error).stack}`);
  } finally {
    if (!keep && !problems.length) s.cleanup();
    else if (problems.length) problems.push(`kept ${s.root}`);
  }
  return { seed, variant, mode: s.mode, features: [...s.features].sort(), outcome, problems, bytesLost, ms: Date.now() - started };
}
