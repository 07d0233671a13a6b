#!/usr/bin/env node
// The floor of the whole-tree benchmark: read every file named in LIST (one absolute path a line)
// and parse it with the same tree-sitter packages attractor-lint uses, sequentially on one thread,
// yielding to the event loop between files so trees can be collected. No queries, no rules, no
// cache: what any tree-sitter based checker must pay at least.
// Usage: node scripts/bench/floor-parse.mjs LIST   (prints "files lines bytes" on stdout)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

const require = createRequire(import.meta.url);
const Parser = require('tree-sitter');
const Python = require('tree-sitter-python');

const parser = new Parser();
parser.setLanguage(Python);

const list = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let lines = 0;
let bytes = 0;
let errors = 0;
for (const file of list) {
  const text = readFileSync(file, 'utf8');
  const tree = parser.parse(text);
  if (tree.rootNode.hasError) errors++;
  lines += tree.rootNode.endPosition.row + 1;
  bytes += Buffer.byteLength(text);
  await yieldToLoop();
}
process.stdout.write(`${list.length} ${lines} ${bytes} ${errors}\n`);
