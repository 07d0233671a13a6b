#!/usr/bin/env node
// Runs `attractor-lint eval --json` on each repository given and prints one Markdown table: a row per
// repository and a pooled row, each pack and peer scored on the same held-out fixes and commits.
//
//   node scripts/eval-repos.mjs [options] REPO_DIR...
//
// Options passed on to eval: --refresh K|each, --threshold X, --split X, --min-support N, --sweep X,Y,
// --hook-commits N, --seed N.
// Own options: --json-dir DIR (keep each full JSON report there: every hit with its rule, source and
// commit), --cli PATH (the CLI to run; default: this checkout's dist/cli/main.js), --header (print the
// legend and the table header first), --hits (list every hit of the learned pack after the table),
// --ceiling (the repetition-ceiling table of the earlier sessions).
// One eval at a time: each one learns in its own temporary clone and is CPU-bound.
// Progress goes to stderr; the tables go to stdout.
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
let showCeiling = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (['--threshold', '--split', '--min-support', '--sweep', '--refresh', '--hook-commits', '--seed'].includes(a)) passOn.push(a, args[++i]);
  else if (a === '--ceiling') showCeiling = true;
  else if (a === '--what-if') passOn.push(a);
  else if (a === '--json-dir') jsonDir = resolve(args[++i]);
  else if (a === '--cli') cli = resolve(args[++i]);
  else if (a === '--header') header = true;
  else if (a === '--hits') showHits = true;
  else if (a === '-h' || a === '--help') {
    process.stdout.write('usage: node scripts/eval-repos.mjs [--refresh K|each] [--threshold X] [--split X] [--min-support N] [--sweep X,Y] [--hook-commits N] [--seed N] [--json-dir DIR] [--cli PATH] [--header] [--hits] [--ceiling] [--what-if] REPO_DIR...\n');
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

const COLUMNS = ['learned', 'curated', 'curated + learned', 'pyflakes', 'Ruff default', 'Ruff bugs', 'ESLint recommended'];
if (header) {
  process.stdout.write('Each pack or peer cell: held-out fixes flagged before the fix / fixes whose introducing commit was flagged (SZZ) · hook noise (findings per 1,000 lines the window\'s commits add) · tree noise (findings per 1,000 lines at the cut). Held-out: fixes (of them, with changed lines to blame).\n\n');
  process.stdout.write(`| Repository (snapshot) | Cut (index of first-parent) | Refresh points | Held-out (blameable) | ${COLUMNS.join(' | ')} | Hits by source (fix / introduction) | Learn time (all points) | Rules at cut → last point |\n`);
  process.stdout.write(`| --- | --- | ---: | ---: | ${COLUMNS.map(() => '---').join(' | ')} | --- | ---: | --- |\n`);
}
const scoreOf = (r, column) => (r.packs ?? []).find((p) => p.label === column) ?? (r.baselines ?? []).find((b) => b.tool === column);
const cell = (s) => (s ? `${s.hits} / ${s.introduction.hits} · ${s.hook.perKloc.toFixed(2)} · ${s.perKloc.toFixed(2)}` : 'n/a');
const pooled = new Map(COLUMNS.map((c) => [c, { hits: 0, intro: 0, hookFindings: 0, hookLines: 0, findings: 0, lines: 0, seen: false }]));
const pooledSources = {};
let pooledHeldOut = 0;
let pooledBlameable = 0;
const sweeps = [];
const ceilings = [];
/** `--what-if`: each refusal class, pooled: the learned pack plus the candidates refused for it. */
const whatIf = new Map();
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
    process.stdout.write(`| ${label} | eval failed (exit ${run.status}) |${' |'.repeat(COLUMNS.length + 5)}\n`);
    continue;
  }
  const r = JSON.parse(run.stdout);
  if (jsonDir) writeFileSync(join(jsonDir, `${label.replace('/', '+')}${passOn.length ? `_${passOn.join('_').replace(/-/g, '')}` : ''}.json`), `${JSON.stringify(r, null, 1)}\n`);
  pooledHeldOut += r.heldOut;
  pooledBlameable += r.atIntroduction.fixes;
  for (const column of COLUMNS) {
    const s = scoreOf(r, column);
    if (!s) continue;
    const p = pooled.get(column);
    p.seen = true;
    p.hits += s.hits;
    p.intro += s.introduction.hits;
    p.hookFindings += s.hook.findings;
    p.hookLines += s.hook.lines;
    p.findings += s.findings;
    p.lines += s.lines ?? r.noise.lines;
  }
  for (const [source, n] of Object.entries(r.bySource)) {
    const p = (pooledSources[source] ??= { fix: 0, introduction: 0 });
    p.fix += n.fix;
    p.introduction += n.introduction;
  }
  const sources = Object.entries(r.bySource).map(([source, n]) => `${source} ${n.fix} / ${n.introduction}`).join(', ') || 'none';
  const points = r.refresh.points;
  const learnSeconds = points.reduce((sum, p) => sum + p.seconds, 0);
  process.stdout.write(
    `| ${label} at ${short(r.head)} | ${short(r.cut.commit)} (${r.cut.index} of ${r.cut.of}) | ${points.length} | ${r.heldOut} (${r.atIntroduction.fixes}) | ${COLUMNS.map((c) => cell(scoreOf(r, c))).join(' | ')} | ${sources} | ${learnSeconds.toFixed(0)} s (eval ${wall.toFixed(0)} s) | ${points[0].rules} → ${points[points.length - 1].rules} |\n`,
  );
  for (const h of r.hitDetails) allHits.push({ label, ...h });
  if (r.sweep) sweeps.push({ label, heldOut: r.heldOut, sweep: r.sweep });
  ceilings.push({ label, heldOut: r.heldOut, hits: r.hits, ceiling: r.ceiling, baseline: r.baseline });
  for (const s of r.whatIf ?? []) {
    const p = whatIf.get(s.label) ?? { rules: 0, hits: 0, intro: 0, hookFindings: 0, repos: new Set() };
    p.rules += s.rules;
    p.hits += s.hits;
    p.intro += s.introduction.hits;
    p.hookFindings += s.hook.findings;
    if (s.hits > r.hits) p.repos.add(label);
    whatIf.set(s.label, p);
  }
  if (r.whatIf) {
    const learned = r.packs[0];
    const p = whatIf.get('learned pack') ?? { rules: 0, hits: 0, intro: 0, hookFindings: 0, repos: new Set() };
    Object.assign(p, { rules: p.rules + learned.rules, hits: p.hits + learned.hits, intro: p.intro + learned.introduction.hits, hookFindings: p.hookFindings + learned.hook.findings });
    whatIf.set('learned pack', p);
  }
}
if (repos.length > 1) {
  const per = (n, d) => (d ? ((n * 1000) / d).toFixed(2) : '0.00');
  const pooledCell = (p) => (p.seen ? `${p.hits} / ${p.intro} · ${per(p.hookFindings, p.hookLines)} · ${per(p.findings, p.lines)}` : 'n/a');
  const sources = Object.entries(pooledSources).map(([source, n]) => `${source} ${n.fix} / ${n.introduction}`).join(', ') || 'none';
  process.stdout.write(`| **pooled (${repos.length - failed} repositories)** | | | ${pooledHeldOut} (${pooledBlameable}) | ${COLUMNS.map((c) => pooledCell(pooled.get(c))).join(' | ')} | ${sources} | | |\n`);
}
if (showCeiling) {
  // What any learner of recurring fixes could reach on each hold-out, against twice the baseline.
  process.stdout.write('\n| Repository | Held-out fixes | Learned hits | Repetition ceiling, minimum support | Repetition ceiling, support 1 | Baseline hits | Twice the baseline within the ceiling? |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |\n');
  for (const { label, heldOut, hits, ceiling, baseline } of ceilings) {
    const need = Math.max(1, 2 * (baseline?.hits ?? 0));
    const reach = ceiling.once >= need ? (ceiling.atSupport >= need ? 'yes' : 'only with support 1') : 'no';
    process.stdout.write(`| ${label} | ${heldOut} | ${hits} | ${ceiling.atSupport} (${pct(heldOut ? ceiling.atSupport / heldOut : 0)}, support ${ceiling.minSupport}) | ${ceiling.once} (${pct(heldOut ? ceiling.once / heldOut : 0)}) | ${baseline ? baseline.hits : 'n/a'} | ${reach} (needs ${need}) |\n`);
  }
}
if (sweeps.length) {
  const thresholds = sweeps[0].sweep.map((s) => s.label);
  process.stdout.write(`\n| Repository | Held-out fixes | ${thresholds.map((t) => `${t}: rules, recall (hits), noise / KLOC`).join(' | ')} |\n| --- | ---: | ${thresholds.map(() => '---').join(' | ')} |\n`);
  for (const { label, heldOut, sweep } of sweeps) process.stdout.write(`| ${label} | ${heldOut} | ${sweep.map((s) => `${s.rules}, ${pct(s.recall)} (${s.hits}), ${s.perKloc.toFixed(2)}`).join(' | ')} |\n`);
}
if (whatIf.size) {
  // The hook lines are the same for every row of a repository: the learned pack's.
  const lines = pooled.get(COLUMNS[0]).hookLines;
  process.stdout.write('\n| What if (pooled) | Rules at the cut | Held-out hits | At introduction | Hook noise per 1,000 added lines | Repositories with more hits |\n| --- | ---: | ---: | ---: | ---: | --- |\n');
  for (const [label, p] of [...whatIf].sort((a, b) => (a[0] === 'learned pack' ? -1 : b[0] === 'learned pack' ? 1 : b[1].hits - a[1].hits))) {
    process.stdout.write(`| ${label} | ${p.rules} | ${p.hits} | ${p.intro} | ${lines ? ((p.hookFindings * 1000) / lines).toFixed(2) : '0.00'} | ${[...p.repos].join(', ') || '-'} |\n`);
  }
}
if (showHits && allHits.length) {
  process.stdout.write('\n| Repository | Fix commit | Subject | File:line | Rule | Source | Learned at |\n| --- | --- | --- | --- | --- | --- | --- |\n');
  for (const h of allHits) process.stdout.write(`| ${h.label} | ${h.commit.slice(0, 8)} | ${h.subject.replace(/\|/g, '\\|').slice(0, 70)} | ${h.path}:${h.line} | \`${h.ruleId}\` | ${h.source} | ${h.packAt.slice(0, 8)} |\n`);
}
process.exit(failed ? 1 : 0);
