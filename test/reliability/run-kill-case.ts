// One kill case: `check --staged --fix` on a random repository, interrupted at a random moment by
// SIGINT or SIGTERM (and now and then SIGKILL). Afterwards the repository must be exactly as it
// was, or exactly as the finished fix leaves it; a backup folder must not be left, except after
// SIGKILL, when its README must restore the original state.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, gitEnv } from '../helpers/temp-repo.js';
import { buildScenario } from './build-scenario.js';
import { compareState, type Comparison } from './compare-state.js';
import { createRng } from './create-rng.js';
import { expectOutcome } from './expect-outcome.js';
import { takeSnapshot } from './repo-snapshot.js';
import { gitText } from './run-git.js';

export interface KillResult {
  seed: number;
  signal: NodeJS.Signals;
  /** Whether the signal interrupted the run (else the run had finished first). */
  injected: boolean;
  outcome: string;
  problems: string[];
  bytesLost: number;
  ms: number;
}

/** Runs the commands of a backup's README with sh, as a user pasting them would. */
function restoreFromReadme(dir: string): void {
  const readme = readFileSync(join(dir, 'README'), 'utf8');
  const run = spawnSync('sh', ['-e', '-c', readme.slice(readme.indexOf('\n') + 1)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the README's commands failed: ${run.stderr}`);
}

export async function runKillCase(seed: number, keep = false): Promise<KillResult> {
  const started = Date.now();
  const rng = createRng(seed ^ 0x5bd1e995);
  const s = buildScenario(seed, { forKill: true });
  const signal = rng.chance(0.12) ? 'SIGKILL' : rng.pick(['SIGINT', 'SIGTERM'] as const);
  const problems: string[] = [];
  let outcome = 'error';
  let injected = false;
  let bytesLost = 0;
  try {
    const before = takeSnapshot(s.work);
    const fixed = expectOutcome(s, before, 'direct-fix');
    const gitDir = gitText(s.work, ['rev-parse', '--absolute-git-dir']).trim();
    const backupRoot = join(gitDir, 'attractor-lint');
    const child = spawn(process.execPath, [CLI, 'check', '--staged', '--fix'], { cwd: s.work, env: gitEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
    let done = false;
    void exited.then(() => (done = true));
    // Half the time at a random moment of the whole run, half the time once the backup exists
    // (inside the window where the index and files are being written).
    if (rng.chance(0.5)) await sleep(rng.int(2000));
    else {
      const deadline = Date.now() + 5000;
      while (!done && Date.now() < deadline && !existsSync(backupRoot)) await sleep(1);
      await sleep(rng.int(40));
    }
    const sent = !done && child.exitCode === null && child.kill(signal);
    const exit = await exited;
    // Injected: the signal interrupted the run (it died of it, or its handler exited 129/130/143);
    // a signal that reached a process already on its way out is counted as late.
    injected = sent && (exit.signal !== null || [129, 130, 143].includes(exit.code ?? -1));
    if (signal === 'SIGKILL') while (existsSync(join(gitDir, 'index.lock'))) await sleep(10); // orphaned git children finish
    const after = takeSnapshot(s.work);
    const size = (id: string): number => Number(gitText(s.work, ['cat-file', '-s', id]).trim());
    const asOriginal = compareState('original', after, before, size);
    const asFixed = compareState('fixed', after, { ...fixed, submodules: before.submodules, untracked: before.untracked }, size);
    const how = exit.signal ? `killed by ${exit.signal}` : exit.code === 130 || exit.code === 143 ? `handler exit ${exit.code}` : `exit ${exit.code}`;
    const report = (c: Comparison): void => {
      problems.push(`${signal} (${how}): neither the original state nor the fix:`, ...c.problems);
      bytesLost += c.bytesLost;
    };
    const backup = after.backups[0];
    const readme = backup !== undefined && existsSync(join(backup, 'README'));
    if (!asOriginal.problems.length) outcome = `original (${how})`;
    else if (!asFixed.problems.length) outcome = `fixed (${how})`;
    else if (readme) {
      restoreFromReadme(backup);
      const restored = compareState('restored by README', takeSnapshot(s.work), before, size);
      if (restored.problems.length) report(restored);
      outcome = `restored by README (${how})`;
    } else report(asOriginal.problems.length <= asFixed.problems.length ? asOriginal : asFixed);
    // A backup folder is written README last: without one, the run was stopped before it changed anything.
    if (backup !== undefined && !readme && asOriginal.problems.length) problems.push(`an incomplete backup (no README) but the state is not the original`);
    if (backup !== undefined && signal !== 'SIGKILL') problems.push(`${signal} left a backup behind: ${after.backups.join(', ')}`);
    if (backup !== undefined) outcome += readme ? ', backup left' : ', incomplete backup left';
    if (/\n\s+at |internal error/.test(stderr)) problems.push(`stack trace or internal error:\n${stderr}`);
  } catch (error) {
    problems.push(`case crashed: ${(error as Error).stack}`);
  } finally {
    if (!keep && !problems.length) s.cleanup();
    else if (problems.length) problems.push(`kept ${s.root}`);
  }
  return { seed, signal, injected, outcome, problems, bytesLost, ms: Date.now() - started };
}
