import { spawnSync } from 'node:child_process';
import type { HuskyPackage } from './find-husky.js';

/**
 * Runs the project's own husky install (what `husky` does as the `prepare` script): it sets
 * `core.hooksPath=.husky/_` and writes its helper `h` and one stub per hook there. Husky works on
 * the current directory, so it runs as a child in `root` rather than by changing ours. Returns
 * husky's complaint (e.g. "HUSKY=0 skip install", ".git can't be found"), or '' when it installed.
 */
export function runHusky(root: string, husky: HuskyPackage, env: NodeJS.ProcessEnv): string {
  const result = spawnSync(process.execPath, [husky.bin], { cwd: root, env, encoding: 'utf8' });
  if (result.error) return result.error.message;
  const said = `${result.stdout}${result.stderr}`.trim();
  if (result.status !== 0) return said || `husky exited with ${result.status}`;
  return said;
}
