#!/usr/bin/env node
// Where the wall time of `check --staged` goes: replays the steps of the check command with the
// built modules from dist/ and prints a timestamp after each. Run it inside a repository with
// staged Python files (e.g. one kept by `node scripts/bench.mjs --only staged --keep`):
//   cd <repo> && node <attractor-lint>/scripts/bench/profile-staged.mjs
// It imports internal modules, so it follows their current names; it is a diagnostic, not an API.
import { performance } from 'node:perf_hooks';

const marks = [['node bootstrap (until the first line of this script)', performance.now()]];
let last = marks[0][1];
const mark = (label) => {
  const now = performance.now();
  marks.push([label, now - last]);
  last = now;
};

const dist = new URL('../../dist/', import.meta.url);
const at = (path) => new URL(path, dist).href;
const { run } = await import(at('cli/run.js'));
mark('import the CLI module graph (dist/cli/run.js and everything it imports)');
const { createRequire } = await import('node:module');
const require = createRequire(at('parse/parser.js'));
require('tree-sitter');
mark('load the tree-sitter native addon');
require('tree-sitter-python');
mark('load the tree-sitter-python grammar');
const { findWorktreeRoot } = await import(at('git/index.js'));
const { loadConfig } = await import(at('config/index.js'));
const cwd = process.cwd();
const stopDir = findWorktreeRoot(cwd) ?? cwd;
const config = await loadConfig(cwd, stopDir);
mark('find the worktree and load the configuration');
const { BUILTIN_RULES_DIR, loadRuleDir } = await import(at('rules/load-rules.js'));
const loaded = loadRuleDir(BUILTIN_RULES_DIR, { required: true });
mark(`read and validate the starter pack (${loaded.length} rules)`);
const { compilePack } = await import(at('rules/compile-pack.js'));
const { LANGUAGES } = await import(at('parse/index.js'));
const lazy = compilePack(loaded, { severities: config.rules, eager: false });
mark('validate the pack, no query compiled (eager: false)');
for (const grammar of Object.values(LANGUAGES).flatMap((info) => info.grammars)) {
  const compiled = lazy.queryFor(grammar);
  mark(`compile the merged query of the ${grammar} grammar${compiled ? ` (${compiled.parts.reduce((n, part) => n + part.groups.length, 0)} patterns)` : ' (no rules)'}`);
}
const pack = compilePack(loaded, { severities: config.rules });
mark('compilePack as the CLI calls it (eager: every grammar + helper queries), again');
const { repoToplevel, stagedEntries, readBlobs } = await import(at('git/index.js'));
const root = repoToplevel(cwd);
mark('git rev-parse --show-toplevel');
const entries = stagedEntries(root);
mark(`git diff --cached (${entries.length} entries)`);
const blobs = readBlobs(root, entries.map((e) => e.blob), config.maxFileSize);
mark('git cat-file --batch-check + --batch');
const { decodeSource } = await import(at('files/decode.js'));
const texts = entries.map((e) => decodeSource(blobs.get(e.blob).bytes, config.maxFileSize).text);
mark('decode');
const { parseText } = await import(at('parse/index.js'));
for (const text of texts) parseText('python', text);
mark(`parse ${texts.length} files (tree-sitter only)`);
const { checkSource } = await import(at('check/check-source.js'));
let findings = 0;
for (let i = 0; i < texts.length; i++) findings += checkSource(texts[i], entries[i].path, 'python', pack).findings.length;
mark(`parse + query + findings, same files again (checkSource, ${findings} findings)`);
// The real command end to end, in this warm process (modules, addon and git already loaded once).
const sink = { cwd, env: process.env, stdout: () => {}, stderr: () => {}, isTTY: false };
await run(['check', '--staged'], sink);
mark('the whole check command again, in this already warm process');

const width = Math.max(...marks.map(([label]) => label.length));
for (const [label, ms] of marks) process.stdout.write(`${label.padEnd(width)}  ${ms.toFixed(1).padStart(7)} ms\n`);
