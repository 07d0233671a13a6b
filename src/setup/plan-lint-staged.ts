import { writeFileSync } from 'node:fs';
import type { HookPaths } from '../git/index.js';
import { displayPath } from './display-path.js';
import { CLI_MISSING, findCli } from './find-cli.js';
import { hookScripts } from './hook-scripts.js';
import type { InitPlan } from './init-plan.js';
import { LINT_STAGED_GLOB, LINT_STAGED_TASK, withLintStagedTask, type LintStagedConfig } from './lint-staged-config.js';

/**
 * The task in the project's lint-staged configuration: lint-staged passes the staged paths (it hides
 * unstaged changes itself, so the working tree is what gets committed) and re-stages fixes.
 */
export function planLintStaged(root: string, config: LintStagedConfig, paths: HookPaths, env: NodeJS.ProcessEnv): InitPlan {
  const shown = displayPath(root, config.file);
  const plan: InitPlan = { via: `lint-staged (${shown})`, steps: [], notes: [], refusals: [] };
  if (!config.text.includes('attractor-lint')) {
    const edited = withLintStagedTask(config);
    const entry = `${JSON.stringify(LINT_STAGED_GLOB)}: ${JSON.stringify(LINT_STAGED_TASK)}`;
    if (edited === undefined) plan.refusals.push(`${shown}: cannot be edited safely (${config.format === 'code' ? 'it is code' : 'unexpected layout'}); add this entry yourself: ${entry}`);
    else plan.steps.push({ what: `add ${entry} to ${shown}`, run: () => writeFileSync(config.file, edited) });
  }
  if (!hookScripts(paths).some((script) => script.text?.includes('lint-staged'))) {
    plan.notes.push('no pre-commit hook runs lint-staged yet: with husky, put "npx lint-staged" in .husky/pre-commit (then "npx husky")');
  }
  if (!findCli(root, env)) plan.notes.push(CLI_MISSING);
  return plan;
}
