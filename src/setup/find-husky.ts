import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface HuskyPackage {
  /** The folder of the husky package the project installed. */
  dir: string;
  version: string;
  /** Its command-line script (`bin.js` in husky 9), absolute. */
  bin: string;
}

/**
 * The husky the project itself installed: `node_modules/husky` in `root` or a folder above it
 * (workspaces hoist it), as Node resolves packages. Husky's `exports` hide its package.json from
 * `require.resolve`, so the folders are looked at directly. Undefined when the project has none.
 */
export function findHusky(root: string): HuskyPackage | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', 'husky', 'package.json');
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string; bin?: string | Record<string, string> };
        const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.husky;
        if (bin) return { dir: dirname(manifest), version: pkg.version ?? '0', bin: join(dirname(manifest), bin) };
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
