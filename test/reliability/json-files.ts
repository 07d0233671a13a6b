import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `dir` (relative path -> bytes), skipping nothing. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

/** The `.json` files under `dir` that do not parse, with the parser's reason. */
export function unparsableJson(dir: string): string[] {
  const bad: string[] = [];
  for (const [path, bytes] of readTree(dir)) {
    if (!path.endsWith('.json')) continue;
    try {
      JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      bad.push(`${path}: ${(error as Error).message}`);
    }
  }
  return bad;
}
