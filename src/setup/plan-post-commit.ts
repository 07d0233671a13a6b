import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HookPaths } from '../git/index.js';
import { displayPath } from './display-path.js';
import { BLOCK_BEGIN, BLOCK_END } from './hook-block.js';
import type { InitPlan } from './init-plan.js';
import { mergeHookBlock } from './merge-hook-block.js';
import { isHuskyHooksPath } from './plan-husky.js';

/**
 * The lines `init --post-commit` adds to the post-commit hook: `learn` after every commit, detached
 * in the background (incremental: only the new commits are read), logged to
 * .attractor/cache/learn.log. It never blocks or fails the commit, and does nothing when the linter
 * is not installed. ATTRACTOR_LINT=0 skips it.
 */
export function postCommitBlock(): string {
  return `${[
    BLOCK_BEGIN,
    '# Added by `attractor-lint init --post-commit`: learns from the commit just made, in the background.',
    'if [ "${ATTRACTOR_LINT:-}" != 0 ]; then',
    '  if [ -n "${ATTRACTOR_LINT_BIN:-}" ]; then attractor_lint=$ATTRACTOR_LINT_BIN',
    '  elif [ -x ./node_modules/.bin/attractor-lint ]; then attractor_lint=./node_modules/.bin/attractor-lint',
    '  elif command -v attractor-lint >/dev/null 2>&1; then attractor_lint=attractor-lint',
    '  else attractor_lint=',
    '  fi',
    '  if [ -n "$attractor_lint" ] && mkdir -p .attractor/cache 2>/dev/null; then',
    '    attractor_lint_job="echo \\"--- \\$(date) attractor-lint learn (post-commit)\\"; $attractor_lint learn"',
    '    if command -v setsid >/dev/null 2>&1; then',
    '      setsid sh -c "$attractor_lint_job" </dev/null >>.attractor/cache/learn.log 2>&1 &',
    '    else',
    '      nohup sh -c "$attractor_lint_job" </dev/null >>.attractor/cache/learn.log 2>&1 &',
    '    fi',
    '  fi',
    'fi',
    BLOCK_END,
  ].join('\n')}\n`;
}

/**
 * `init --post-commit`: the post-commit block in `.husky/post-commit` when husky runs the hooks,
 * else in the folder git runs hooks from (`core.hooksPath` when set).
 */
export function planPostCommit(root: string, paths: HookPaths): InitPlan {
  const file = isHuskyHooksPath(paths.hooksPathConfig) ? join(root, '.husky', 'post-commit') : join(paths.hooksDir, 'post-commit');
  const shown = displayPath(root, file);
  const plan: InitPlan = { via: shown, steps: [], notes: [], refusals: [] };
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const block = postCommitBlock();
  const merged = mergeHookBlock(existing, block, '#!/bin/sh');
  if ('refused' in merged) {
    plan.refusals.push(`${shown}: left as it is: ${merged.refused}:\n${block}`);
    return plan;
  }
  if (merged.text === existing) return plan;
  plan.steps.push({
    what: existing === undefined ? `create ${shown} (learn after each commit, in the background)` : `add the attractor-lint block to ${shown} (learn after each commit; its own lines are kept)`,
    run: () => {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, merged.text);
      chmodSync(file, statSync(file).mode | 0o111);
    },
  });
  return plan;
}
