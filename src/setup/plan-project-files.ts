import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InitStep } from './init-plan.js';
import { packageFile } from './package-files.js';

const CACHE_ENTRY = '.attractor/cache/';

/** Whether a .gitignore already leaves out the cache (or all of `.attractor/`). */
function ignoresCache(gitignore: string): boolean {
  return gitignore.split('\n').some((line) => /^\/?\.attractor(?:\/cache)?(?:\/(?:\*\*?)?)?$/.test(line.trim()));
}

/**
 * The project files init adds: `.attractorrc` (the commented example, every key at its default)
 * when no configuration exists, and the cache folder in `.gitignore`.
 */
export function planProjectFiles(root: string, hasConfig: boolean): InitStep[] {
  const steps: InitStep[] = [];
  if (!hasConfig) {
    steps.push({ what: 'create .attractorrc (every key at its default, commented)', run: () => copyFileSync(packageFile('.attractorrc.example'), join(root, '.attractorrc')) });
  }
  const gitignore = join(root, '.gitignore');
  const text = existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : '';
  if (!ignoresCache(text)) {
    const added = `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${CACHE_ENTRY}\n`;
    steps.push({ what: `add ${CACHE_ENTRY} to .gitignore`, run: () => writeFileSync(gitignore, added) });
  }
  return steps;
}
