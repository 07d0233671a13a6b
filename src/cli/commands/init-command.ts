import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { hookPaths, repoToplevel, resolvesToCommit } from '../../git/index.js';
import { AttractorError, isAttractorError } from '../../shared/errors.js';
import type { InitStep } from '../../setup/init-plan.js';
import { planHook } from '../../setup/plan-hook.js';
import { planPostCommit } from '../../setup/plan-post-commit.js';
import { planProjectFiles } from '../../setup/plan-project-files.js';
import { parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';

/** The first `learn`, run in-process with its output kept to one line. */
function firstLearn(root: string, out: string, io: Io): InitStep {
  return {
    what: `run a first learn over the history (rules go to ${relative(root, out) || out}; "attractor-lint learn" updates them)`,
    run: async () => {
      const { learnCommand } = await import('./learn-command.js');
      const printed: string[] = [];
      const quiet: Io = { ...io, cwd: root, isTTY: false, stdout: (text) => void printed.push(text), stderr: () => undefined };
      try {
        await learnCommand(['--json'], quiet);
        const summary = JSON.parse(printed.join('')) as { commitsScanned: number; rules: { promoted: number } };
        return `${summary.commitsScanned} commit${summary.commitsScanned === 1 ? '' : 's'} read, ${summary.rules.promoted} rule${summary.rules.promoted === 1 ? '' : 's'} learned`;
      } catch (error) {
        if (!isAttractorError(error)) throw error;
        return `learn did not run (${error.message}); run "attractor-lint learn" later`;
      }
    },
  };
}

/**
 * `attractor-lint init [--dry-run] [--no-learn] [--post-commit]`: installs the pre-commit hook the way
 * the project already manages hooks (and with `--post-commit` a background `learn` after each commit), adds `.attractorrc` and the cache's .gitignore entry, and learns a first
 * pack. Idempotent: what is in place is left untouched; a user's own hook lines are never changed.
 */
export async function initCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { 'dry-run': { type: 'boolean' }, 'no-learn': { type: 'boolean' }, 'post-commit': { type: 'boolean' } });
  if (positionals.length) throw new AttractorError('bad-args', `init takes no arguments (got "${positionals[0]}")`);
  const dryRun = Boolean(values['dry-run']);
  const root = repoToplevel(io.cwd);

  let hasConfig = false;
  let learnOut = resolve(root, '.attractor/rules');
  const notes: string[] = [];
  try {
    const config = await loadConfig(root, root);
    hasConfig = config.file !== undefined;
    learnOut = config.learn.out;
  } catch (error) {
    if (!isAttractorError(error)) throw error;
    hasConfig = true;
    notes.push(`the configuration has a problem, left as it is: ${error.message}`);
  }

  const hook = planHook(root, io.env);
  const postCommit = values['post-commit'] ? planPostCommit(root, hookPaths(root)) : undefined;
  const steps = [...planProjectFiles(root, hasConfig), ...hook.steps, ...(postCommit?.steps ?? [])];
  if (postCommit) hook.refusals.push(...postCommit.refusals);
  if (!values['no-learn'] && !existsSync(learnOut) && resolvesToCommit(root)) steps.push(firstLearn(root, learnOut, io));
  notes.push(...hook.notes);

  io.stdout(`attractor-lint init${dryRun ? ' --dry-run' : ''}: pre-commit hook through ${hook.via}\n`);
  if (steps.length === 0) io.stdout('  nothing to do: everything is in place\n');
  let failed = false;
  for (const step of steps) {
    io.stdout(`  ${dryRun ? 'would ' : ''}${step.what}\n`);
    if (dryRun) continue;
    try {
      const said = await step.run();
      if (said) io.stdout(`    ${said}\n`);
    } catch (error) {
      if (!isAttractorError(error)) throw error;
      io.stderr(`attractor-lint: init: ${error.message}\n`);
      failed = true;
    }
  }
  for (const note of notes) io.stdout(`note: ${note}\n`);
  for (const refusal of hook.refusals) io.stderr(`attractor-lint: init: ${refusal}\n`);
  return failed || hook.refusals.length > 0 ? 1 : 0;
}
