#!/usr/bin/env node
// A peer of the whole-tree benchmark: Ruff's WebAssembly build from npm
// (`@astral-sh/ruff-wasm-nodejs`, the build eval scores for quality) on every file named in LIST,
// one after another in one process, with Ruff's default rule set. Native Ruff is not installable on
// the benchmark machines; this is the Ruff that runs here.
// Usage: node scripts/bench/ruff-wasm.mjs LIST   (prints "files diagnostics version" on stdout;
// exits 3 when the package is not installed)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let ruff;
try {
  ruff = require('@astral-sh/ruff-wasm-nodejs');
} catch {
  process.stderr.write('ruff-wasm: @astral-sh/ruff-wasm-nodejs is not installed\n');
  process.exit(3);
}
const workspace = new ruff.Workspace({}, ruff.PositionEncoding.Utf16);
const list = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let diagnostics = 0;
for (const file of list) diagnostics += workspace.check(readFileSync(file, 'utf8')).length;
process.stdout.write(`${list.length} ${diagnostics} ${ruff.Workspace.version()}\n`);
