import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setJsonMember } from './set-json-member.js';

/** lint-staged's glob for the files attractor-lint checks, and the task: lint-staged appends the staged paths. */
export const LINT_STAGED_GLOB = '*.{py,pyi,pyw,js,mjs,cjs,jsx,ts,tsx,mts,cts}';
/**
 * `--diff HEAD`: lint-staged hides unstaged changes while its tasks run, so the working tree is the
 * staged content and the change against HEAD is the commit's: new-code-only rules and the sibling
 * search see it (with plain paths they would see no change).
 */
export const LINT_STAGED_TASK = 'attractor-lint check --diff HEAD';

export interface LintStagedConfig {
  /** Absolute path of the file holding the configuration. */
  file: string;
  /** How it can be edited: a JSON object (package.json's `lint-staged` key or a JSON rc file), YAML, or code (not at all). */
  format: 'package-json' | 'json' | 'yaml' | 'code';
  text: string;
}

const FILES = [
  '.lintstagedrc',
  '.lintstagedrc.json',
  '.lintstagedrc.yaml',
  '.lintstagedrc.yml',
  '.lintstagedrc.mjs',
  '.lintstagedrc.mts',
  '.lintstagedrc.js',
  '.lintstagedrc.ts',
  '.lintstagedrc.cjs',
  '.lintstagedrc.cts',
  'lint-staged.config.mjs',
  'lint-staged.config.mts',
  'lint-staged.config.js',
  'lint-staged.config.ts',
  'lint-staged.config.cjs',
  'lint-staged.config.cts',
];

function isJson(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * The lint-staged configuration at the top level `root`, in lint-staged's own search order
 * (package.json's key, package.yaml, then the rc and config files); undefined when the project has none.
 * @see https://github.com/lint-staged/lint-staged#configuration
 */
export function findLintStagedConfig(root: string): LintStagedConfig | undefined {
  const pkgFile = join(root, 'package.json');
  if (existsSync(pkgFile)) {
    const text = readFileSync(pkgFile, 'utf8');
    try {
      if ((JSON.parse(text) as Record<string, unknown>)['lint-staged'] !== undefined) return { file: pkgFile, format: 'package-json', text };
    } catch {
      // an unreadable package.json is reported by whoever needs it
    }
  }
  for (const name of ['package.yaml', 'package.yml']) {
    const file = join(root, name);
    if (existsSync(file) && /^lint-staged:/m.test(readFileSync(file, 'utf8'))) return { file, format: 'code', text: readFileSync(file, 'utf8') };
  }
  for (const name of FILES) {
    const file = join(root, name);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (name === '.lintstagedrc') return { file, format: isJson(text) ? 'json' : 'yaml', text };
    return { file, format: name.endsWith('.json') ? 'json' : /\.ya?ml$/.test(name) ? 'yaml' : 'code', text };
  }
  return undefined;
}

/**
 * The configuration's text with the attractor-lint task added, or undefined when it cannot be
 * edited safely (code, a flow-style or empty YAML document, an array-valued JSON file).
 */
export function withLintStagedTask(config: LintStagedConfig): string | undefined {
  const { text } = config;
  if (config.format === 'package-json') return setJsonMember(text, ['lint-staged', LINT_STAGED_GLOB], LINT_STAGED_TASK);
  if (config.format === 'json') return isJson(text) ? setJsonMember(text, [LINT_STAGED_GLOB], LINT_STAGED_TASK) : undefined;
  if (config.format === 'yaml') {
    const first = text.split('\n').find((line) => line.trim() !== '' && !line.trim().startsWith('#') && line.trim() !== '---');
    if (!first || !/^[^\s{[-]/.test(first) || !first.includes(':')) return undefined;
    return `${text}${text.endsWith('\n') ? '' : '\n'}${JSON.stringify(LINT_STAGED_GLOB)}: ${LINT_STAGED_TASK}\n`;
  }
  return undefined;
}
