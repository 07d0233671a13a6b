#!/usr/bin/env node
// Samples learned findings at HEAD of repositories, for judging their precision by hand
// (docs/benchmarks.md): learns in a temporary clone of each repository (nothing is written to it),
// checks the whole tree with the learned pack alone (--all-findings: legacy sites of new-code-only
// rules included), and prints a seeded random sample of the findings with their code around them.
//
//   node scripts/sample-findings.mjs [--per-repo N] [--seed N] [--source S] [--cli PATH] REPO_DIR...
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let perRepo = 10;
let seed = 1;
let source;
let cli = join(here, '..', 'dist', 'cli', 'main.js');
const repos = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--per-repo') perRepo = Number(args[++i]);
  else if (a === '--seed') seed = Number(args[++i]);
  else if (a === '--source') source = args[++i];
  else if (a === '--cli') cli = resolve(args[++i]);
  else if (a.startsWith('-')) {
    process.stderr.write(`sample-findings: unknown option ${a}\n`);
    process.exit(2);
  } else repos.push(resolve(a));
}

function random(s) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const repo of repos) {
  const work = mkdtempSync(join(tmpdir(), 'attractor-sample-'));
  try {
    const clone = join(work, 'repo');
    spawnSync('git', ['clone', '-q', '--shared', repo, clone], { stdio: 'inherit' });
    const head = spawnSync('git', ['-C', clone, 'rev-parse', '--short=10', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
    const out = join(work, 'rules');
    const learn = spawnSync(process.execPath, [cli, 'learn', '--out', out], { cwd: clone, encoding: 'utf8' });
    if (learn.status !== 0) {
      process.stderr.write(`sample-findings: learn failed in ${repo}: ${learn.stderr}\n`);
      continue;
    }
    const check = spawnSync(process.execPath, [cli, 'check', '--no-builtin', '--rules', out, '--all-findings', '--no-cache', '--format', 'json'], { cwd: clone, encoding: 'utf8', maxBuffer: 1 << 28 });
    const report = JSON.parse(check.stdout);
    const rules = new Map();
    for (const f of report.findings) {
      if (!rules.has(f.ruleId)) {
        const file = join(out, `${f.ruleId.replace(/^learned\//, '').replace(/\//g, '-')}.json`);
        try {
          rules.set(f.ruleId, JSON.parse(readFileSync(file, 'utf8')));
        } catch {
          rules.set(f.ruleId, undefined);
        }
      }
    }
    let findings = report.findings.filter((f) => !source || (rules.get(f.ruleId)?.provenance?.source ?? 'recurring-fix') === source);
    const next = random(seed);
    const picked = [];
    while (findings.length && picked.length < perRepo) picked.push(...findings.splice(Math.floor(next() * findings.length), 1));
    picked.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
    process.stdout.write(`## ${basename(repo)} at ${head}: ${report.findings.length} learned findings (${rules.size} rules), ${picked.length} sampled (seed ${seed})\n\n`);
    for (const f of picked) {
      const spec = rules.get(f.ruleId);
      const lines = readFileSync(join(clone, f.path), 'utf8').split('\n');
      const from = Math.max(0, f.line - 4);
      const context = lines.slice(from, f.line + 3).map((l, i) => `${String(from + i + 1).padStart(5)}${from + i + 1 === f.line ? '>' : ' '} ${l}`).join('\n');
      process.stdout.write(`### ${f.path}:${f.line} ${f.ruleId} (${spec?.provenance?.source ?? 'recurring-fix'}${f.legacy ? ', legacy' : ''})\n\n${f.message}\n\n\`\`\`\n${context}\n\`\`\`\n\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
