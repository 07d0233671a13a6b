// "One dependency, one adapter" (ARCHITECTURE.md), checked on the sources: each outside package is
// loaded at run time by one folder only, and only git/ starts git.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const SRC = new URL('../../src/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** Packages a file loads at run time: value imports, dynamic imports and require() calls. */
function runtimeLoads(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  for (const m of code.matchAll(/^\s*import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)) out.push(m[1] as string);
  for (const m of code.matchAll(/\b(?:import|require)\(\s*'([^']+)'\s*\)/g)) out.push(m[1] as string);
  return out.filter((spec) => !spec.startsWith('.') && !spec.startsWith('node:') && !builtinModules.includes(spec));
}

const OWNERS: [RegExp, string][] = [
  [/^tree-sitter/, 'parse/'],
  [/^ollama$/, 'llm/'],
  [/^cosmiconfig$/, 'config/'],
  [/^simple-git$/, 'git/'],
  [/^eslint(\/|$)/, 'eslint/recommended-baseline.ts'],
  [/^picomatch$/, 'files/'],
  [/^@astral-sh\/ruff-wasm-nodejs$/, 'eval/peers/ruff.ts'],
  [/^vscode-languageserver/, 'lsp/'],
  [/^@modelcontextprotocol\/sdk(\/|$)/, 'mcp/'],
  [/^zod$/, 'mcp/'],
];

test('every outside package is loaded by its one adapter', () => {
  const seen = new Set<string>();
  for (const file of sources(SRC)) {
    const path = relative(SRC, file);
    for (const spec of runtimeLoads(readFileSync(file, 'utf8'))) {
      const owner = OWNERS.find(([pattern]) => pattern.test(spec));
      assert.ok(owner, `${path} loads ${spec}, which no adapter owns (add it to ARCHITECTURE.md and here)`);
      assert.ok(path.startsWith(owner[1]), `${path} loads ${spec}; only ${owner[1]} may`);
      seen.add(owner[1]);
    }
  }
  assert.equal([...seen].sort(), [...new Set(OWNERS.map(([, owner]) => owner))].sort(), 'each adapter is found (the scan works)');
});

test('only git/ starts git', () => {
  for (const file of sources(SRC)) {
    const path = relative(SRC, file);
    if (path.startsWith('git/')) continue;
    assert.not.match(readFileSync(file, 'utf8'), /\b(?:spawn|spawnSync|execFile|execFileSync|exec|execSync)\(\s*['"`]git\b/, path);
  }
});

test.run();
