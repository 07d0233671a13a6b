import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const executable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Where a hook run at the top level `root` would find attractor-lint: `node_modules/.bin` (husky
 * and lint-staged put it on PATH; the hook block looks there first), else PATH. Undefined when
 * neither has it.
 */
export function findCli(root: string, env: NodeJS.ProcessEnv): string | undefined {
  const local = join(root, 'node_modules', '.bin', 'attractor-lint');
  if (executable(local)) return local;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, 'attractor-lint'))) return join(dir, 'attractor-lint');
  }
  return undefined;
}

export const CLI_MISSING = 'attractor-lint is neither in node_modules/.bin nor on PATH, so the hook will not find it: "npm install --save-dev attractor-lint"';
