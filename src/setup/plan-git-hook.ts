import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';
import type { HookPaths } from '../git/index.js';
import { displayPath } from './display-path.js';
import { BLOCK_BEGIN, hookBlock } from './hook-block.js';
import type { InitPlan } from './init-plan.js';
import { mergeHookBlock } from './merge-hook-block.js';
import { runningCli } from './package-files.js';

/**
 * A plain git hook: the attractor-lint block in `pre-commit` in the folder git runs hooks from
 * (`core.hooksPath` when set). When that folder is inside `.git` (not committed), the block also
 * names the CLI that ran init, as a last resort.
 */
export function planGitHook(root: string, paths: HookPaths, notes: string[] = []): InitPlan {
  const file = join(paths.hooksDir, 'pre-commit');
  const shown = displayPath(root, file);
  const via = `git hook ${shown}${paths.hooksPathConfig ? ` (core.hooksPath=${paths.hooksPathConfig})` : ''}`;
  const plan: InitPlan = { via, steps: [], notes, refusals: [] };
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  // A hooks folder in the work tree (core.hooksPath=.githooks) is usually committed: no machine's path in it.
  const dir = displayPath(root, paths.hooksDir);
  const inWorkTree = !isAbsolute(dir) && !dir.split(sep).includes('.git');
  const block = hookBlock(inWorkTree ? {} : { fallback: runningCli() });
  const merged = mergeHookBlock(existing, block, '#!/bin/sh');
  if ('refused' in merged) {
    plan.refusals.push(`${shown}: left as it is: ${merged.refused}:\n${block}`);
    return plan;
  }
  if (merged.text !== existing) {
    const what = existing === undefined ? `create ${shown}` : existing.includes(BLOCK_BEGIN) ? `update the attractor-lint block in ${shown}` : `append the attractor-lint block to ${shown} (its own lines are kept)`;
    plan.steps.push({
      what,
      run: () => {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, merged.text);
        chmodSync(file, statSync(file).mode | 0o111);
      },
    });
  } else if ((statSync(file).mode & 0o111) === 0) {
    plan.steps.push({ what: `make ${shown} executable (git skips hooks that are not)`, run: () => chmodSync(file, statSync(file).mode | 0o111) });
  }
  return plan;
}
