import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hookPaths, type HookPaths } from '../git/index.js';
import { findHusky, type HuskyPackage } from './find-husky.js';
import { BLOCK_BEGIN, BLOCK_END } from './hook-block.js';
import type { InitPlan } from './init-plan.js';
import { findLintStagedConfig } from './lint-staged-config.js';
import { planGitHook } from './plan-git-hook.js';
import { isHuskyHooksPath, planHusky } from './plan-husky.js';
import { planLintStaged } from './plan-lint-staged.js';
import { PRE_COMMIT_SNIPPET } from './pre-commit-snippet.js';

/** What a hook holds besides the shebang and attractor-lint's block (empty when nothing). */
function ownLines(text: string): string {
  const start = text.indexOf(BLOCK_BEGIN);
  const end = text.indexOf(BLOCK_END);
  const rest = start >= 0 && end > start ? text.slice(0, start) + text.slice(end + BLOCK_END.length) : text;
  return rest
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#!'))
    .join('\n');
}

/** Why the hook should not go through husky here, or undefined when it can. */
function huskyObstacle(paths: HookPaths, husky: HuskyPackage | undefined): string | undefined {
  if (!husky) return 'husky is not installed in this project ("npm install --save-dev husky", then "attractor-lint init" again, shares the hook with everyone)';
  if (Number(husky.version.split('.')[0]) < 9) return `husky ${husky.version} is installed; init sets hooks up with husky 9 or later`;
  if (paths.hooksPathConfig !== undefined && !isHuskyHooksPath(paths.hooksPathConfig)) return `core.hooksPath is ${paths.hooksPathConfig}, which husky would replace`;
  const plain = join(paths.defaultHooksDir, 'pre-commit');
  if (paths.hooksPathConfig === undefined && existsSync(plain) && ownLines(readFileSync(plain, 'utf8')) !== '') {
    return `${plain} has commands of its own, which husky would switch off (it moves core.hooksPath)`;
  }
  return undefined;
}

/**
 * Decides how the pre-commit hook is installed, in the order a project would expect: the
 * pre-commit framework when it is configured (it owns the hook: print its entry), lint-staged when
 * package.json's project uses it, husky for other package.json projects, and a plain git hook
 * otherwise (in the folder core.hooksPath names, if set).
 */
export function planHook(root: string, env: NodeJS.ProcessEnv): InitPlan {
  const paths = hookPaths(root);
  const framework = join(root, '.pre-commit-config.yaml');
  if (existsSync(framework)) {
    const configured = readFileSync(framework, 'utf8').includes('attractor-lint');
    const note = configured
      ? '.pre-commit-config.yaml already runs attractor-lint ("pre-commit install" installs the hook)'
      : `this project uses the pre-commit framework, which owns the git hook: add this under "repos:" in .pre-commit-config.yaml, then run "pre-commit install":\n${PRE_COMMIT_SNIPPET}`;
    return { via: 'the pre-commit framework (.pre-commit-config.yaml)', steps: [], notes: [note], refusals: [] };
  }
  if (!existsSync(join(root, 'package.json'))) return planGitHook(root, paths);
  const lintStaged = findLintStagedConfig(root);
  if (lintStaged) return planLintStaged(root, lintStaged, paths, env);
  const husky = findHusky(root);
  const obstacle = huskyObstacle(paths, husky);
  if (obstacle || !husky) return planGitHook(root, paths, [`not through husky: ${obstacle}; a git hook is installed instead`]);
  return planHusky(root, husky, paths, env);
}
