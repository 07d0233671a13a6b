import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hookPaths } from '../git/index.js';
import { displayPath } from './display-path.js';
import type { DoctorCheck } from './doctor-check.js';
import { findCli } from './find-cli.js';
import { hookScripts, isHuskyStub, isPreCommitFrameworkHook, readText } from './hook-scripts.js';
import { findLintStagedConfig } from './lint-staged-config.js';
import { isHuskyHooksPath } from './plan-husky.js';

const AREA = 'pre-commit hook';

const readOr = (file: string): string => readText(file) ?? '';

/** The last-resort CLI path a hook block written by init names, when that file still exists. */
function fallbackCli(text: string): string | undefined {
  const script = /attractor_lint_script='([^']*)'/.exec(text)?.[1];
  return script && existsSync(script) ? script : undefined;
}

/**
 * Whether a commit in the repository at `root` will run attractor-lint: the hooks folder git uses
 * exists (husky's untracked `.husky/_` is missing in linked worktrees), the hook is there and
 * executable, it (or husky's `.husky/pre-commit`, lint-staged's or the pre-commit framework's
 * configuration) runs attractor-lint, and the hook can find the CLI.
 */
export function checkHook(root: string, env: NodeJS.ProcessEnv): DoctorCheck[] {
  const paths = hookPaths(root);
  const rel = (file: string): string => displayPath(root, file);
  const configured = paths.hooksPathConfig;
  const plainHook = join(paths.defaultHooksDir, 'pre-commit');
  const hidden = configured !== undefined && existsSync(plainHook) && readOr(plainHook).includes('attractor-lint') ? ` (attractor-lint is installed in ${rel(plainHook)}, which core.hooksPath hides)` : '';
  const husky = isHuskyHooksPath(configured);

  if (configured !== undefined && !existsSync(paths.hooksDir)) {
    const where = paths.linkedWorktree ? ' in this linked worktree' : '';
    return [{
      area: AREA,
      status: 'problem',
      message: `core.hooksPath is ${configured}, but ${rel(paths.hooksDir)} does not exist${where}, so git runs no hooks at all${hidden}`,
      fix: husky
        ? `run "npx husky" here${paths.linkedWorktree ? ' (husky\'s .husky/_ is untracked, so every worktree needs its own)' : ' (npm install runs it through the prepare script)'}`
        : `create ${configured} with a pre-commit hook ("attractor-lint init"), or "git config --unset core.hooksPath"`,
    }];
  }
  const scripts = hookScripts(paths);
  const hook = scripts[0] as { file: string; text: string | undefined };
  if (hook.text === undefined) {
    return [{
      area: AREA,
      status: 'problem',
      message: `git would run ${rel(hook.file)}, which does not exist${hidden}`,
      fix: hidden ? `"attractor-lint init" (installs into ${configured}), or "git config --unset core.hooksPath"` : '"attractor-lint init"',
    }];
  }
  const checks: DoctorCheck[] = [];
  if ((statSync(hook.file).mode & 0o111) === 0) {
    checks.push({ area: AREA, status: 'problem', message: `${rel(hook.file)} is not executable, so git skips it`, fix: `chmod +x ${rel(hook.file)}` });
  }
  const user = scripts[1];
  if (isHuskyStub(hook.file, hook.text)) {
    if (!existsSync(join(paths.hooksDir, 'h'))) checks.push({ area: AREA, status: 'problem', message: `husky's helper ${rel(join(paths.hooksDir, 'h'))} is missing, so the hook fails`, fix: 'run "npx husky"' });
    if (user && user.text === undefined) {
      checks.push({ area: AREA, status: 'problem', message: `husky runs ${rel(user.file)}, which does not exist`, fix: '"attractor-lint init"' });
      return checks;
    }
  }
  const texts = scripts.map((script) => script.text ?? '');
  const shown = scripts.filter((script) => script.text !== undefined).map((script) => rel(script.file)).join(' -> ');
  let runs: string | undefined;
  let needsCli = true;
  if (texts.some((text) => text.includes('attractor-lint'))) runs = shown;
  else if (texts.some((text) => /\blint-staged\b/.test(text))) {
    const config = findLintStagedConfig(root);
    if (config?.text.includes('attractor-lint')) runs = `${shown} -> lint-staged (${rel(config.file)})`;
    else return [...checks, { area: AREA, status: 'problem', message: `${shown} runs lint-staged, whose configuration has no attractor-lint task`, fix: '"attractor-lint init" (adds it)' }];
  } else if (isPreCommitFrameworkHook(hook.text)) {
    needsCli = false;
    if (readOr(join(root, '.pre-commit-config.yaml')).includes('attractor-lint')) runs = `${shown} -> pre-commit (.pre-commit-config.yaml)`;
    else return [...checks, { area: AREA, status: 'problem', message: 'the pre-commit framework runs the hook, but .pre-commit-config.yaml has no attractor-lint hook', fix: 'add the entry "attractor-lint init" prints to .pre-commit-config.yaml' }];
  }
  if (!runs) return [...checks, { area: AREA, status: 'problem', message: `${shown} does not run attractor-lint${hidden}`, fix: '"attractor-lint init" (adds it to the hook, keeping the hook\'s own lines)' }];
  if (needsCli && !findCli(root, env) && !fallbackCli(texts.join('\n'))) {
    checks.push({ area: AREA, status: 'problem', message: 'the hook will not find attractor-lint: not in node_modules/.bin nor on PATH', fix: '"npm install --save-dev attractor-lint" (or install it globally)' });
  }
  if (checks.length === 0) checks.push({ area: AREA, status: 'ok', message: `${runs} runs attractor-lint${husky ? ' (husky)' : ''}` });
  return checks;
}
