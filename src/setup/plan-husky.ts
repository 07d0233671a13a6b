import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HookPaths } from '../git/index.js';
import { AttractorError } from '../shared/errors.js';
import { CLI_MISSING, findCli } from './find-cli.js';
import type { HuskyPackage } from './find-husky.js';
import { BLOCK_BEGIN, hookBlock } from './hook-block.js';
import type { InitPlan } from './init-plan.js';
import { mergeHookBlock } from './merge-hook-block.js';
import { runHusky } from './run-husky.js';
import { setJsonMember } from './set-json-member.js';

const HUSKY_DIR = '.husky/_';

/** Whether `core.hooksPath` already points at husky's folder (husky 9: `.husky/_`). */
export function isHuskyHooksPath(value: string | undefined): boolean {
  return value !== undefined && value.replace(/\/+$/, '') === HUSKY_DIR;
}

/**
 * The hook through husky, as `husky init` would set it up: the project's husky installed
 * (`core.hooksPath=.husky/_` and its helper files), `"prepare": "husky"` in package.json so every
 * clone gets the hooks from `npm install`, and the attractor-lint block in `.husky/pre-commit`
 * (committed, so it names no path of this machine).
 */
export function planHusky(root: string, husky: HuskyPackage, paths: HookPaths, env: NodeJS.ProcessEnv): InitPlan {
  const plan: InitPlan = { via: `husky ${husky.version} (.husky/pre-commit)`, steps: [], notes: [], refusals: [] };
  const installed = isHuskyHooksPath(paths.hooksPathConfig) && existsSync(join(root, HUSKY_DIR, 'h')) && existsSync(join(root, HUSKY_DIR, 'pre-commit'));
  if (!installed) {
    plan.steps.push({
      what: `run husky ${husky.version}: core.hooksPath=${HUSKY_DIR}, helper scripts in ${HUSKY_DIR}/`,
      run: () => {
        const said = runHusky(root, husky, env);
        if (said) throw new AttractorError('io', `husky did not install: ${said.split('\n')[0]}`);
      },
    });
  }

  const pkgFile = join(root, 'package.json');
  const pkgText = readFileSync(pkgFile, 'utf8');
  let prepare: unknown;
  try {
    prepare = (JSON.parse(pkgText) as { scripts?: Record<string, unknown> }).scripts?.prepare;
  } catch (error) {
    throw new AttractorError('bad-config', `package.json: cannot parse (${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof prepare !== 'string' || !/\bhusky\b/.test(prepare)) {
    const value = typeof prepare === 'string' && prepare.trim() ? `${prepare} && husky` : 'husky';
    plan.steps.push({ what: `set scripts.prepare to "${value}" in package.json (installs the hooks on npm install)`, run: () => writeFileSync(pkgFile, setJsonMember(pkgText, ['scripts', 'prepare'], value)) });
  }

  const hookFile = join(root, '.husky', 'pre-commit');
  const existing = existsSync(hookFile) ? readFileSync(hookFile, 'utf8') : undefined;
  const block = hookBlock();
  const merged = mergeHookBlock(existing, block, undefined);
  if ('refused' in merged) {
    plan.refusals.push(`.husky/pre-commit: left as it is: ${merged.refused}:\n${block}`);
  } else if (merged.text !== existing) {
    const what = existing === undefined
      ? 'create .husky/pre-commit (commit it)'
      : existing.includes(BLOCK_BEGIN) ? 'update the attractor-lint block in .husky/pre-commit' : 'add the attractor-lint block to .husky/pre-commit (its own lines are kept)';
    plan.steps.push({
      what,
      run: () => {
        mkdirSync(join(root, '.husky'), { recursive: true });
        writeFileSync(hookFile, merged.text);
      },
    });
  }
  if (!findCli(root, env)) plan.notes.push(CLI_MISSING);
  return plan;
}
