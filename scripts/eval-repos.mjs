#!/usr/bin/env node
// Runs `attractor-lint eval --json` on each repository given and prints Markdown table rows
// (the hold-out table of docs/benchmarks.md, "Learning (issue 3)").
//
//   node scripts/eval-repos.mjs [options] REPO_DIR...
//
// Options (passed on to eval): --threshold X, --split X, --min-support N, --sweep X,Y (adds a table of
// recall and noise per threshold).
// Own options: --json-dir DIR (keep each full JSON report there, hit details included),
// --cli PATH (the CLI to run; default: this checkout's dist/cli/main.js), --header (print the table
// header first), --hits (print the hits of each repository after the table).
// One eval at a time: each one learns in its own temporary clone and is CPU-bound.
// Progress goes to stderr; the rows go to stdout.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const passOn = [];
const repos = [];
let cli = join(here, '..', 'dist', 'cli', 'main.js');
let jsonDir;
let header = false;
let showHits = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--threshold' || a === '--split' || a === '--min-support' || a === '--sweep') passOn.push(a, args[++i]);
  else if (a === '--json-dir') jsonDir = resolve(args[++i]);
  else if (a === '--cli') cli = resolve(args[++i]);
  else if (a === '--header') header = true;
  else if (a === '--hits') showHits = true;
  else if (a === '-h' || a === '--help') {
    process.stdout.write('usage: node scripts/eval-repos.mjs [--threshold X] [--split X] [--min-support N] [--sweep X,Y] [--json-dir DIR] [--cli PATH] [--header] [--hits] REPO_DIR...\n');
    process.exit(0);
  } else if (a.startsWith('-')) {
    process.stderr.write(`eval-repos: unknown option ${a}\n`);
    process.exit(2);
  } else repos.push(resolve(a));
}
if (!repos.length) {
  process.stderr.write('eval-repos: give at least one repository directory (see --help)\n');
  process.exit(2);
}
if (jsonDir) mkdirSync(jsonDir, { recursive: true });

const git = (dir, ...a) => spawnSync('git', ['-C', dir, ...a], { encoding: 'utf8' }).stdout.trim();

/** "owner/name" from a GitHub remote, a path segment "owner+name", or the folder name. */
function labelOf(dir) {
  const url = git(dir, 'remote', 'get-url', 'origin');
  const gh = /github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?$/.exec(url);
  if (gh) return `${gh[1]}/${gh[2]}`;
  for (const part of [...url.split('/'), ...dir.split('/')].reverse()) {
    const m = /^([\w.-]+)\+([\w.-]+)$/.exec(part);
    if (m) return `${m[1]}/${m[2]}`;
  }
  return basename(dir);
}

const pct = (n) => `${(n * 100).toFixed(1)}%`;
const thresholdAt = passOn.indexOf('--threshold');
const threshold = thresholdAt >= 0 ? passOn[thresholdAt + 1] : 'default';
const short = (sha) => sha.slice(0, 8);

if (header) {
  process.stdout.write('| Repository (snapshot) | Cut (commit, index of first-parent) | Threshold | Held-out fixes | Recall (hits) | Noise / KLOC (findings / lines) | Fix exactness | Baseline recall (hits) | Baseline noise / KLOC | Curated pack recall / noise | Curated + learned recall / noise | Learn time | Rules promoted |\n');
  process.stdout.write('| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |\n');
}
const packCell = (p) => (p ? `${pct(p.recall)} (${p.hits}) / ${p.perKloc.toFixed(2)}` : 'n/a');
const sweeps = [];
const ceilings = [];
const allHits = [];
let failed = 0;
for (const dir of repos) {
  const label = labelOf(dir);
  process.stderr.write(`eval-repos: ${label} ${passOn.join(' ')} ...\n`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [cli, 'eval', '--json', ...passOn], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wall = (Date.now() - started) / 1000;
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`eval-repos: ${label}: exit ${run.status}\n${run.stderr}`);
    process.stdout.write(`| ${label} | eval failed (exit ${run.status}) | ${threshold} | | | | | | | | | | |\n`);
    continue;
  }
  const r = JSON.parse(run.stdout);
  if (jsonDir) writeFileSync(join(jsonDir, `${label.replace('/', '+')}${passOn.length ? `_${passOn.join('_').replace(/-/g, '')}` : ''}.json`), `${JSON.stringify(r, null, 1)}\n`);
  const b = r.baseline;
  const exact = r.fixExactness.hitsWithFix ? `${r.fixExactness.exact} of ${r.fixExactness.hitsWithFix}` : 'n/a (no hit with a fix)';
  const rules = r.learn.rules.length ? r.learn.rules.map((id) => `\`${id}\``).join(', ') : 'none';
  process.stdout.write(
    `| ${label} at ${short(r.head)} | ${short(r.cut.commit)} (${r.cut.index} of ${r.cut.of}) | ${threshold} | ${r.heldOut} | ${pct(r.recall)} (${r.hits}) | ${r.noise.perKloc.toFixed(2)} (${r.noise.findings} / ${r.noise.lines}) | ${exact} | ${b ? `${b.tool}: ${pct(b.recall)} (${b.hits})` : 'n/a'} | ${b ? b.perKloc.toFixed(2) : 'n/a'} | ${packCell(r.curated)} | ${packCell(r.shipped)} | ${r.learn.seconds.toFixed(1)} s (eval ${wall.toFixed(0)} s) | ${rules} |\n`,
  );
  for (const h of r.hitDetails) allHits.push({ label, ...h });
  if (r.sweep) sweeps.push({ label, heldOut: r.heldOut, sweep: r.sweep });
  ceilings.push({ label, heldOut: r.heldOut, hits: r.hits, ceiling: r.ceiling, baseline: b });
}
// What any learner of recurring fixes could reach on each hold-out, against twice the baseline.
process.stdout.write('\n| Repository | Held-out fixes | Learned hits | Repetition ceiling, minimum support | Repetition ceiling, support 1 | Baseline hits | Twice the baseline within the ceiling? |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |\n');
for (const { label, heldOut, hits, ceiling, baseline } of ceilings) {
  const need = Math.max(1, 2 * (baseline?.hits ?? 0));
  const reach = ceiling.once >= need ? (ceiling.atSupport >= need ? 'yes' : 'only with support 1') : 'no';
  process.stdout.write(`| ${label} | ${heldOut} | ${hits} | ${ceiling.atSupport} (${pct(heldOut ? ceiling.atSupport / heldOut : 0)}, support ${ceiling.minSupport}) | ${ceiling.once} (${pct(heldOut ? ceiling.once / heldOut : 0)}) | ${baseline ? baseline.hits : 'n/a'} | ${reach} (needs ${need}) |\n`);
}
if (sweeps.length) {
  const thresholds = sweeps[0].sweep.map((s) => s.label);
  process.stdout.write(`\n| Repository | Held-out fixes | ${thresholds.map((t) => `${t}: rules, recall (hits), noise / KLOC`).join(' | ')} |\n| --- | ---: | ${thresholds.map(() => '---').join(' | ')} |\n`);
  for (const { label, heldOut, sweep } of sweeps) process.stdout.write(`| ${label} | ${heldOut} | ${sweep.map((s) => `${s.rules}, ${pct(s.recall)} (${s.hits}), ${s.perKloc.toFixed(2)}`).join(' | ')} |\n`);
}
if (showHits && allHits.length) {
  process.stdout.write('\n| Repository | Threshold | Fix commit | Subject | File:line | Rule |\n| --- | --- | --- | --- | --- | --- |\n');
  for (const h of allHits) process.stdout.write(`| ${h.label} | ${threshold} | ${h.commit.slice(0, 8)} | ${h.subject.replace(/\|/g, '\\|').slice(0, 70)} | ${h.path}:${h.line} | \`${h.ruleId}\` |\n`);
}
process.exit(failed ? 1 : 0);
