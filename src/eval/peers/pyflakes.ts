import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BaselineFinding } from '../../model.js';


/** The pyflakes command on this machine (Debian's `pyflakes3`, or the module), if any. */
export function pyflakesCommand(): string[] | undefined {
  for (const candidate of [['pyflakes3'], ['pyflakes'], ['python3', '-m', 'pyflakes']]) {
    const probe = spawnSync(candidate[0] as string, [...candidate.slice(1), '--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/** Runs one pyflakes process over `dir` and returns its output. */
function pyflakesOver(command: string[], dir: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command[0] as string, [...command.slice(1), dir], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve(''));
    child.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/**
 * Runs pyflakes over many Python texts (written to a temporary folder, split in one part per core,
 * one process each) and returns the findings of each, by the caller's key. The peer baseline of `eval`.
 */
export async function runPyflakes(command: string[], files: Map<string, string>): Promise<Map<string, BaselineFinding[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'attractor-pyflakes-'));
  const names = new Map<string, string>();
  const parts = Math.max(1, Math.min(availableParallelism(), 8));
  try {
    let i = 0;
    for (const [key, text] of files) {
      const name = join(dir, `p${i % parts}`, `f${i}`, 'm.py');
      i++;
      mkdirSync(dirname(name), { recursive: true });
      writeFileSync(name, text);
      names.set(name, key);
    }
    const out = new Map<string, BaselineFinding[]>([...files.keys()].map((k) => [k, []]));
    if (names.size === 0) return out;
    const outputs = await Promise.all(Array.from({ length: Math.min(parts, names.size) }, (_, p) => pyflakesOver(command, join(dir, `p${p}`))));
    for (const line of outputs.join('\n').split('\n')) {
      const m = /^(.*?\.py):(\d+):(?:\d+:)? (.*)$/.exec(line);
      if (!m) continue;
      const key = names.get(m[1] as string);
      if (!key) continue;
      out.get(key)?.push({ line: Number(m[2]), key: (m[3] as string).replace(/'[^']*'/g, "'_'").replace(/\d+/g, 'N') });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
