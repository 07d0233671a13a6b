#!/usr/bin/env node
// Benchmarks of attractor-lint, always as ratios to a floor measured in the same run (never as
// absolute times: machines differ, ratios travel). Prints a Markdown report on stdout (progress on
// stderr) that can be pasted into docs/benchmarks.md.
//
//   1. Staged pre-commit check: 10 modified ~300-line Python files staged (not committed) in a
//      temporary repository; `check --staged` against `node -e 0`. Goal: median <= 2.0x.
//   2. Whole tree: `check .` cold (empty cache) and warm (second run, cache filled) against a floor
//      that parses the same files with tree-sitter alone on one thread (scripts/bench/floor-parse.mjs).
//      Goals: cold <= 1.5x, warm < 0.3x, peak RSS < 500 MB.
//   3. Peer: pyflakes on the same files, same floor (skipped with a note when not installed).
//   5. Sibling search (`check --staged` against `check --staged --no-siblings`, interleaved): on the
//      synthetic staged repository of 1., and with --siblings DIR@SHA (repeatable) on a real
//      repository with SHA's change staged on its parent (a `git clone --shared`, DIR untouched).
//      Goal: at most 20% added.
//   4. Learn (only with --repo DIR): in a temporary `git clone --shared` of DIR (DIR itself is never
//      written), `learn --full --json` cold (no .attractor/) against a floor of
//      `git log --no-merges -p -U0 -- '*.py'` over the same history, its output read from a pipe and
//      discarded. Goals: <= 8x, peak RSS <= 1 GiB. Then incremental `learn --json` after one new
//      commit, and with no new commit, against `node -e 0`. Goal: <= 3x.
//
//   6. Scaling: `check --staged` (alone and served) with 1, 10 and 100 staged files, and `check .`
//      of a 120-module tree, with the starter pack and 50, 100 and 300 more rules; a table, and with
//      --svg FILE a plot.
//   Peers of the whole tree: pyflakes, and Ruff's WebAssembly build from npm (native Ruff cannot be
//   installed on the benchmark machines).
//
// Usage: npm run bench [-- options]      (or: node scripts/bench.mjs [options] after a build)
//   --tree DIR         check this tree instead of generating a synthetic one (repeatable: small, mid-
//                      sized and large trees side by side; each is left as found: the result cache
//                      the runs create under it is removed or restored afterwards)
//   --repo DIR         a git repository with history: adds the learn section (its HEAD is learned)
//   --label TEXT       name of the --tree of the same rank in the report, e.g. "sqlalchemy lib/ at
//                      1a2b3c4", or of --repo when the report has no --tree (default: the base name)
//   --files N          modules in the synthetic tree (default 600, ~330 lines each on average)
//   --runs N           timed staged runs (default 20)       --tree-runs N   timed tree runs (default 5)
//   --peer-runs N      timed peer runs (default 3)          --only staged|tree|scaling|learn
//   --scaling-runs N   timed runs per scaling cell (default 5)   --svg FILE   write the scaling plot
//   --pack DIR         learned rule folders the 300-rule packs are made from (repeatable)
//   --learn-runs N     timed full learns (default 1)         --inc-runs N    timed incremental learns (default 10)
//   --siblings DIR@SHA  also time the sibling search with SHA's change staged in a clone of DIR (repeatable)
//   --keep             keep the temporary repositories (their paths are printed on stderr)
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bigPack } from './bench/big-pack.mjs';
import { pythonModule } from './bench/pygen.mjs';
import { scalingSvg } from './bench/scaling-plot.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let CLI = join(ROOT, 'dist', 'cli', 'bin.cjs');
const FLOOR = join(ROOT, 'scripts', 'bench', 'floor-parse.mjs');
const RUFF_WASM = join(ROOT, 'scripts', 'bench', 'ruff-wasm.mjs');
const PY_EXT = new Set(['.py', '.pyi', '.pyw']);
const OTHER_EXT = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.tsx', '.mts', '.cts']);
/** Directories the CLI's default `exclude` skips; the floor skips them too so both see the same files. */
const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', 'dist', 'build', '.attractor']);

const { values: opts } = parseArgs({
  options: {
    tree: { type: 'string', multiple: true },
    label: { type: 'string', multiple: true },
    files: { type: 'string', default: '600' },
    runs: { type: 'string', default: '20' },
    'tree-runs': { type: 'string', default: '5' },
    'peer-runs': { type: 'string', default: '3' },
    only: { type: 'string' },
    repo: { type: 'string' },
    'learn-runs': { type: 'string', default: '1' },
    'inc-runs': { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    siblings: { type: 'string', multiple: true },
    pack: { type: 'string', multiple: true },
    'scaling-runs': { type: 'string', default: '5' },
    svg: { type: 'string' },
  },
});
const num = (name) => {
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const progress = (text) => process.stderr.write(`bench: ${text}\n`);
const temps = [];

// ---------------------------------------------------------------------------------------------
// Environment and measurement

/** The environment of every measured process: no GIT_* variables leaking in from an enclosing hook. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_')));
ENV.NO_COLOR = '1';
const GIT_ENV = { ...ENV, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com', GIT_CONFIG_NOSYSTEM: '1' };

function git(cwd, ...args) {
  const r = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], { cwd, env: GIT_ENV, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr || r.error}`);
  return r.stdout;
}

function probe(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: ENV });
  return r.status === 0 ? `${r.stdout}${r.stderr}`.trim() : undefined;
}

/**
 * Peak RSS (ru_maxrss: the whole process, all threads) comes from GNU time when it is installed;
 * otherwise Node processes report their own at exit (scripts/bench/maxrss.mjs, preloaded) and other
 * commands go without.
 */
const GNU_TIME = !process.env.ATTRACTOR_BENCH_NO_GNU_TIME && existsSync('/usr/bin/time') && probe('/usr/bin/time', ['-f', '%M', 'true']) !== undefined ? '/usr/bin/time' : undefined;
const RSS_PRELOAD = join(ROOT, 'scripts', 'bench', 'maxrss.mjs');
let rssFile;

/**
 * Runs `cmd args` once and returns its wall time in ms, its output, and with `rss` its peak RSS in
 * KB when it can be had (see GNU_TIME). Exit codes above `maxStatus` are failures.
 */
function run(cmd, args, { cwd, rss = false, maxStatus = 0, input } = {}) {
  let file = cmd;
  let argv = args;
  let env = ENV;
  const rssBy = !rss ? undefined : GNU_TIME ? 'time' : cmd === process.execPath ? 'preload' : undefined;
  if (rssBy) {
    rssFile ??= join(mkTemp('rss'), 'rss.txt');
    rmSync(rssFile, { force: true });
  }
  if (rssBy === 'time') {
    file = GNU_TIME;
    argv = ['-f', '%M', '-o', rssFile, cmd, ...args];
  } else if (rssBy === 'preload') {
    argv = ['--import', pathToFileURL(RSS_PRELOAD).href, ...args];
    env = { ...ENV, ATTRACTOR_BENCH_RSS_FILE: rssFile };
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(file, argv, { cwd, env, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  if (r.status === null || r.status > maxStatus) {
    throw new Error(`${basename(cmd)} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${String(r.stderr).slice(0, 2000)}`);
  }
  const out = { ms, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
  if (rssBy) {
    const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    if (Number.isFinite(kb) && kb > 0) out.rssKb = kb;
  }
  return out;
}

/**
 * Like `run`, but the command's stdout is a pipe this process reads and discards as it comes (a
 * sink: nothing is buffered or written to a file), for commands with a large output. Resolves to
 * the wall time in ms, the number of bytes read and, with `rss`, the peak RSS in KB (GNU time only).
 */
function runToSink(cmd, args, { cwd, rss = false } = {}) {
  const rssBy = rss && GNU_TIME ? 'time' : undefined;
  if (rssBy) {
    rssFile ??= join(mkTemp('rss'), 'rss.txt');
    rmSync(rssFile, { force: true });
  }
  const [file, argv] = rssBy ? [GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
  return new Promise((resolvePromise, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(file, argv, { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      bytes += chunk.length;
    });
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (status, signal) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (status !== 0) {
        reject(new Error(`${basename(cmd)} ${args.join(' ')} exited with ${status ?? signal}:\n${stderr.slice(0, 2000)}`));
        return;
      }
      const out = { ms, bytes };
      if (rssBy) {
        const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(kb) && kb > 0) out.rssKb = kb;
      }
      resolvePromise(out);
    });
  });
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
/** Nearest-rank percentile. */
const percentile = (xs, p) => sorted(xs)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)];
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 100 ? 1 : 0)} ms`);
const fmtX = (x) => `${x.toFixed(2)}x`;
const fmtMb = (kb) => (kb === undefined ? 'n/a' : `${Math.round(kb / 1024)} MB`);
const fmtInt = (n) => n.toLocaleString('en-US');

function mkTemp(tag) {
  const dir = mkdtempSync(join(tmpdir(), `attractor-bench-${tag}-`));
  temps.push(dir);
  return dir;
}

function writeFile(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * Copies dist/, rules/ and package.json to a temporary folder (node_modules is linked) and returns
 * the CLI there: every run of the benchmark then uses the same build and rule pack, even when
 * dist/ is rebuilt or a rule edited while it runs (a changed pack would also empty the cache
 * between the cold and the warm runs).
 */
function snapshotPackage() {
  const dir = mkTemp('pkg');
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'rules'), join(dir, 'rules'), { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'junction');
  return join(dir, 'dist', 'cli', 'bin.cjs');
}

// ---------------------------------------------------------------------------------------------
// Machine

function machine(rulesDir) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const version = (name) => {
    try {
      return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return '?';
    }
  };
  const head = probe('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']);
  const dirty = head && probe('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no', '--', 'src', 'rules']) ? ' + uncommitted changes in src/ or rules/' : '';
  const rules = {};
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.json') && !e.name.endsWith('.schema.json') && !e.name.startsWith('_')) {
        const lang = relative(rulesDir, dir).split(/[\\/]/)[0] || 'other';
        rules[lang] = (rules[lang] ?? 0) + 1;
      }
    }
  };
  walk(rulesDir);
  const cpu = cpus();
  return {
    cpu: `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores`,
    ram: `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    os: `${platform()} ${release().split('-')[0]}`,
    node: process.version,
    git: (probe('git', ['--version']) ?? 'git ?').replace('git version ', 'git '),
    treeSitter: `tree-sitter ${version('tree-sitter')}, tree-sitter-python ${version('tree-sitter-python')}`,
    tool: `attractor-lint ${pkg.version}${head ? ` at ${head}${dirty}` : ''}`,
    pack: Object.entries(rules).map(([lang, n]) => `${lang} ${n}`).join(', ') || 'empty',
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Staged pre-commit check

function stagedBench(runs) {
  const dir = mkTemp('staged');
  progress(`staged: generating a repository with 10 modified files in ${opts.keep ? dir : 'a temporary folder'}`);
  git(dir, 'init', '-q', '-b', 'main');
  const modules = [];
  for (let i = 0; i < 40; i++) modules.push(`app/${['api', 'core', 'models', 'services'][i % 4]}/module_${String(i).padStart(2, '0')}.py`);
  modules.forEach((path, i) => writeFile(join(dir, path), pythonModule(100 + i, 300, 0)));
  for (const pkg of ['app', 'app/api', 'app/core', 'app/models', 'app/services']) writeFile(join(dir, pkg, '__init__.py'), '');
  writeFile(join(dir, 'README.md'), '# bench repository\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  // Modify 10 files: a different variant of the same module (a few lines change), staged only.
  let lines = 0;
  const changed = modules.filter((_, i) => i % 4 === 0).slice(0, 10);
  changed.forEach((path) => {
    const text = pythonModule(100 + modules.indexOf(path), 300, 1).replace(/\n$/, '\n\n\ndef added_helper(value):\n    return value\n');
    lines += text.split('\n').length - 1;
    writeFile(join(dir, path), text);
  });
  git(dir, 'add', '--', ...changed);
  const staged = git(dir, 'diff', '--cached', '--name-only').trim().split('\n').length;

  const floorArgs = ['-e', '0'];
  const cliArgs = [CLI, 'check', '--staged'];
  const check = run(process.execPath, [CLI, 'check', '--staged', '--format', 'json'], { cwd: dir, maxStatus: 1 });
  const summary = JSON.parse(check.stdout).summary;
  progress(`staged: ${staged} staged files, ${lines} lines; the check reports ${summary.warnings + summary.errors} findings in ${summary.files} files`);
  for (let i = 0; i < 3; i++) {
    run(process.execPath, floorArgs, { cwd: dir });
    run(process.execPath, cliArgs, { cwd: dir, maxStatus: 1 });
  }
  const floor = [];
  const cli = [];
  for (let i = 0; i < runs; i++) {
    // Alternate the order so drift (thermal, other load) hits both sides alike.
    if (i % 2) {
      cli.push(run(process.execPath, cliArgs, { cwd: dir, maxStatus: 1 }).ms);
      floor.push(run(process.execPath, floorArgs, { cwd: dir }).ms);
    } else {
      floor.push(run(process.execPath, floorArgs, { cwd: dir }).ms);
      cli.push(run(process.execPath, cliArgs, { cwd: dir, maxStatus: 1 }).ms);
    }
  }
  const rss = run(process.execPath, cliArgs, { cwd: dir, maxStatus: 1, rss: true }).rssKb;
  const floorRss = run(process.execPath, floorArgs, { cwd: dir, rss: true }).rssKb;

  // `check --staged --fix` on the same staged state: the index and the files are put back (not
  // timed) before every run, since the fix rewrites both. Interleaved with plain `check --staged`.
  const indexCopy = join(dir, '.git', 'index.bench');
  copyFileSync(join(dir, '.git', 'index'), indexCopy);
  const originals = new Map(changed.map((path) => [path, readFileSync(join(dir, path))]));
  const reset = () => {
    copyFileSync(indexCopy, join(dir, '.git', 'index'));
    for (const [path, bytes] of originals) writeFile(join(dir, path), bytes);
  };
  const fixArgs = [CLI, 'check', '--staged', '--fix'];
  reset();
  const fixReport = JSON.parse(run(process.execPath, [...fixArgs, '--format', 'json'], { cwd: dir, maxStatus: 1 }).stdout);
  const fixedCount = fixReport.fixes.filter((f) => f.fixed).length;
  const fix = [];
  const plain = [];
  for (let i = 0; i < runs; i++) {
    reset();
    if (i % 2) {
      fix.push(run(process.execPath, fixArgs, { cwd: dir, maxStatus: 1 }).ms);
      reset();
      plain.push(run(process.execPath, cliArgs, { cwd: dir, maxStatus: 1 }).ms);
    } else {
      plain.push(run(process.execPath, cliArgs, { cwd: dir, maxStatus: 1 }).ms);
      fix.push(run(process.execPath, fixArgs, { cwd: dir, maxStatus: 1 }).ms);
    }
  }
  reset();
  const served = servedRuns(dir, runs, 'starter pack');
  // A pack of 300 rules beside the starter pack, made from real rules (--pack DIR: learned packs).
  const rulesDir = join(dir, '.attractor', 'rules');
  mkdirSync(rulesDir, { recursive: true });
  const sources = [join(ROOT, 'rules', 'python'), ...(opts.pack ?? [])];
  bigPack(sources, 300).forEach((spec, i) => writeFile(join(rulesDir, `bench-${String(i).padStart(3, '0')}.json`), `${JSON.stringify(spec, null, 2)}\n`));
  const big = servedRuns(dir, runs, '300 more rules');
  rmSync(rulesDir, { recursive: true, force: true });
  return { dir, treeLines: sourceLines(dir), staged, lines, findings: summary.warnings + summary.errors, floor, cli, rss, floorRss, runs, fix, plain, fixedCount, fixTotal: fixReport.fixes.length, served, big, packSources: sources.length - 1 };
}

/** The wall time (ms) of the CLI run with `args` in `dir`, output discarded; exit codes above 1 throw. */
function timeCli(dir, args, env = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env: { ...ENV, ...env }, stdio: 'ignore' });
  if (r.status === null || r.status > 1) throw new Error(`${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * `check --staged` in its own process, and answered by `attractor-lint server` (started before, not
 * timed), each against `node -e 0`, interleaved: the floor, alone, served.
 */
function servedRuns(dir, runs, label) {
  const floorArgs = ['-e', '0'];
  const cliArgs = [CLI, 'check', '--staged'];
  const alone = () => timeCli(dir, cliArgs.slice(1), { ATTRACTOR_LINT_SERVER: '0' });
  const findings = JSON.parse(run(process.execPath, [...cliArgs, '--format', 'json'], { cwd: dir, maxStatus: 1 }).stdout).summary;
  run(process.execPath, [CLI, 'server', 'start', '--idle', '10'], { cwd: dir });
  const out = { label, floor: [], alone: [], served: [], findings: findings.warnings + findings.errors };
  try {
    for (let i = 0; i < 3; i++) {
      alone();
      run(process.execPath, cliArgs, { cwd: dir, maxStatus: 1 });
    }
    for (let i = 0; i < runs; i++) {
      const order = [() => out.floor.push(run(process.execPath, floorArgs, { cwd: dir }).ms), () => out.alone.push(alone()), () => out.served.push(run(process.execPath, cliArgs, { cwd: dir, maxStatus: 1 }).ms)];
      for (const step of i % 2 ? order.reverse() : order) step();
    }
    const status = run(process.execPath, [CLI, 'server', 'status'], { cwd: dir }).stdout;
    out.servedCount = Number(/(\d+) checks served/.exec(status)?.[1] ?? 0);
  } finally {
    run(process.execPath, [CLI, 'server', 'stop'], { cwd: dir });
  }
  progress(`staged (${label}): node -e 0 ${fmtMs(median(out.floor))}, alone ${fmtMs(median(out.alone))}, served ${fmtMs(median(out.served))} (${out.servedCount} served)`);
  return out;
}

function stagedTable(s) {
  const fm = median(s.floor);
  const fp = percentile(s.floor, 95);
  const cm = median(s.cli);
  const cp = percentile(s.cli, 95);
  const ratio = cm / fm;
  return [
    `### Staged pre-commit check`,
    '',
    `${s.staged} modified Python files staged (not committed), ${fmtInt(s.lines)} lines, ${s.findings} findings; ${s.runs} timed runs of each command after 3 warm-up runs, interleaved.`,
    '',
    '| Command | Median | p95 | Ratio (median / floor median) | Ratio (p95 / floor p95) | Peak RSS | Goal |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    `| floor: \`node -e 0\` | ${fmtMs(fm)} | ${fmtMs(fp)} | 1.00x | 1.00x | ${fmtMb(s.floorRss)} | |`,
    `| \`attractor-lint check --staged\` | ${fmtMs(cm)} | ${fmtMs(cp)} | **${fmtX(ratio)}** | ${fmtX(cp / fp)} | ${fmtMb(s.rss)} | <= 2.0x: ${ratio <= 2 ? 'met' : '**missed**'} |`,
    '',
    `\`--fix\` on the same staged files (${s.fixedCount} of ${s.fixTotal} findings fixed by template, index and files restored before each run), against \`check --staged\` timed in the same loop:`,
    '',
    '| Command | Median | p95 | Ratio to `check --staged` (median) |',
    '| --- | ---: | ---: | ---: |',
    `| \`attractor-lint check --staged\` | ${fmtMs(median(s.plain))} | ${fmtMs(percentile(s.plain, 95))} | 1.00x |`,
    `| \`attractor-lint check --staged --fix\` | ${fmtMs(median(s.fix))} | ${fmtMs(percentile(s.fix, 95))} | **${fmtX(median(s.fix) / median(s.plain))}** |`,
    '',
    `In its own process and answered by \`attractor-lint server\` (started before the runs; the client is \`attractor-lint check --staged\` itself, which finds the server's socket), each against \`node -e 0\`, ${s.runs} runs of each, interleaved. The 300-rule pack: the starter pack plus 300 rules made from real rule files (${s.packSources ? `${s.packSources} learned pack folders given with --pack, and the starter pack's Python rules` : "the starter pack's Python rules"}) and variants of them about other API names (\`scripts/bench/big-pack.mjs\`).`,
    '',
    '| Pack | Findings | floor: `node -e 0` | `check --staged` alone | Ratio | served by `attractor-lint server` | Ratio | Goal |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...[s.served, s.big].map((r, i) => {
      const f = median(r.floor);
      const served = median(r.served) / f;
      const goal = i === 0 ? 2 : 2.5;
      return `| ${r.label === 'starter pack' ? 'starter pack' : 'starter pack + 300 rules'} | ${r.findings} | ${fmtMs(f)} | ${fmtMs(median(r.alone))} | ${fmtX(median(r.alone) / f)} | ${fmtMs(median(r.served))} (${r.servedCount} served) | **${fmtX(served)}** | <= ${goal.toFixed(1)}x: ${served <= goal ? 'met' : '**missed**'} |`;
    }),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// 5. Sibling search

/** `check --staged` with and without the sibling search, interleaved, in `dir` (its index as it is). */
function siblingRuns(dir, runs) {
  const withArgs = [CLI, 'check', '--staged', '--format', 'json'];
  const withoutArgs = [...withArgs, '--no-siblings'];
  const report = JSON.parse(run(process.execPath, withArgs, { cwd: dir, maxStatus: 1 }).stdout);
  const siblings = report.findings.filter((f) => f.ruleId === 'sibling-of-staged-edit').length;
  for (let i = 0; i < 2; i++) {
    run(process.execPath, withArgs, { cwd: dir, maxStatus: 1 });
    run(process.execPath, withoutArgs, { cwd: dir, maxStatus: 1 });
  }
  const on = [];
  const off = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2) {
      on.push(run(process.execPath, withArgs, { cwd: dir, maxStatus: 1 }).ms);
      off.push(run(process.execPath, withoutArgs, { cwd: dir, maxStatus: 1 }).ms);
    } else {
      off.push(run(process.execPath, withoutArgs, { cwd: dir, maxStatus: 1 }).ms);
      on.push(run(process.execPath, withArgs, { cwd: dir, maxStatus: 1 }).ms);
    }
  }
  const staged = git(dir, 'diff', '--cached', '--name-only').trim().split('\n').filter(Boolean).length;
  return { on, off, siblings, staged, files: report.summary.files };
}

/** Lines of the Python, JavaScript and TypeScript files git tracks in `dir`. */
function sourceLines(dir) {
  return Number(spawnSync('sh', ['-c', "git ls-files -z -- '*.py' '*.js' '*.ts' | xargs -0 cat | wc -l"], { cwd: dir, encoding: 'utf8' }).stdout.trim());
}

/** SHA's change staged on its parent in a shared clone of DIR. */
function stageCommit(spec) {
  const at = spec.lastIndexOf('@');
  if (at <= 0) throw new Error(`--siblings ${spec}: expected DIR@SHA`);
  const source = resolve(process.env.INIT_CWD ?? process.cwd(), spec.slice(0, at));
  const sha = spec.slice(at + 1);
  const dir = mkTemp('siblings');
  progress(`siblings: ${basename(source)} at ${sha.slice(0, 10)}, its change staged on its parent`);
  git(tmpdir(), 'clone', '-q', '--shared', '--no-checkout', source, dir);
  git(dir, 'checkout', '-q', '--detach', sha);
  git(dir, 'reset', '-q', '--soft', `${sha}~1`);
  return { dir, label: `${basename(source)} at ${sha.slice(0, 10)}`, lines: sourceLines(dir) };
}

function siblingTable(cases, runs) {
  const rows = cases.map(({ label, lines, r }) => {
    const on = median(r.on);
    const off = median(r.off);
    const added = on / off - 1;
    return `| ${label} | ${fmtInt(lines)} | ${r.staged} | ${r.siblings} | ${fmtMs(off)} | ${fmtMs(on)} | **${(added * 100).toFixed(1)}%** | <= 20%: ${added <= 0.2 ? 'met' : '**missed**'} |`;
  });
  return [
    '### Sibling search in the staged check',
    '',
    `\`check --staged\` with the sibling search (default) against \`--no-siblings\`, ${runs} timed runs of each after 2 warm-up runs, interleaved.`,
    '',
    '| Repository (change staged) | Source lines in the tree | Staged files | Sibling findings | Median without | Median with | Added | Goal |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// 6. Scaling: time against pack size and staged files

const SCALE_PACKS = [0, 50, 100, 300];
const SCALE_FILES = [1, 10, 100];
const SCALE_MODULES = 120;

/**
 * `check --staged` (alone and served) with 1, 10 and 100 modified files staged, and `check .
 * --no-cache` of the whole tree (120 modules of ~300 lines), with the starter pack and 50, 100
 * and 300 more rules (`bigPack`), against `node -e 0` and the parse floor, `runs` runs each,
 * interleaved with their floor.
 */
function scalingBench(runs) {
  const dir = mkTemp('scaling');
  progress(`scaling: a repository of ${SCALE_MODULES} modules in ${opts.keep ? dir : 'a temporary folder'}`);
  git(dir, 'init', '-q', '-b', 'main');
  const modules = Array.from({ length: SCALE_MODULES }, (_, i) => `app/pkg_${i % 6}/module_${String(i).padStart(3, '0')}.py`);
  modules.forEach((path, i) => writeFile(join(dir, path), pythonModule(300 + i, 300, 0)));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  const rulesDir = join(dir, '.attractor', 'rules');
  const sources = [join(ROOT, 'rules', 'python'), ...(opts.pack ?? [])];
  const pack = bigPack(sources, Math.max(...SCALE_PACKS));
  const setPack = (n) => {
    rmSync(rulesDir, { recursive: true, force: true });
    mkdirSync(rulesDir, { recursive: true });
    pack.slice(0, n).forEach((spec, i) => writeFile(join(rulesDir, `bench-${String(i).padStart(3, '0')}.json`), `${JSON.stringify(spec, null, 2)}\n`));
  };
  const stage = (count) => {
    git(dir, 'reset', '-q', '--hard');
    const changed = modules.slice(0, count);
    changed.forEach((path) => writeFile(join(dir, path), pythonModule(300 + modules.indexOf(path), 300, 1).replace(/\n$/, '\n\n\ndef added_helper(value):\n    return value\n')));
    if (changed.length) git(dir, 'add', '--', ...changed);
  };
  const node0 = () => run(process.execPath, ['-e', '0'], { cwd: dir }).ms;
  const check = (args, env = {}) => timeCli(dir, args, env);
  const staged = {};
  const floor = [];
  for (const files of SCALE_FILES) {
    stage(files);
    for (const n of SCALE_PACKS) {
      setPack(n);
      const cell = { alone: [], served: [] };
      check(['check', '--staged'], { ATTRACTOR_LINT_SERVER: '0' });
      run(process.execPath, [CLI, 'server', 'start', '--idle', '10'], { cwd: dir });
      try {
        check(['check', '--staged']);
        for (let i = 0; i < runs; i++) {
          floor.push(node0());
          cell.alone.push(check(['check', '--staged'], { ATTRACTOR_LINT_SERVER: '0' }));
          cell.served.push(check(['check', '--staged']));
        }
      } finally {
        run(process.execPath, [CLI, 'server', 'stop'], { cwd: dir });
      }
      staged[`${files}/${n}`] = cell;
      progress(`scaling: ${files} staged, +${n} rules: alone ${fmtMs(median(cell.alone))}, served ${fmtMs(median(cell.served))}`);
    }
  }
  // The whole tree: nothing staged, every module checked, no cache.
  stage(0);
  const work = mkTemp('scaling-list');
  const listFile = join(work, 'files.txt');
  writeFileSync(listFile, `${modules.map((m) => join(dir, m)).join('\n')}\n`);
  const parse = [];
  const tree = {};
  for (const n of SCALE_PACKS) {
    setPack(n);
    check(['check', '.', '--no-cache']);
    tree[n] = [];
    for (let i = 0; i < runs; i++) {
      parse.push(run(process.execPath, [FLOOR, listFile], { cwd: dir }).ms);
      tree[n].push(check(['check', '.', '--no-cache']));
    }
    progress(`scaling: whole tree, +${n} rules: ${fmtMs(median(tree[n]))}`);
  }
  rmSync(rulesDir, { recursive: true, force: true });
  return { staged, tree, floor: median(floor), parse: median(parse), runs, lines: sourceLines(dir) };
}

function scalingTable(r) {
  const cell = (ms, f) => `${fmtMs(ms)} (${fmtX(ms / f)})`;
  const rows = SCALE_PACKS.map((n) => {
    const parts = SCALE_FILES.flatMap((files) => {
      const c = r.staged[`${files}/${n}`];
      return [cell(median(c.alone), r.floor), `**${cell(median(c.served), r.floor)}**`];
    });
    return `| ${n ? `starter + ${n}` : 'starter pack'} | ${parts.join(' | ')} | ${cell(median(r.tree[n]), r.parse)} |`;
  });
  const text = [
    '### Scaling: pack size and staged files',
    '',
    `A repository of ${SCALE_MODULES} generated modules (${fmtInt(r.lines)} lines). \`check --staged\` with 1, 10 and 100 modified files staged, in its own process (alone) and answered by \`attractor-lint server\` (served), ratio to \`node -e 0\` (median ${fmtMs(r.floor)}); \`check . --no-cache\` of the whole tree, ratio to the parse floor of the same files (median ${fmtMs(r.parse)}). The extra rules are real rule files and variants of them about other API names (\`scripts/bench/big-pack.mjs\`). Medians of ${r.runs} runs each, interleaved with their floor.`,
    '',
    `| Pack | ${SCALE_FILES.map((f) => `${f} staged, alone | ${f} staged, served`).join(' | ')} | whole tree, cold |`,
    `| --- | ${SCALE_FILES.map(() => '---: | ---:').join(' | ')} | ---: |`,
    ...rows,
    '',
  ];
  const svg = scalingSvg(
    SCALE_PACKS,
    {
      title: 'check --staged (ms)',
      yLabel: 'median wall time, ms',
      series: [
        ...SCALE_FILES.map((files) => ({ label: `${files} file${files > 1 ? 's' : ''}, served`, points: SCALE_PACKS.map((n) => [n, median(r.staged[`${files}/${n}`].served)]) })),
        ...SCALE_FILES.map((files) => ({ label: `${files} file${files > 1 ? 's' : ''}, alone`, dashed: true, points: SCALE_PACKS.map((n) => [n, median(r.staged[`${files}/${n}`].alone)]) })),
        { label: 'node -e 0', dashed: true, points: SCALE_PACKS.map((n) => [n, r.floor]) },
      ],
    },
    {
      title: `check . of ${SCALE_MODULES} modules, no cache (ms)`,
      yLabel: 'median wall time, ms',
      series: [
        { label: 'check . --no-cache', points: SCALE_PACKS.map((n) => [n, median(r.tree[n])]) },
        { label: 'parse floor', dashed: true, points: SCALE_PACKS.map((n) => [n, r.parse]) },
      ],
    },
    `attractor-lint npm run bench, ${new Date().toISOString().slice(0, 10)}`,
  );
  if (opts.svg) {
    const out = resolve(process.env.INIT_CWD ?? process.cwd(), opts.svg);
    writeFileSync(out, svg);
    progress(`scaling: plot written to ${out}`);
    text.push(`Plot: \`${basename(out)}\` (written by \`--svg\`).`, '');
  }
  return text.join('\n');
}

// ---------------------------------------------------------------------------------------------
// 2. + 3. Whole tree

function syntheticTree(files) {
  const dir = mkTemp('tree');
  progress(`tree: generating ${files} synthetic modules in ${opts.keep ? dir : 'a temporary folder'}`);
  const packages = Math.max(1, Math.ceil(files / 50));
  for (let i = 0; i < files; i++) {
    const pkg = `pkg_${String(i % packages).padStart(2, '0')}`;
    const sub = i % 3 === 0 ? '' : `/sub_${i % 3}`;
    // Vary the size as real trees do: mostly 150-450 lines, some over a thousand.
    const target = i % 25 === 0 ? 1200 : 150 + ((i * 37) % 300);
    writeFile(join(dir, 'src', `${pkg}${sub}`, `module_${String(i).padStart(4, '0')}.py`), pythonModule(1000 + i, target, i % 2));
  }
  for (let p = 0; p < packages; p++) {
    const pkg = `src/pkg_${String(p).padStart(2, '0')}`;
    writeFile(join(dir, pkg, '__init__.py'), '"""Package."""\n');
    for (const sub of ['sub_1', 'sub_2']) if (existsSync(join(dir, pkg, sub))) writeFile(join(dir, pkg, sub, '__init__.py'), '');
  }
  // A repository, as the CLI sees in practice: files are listed from git's index (staged, not committed).
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  return { dir, label: `synthetic tree (${files} generated modules)` };
}

function listPython(dir) {
  const py = [];
  let other = 0;
  const walk = (current) => {
    for (const e of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(current, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(full);
      } else if (e.isFile()) {
        const ext = extname(e.name).toLowerCase();
        if (PY_EXT.has(ext)) py.push(full);
        else if (OTHER_EXT.has(ext) && !e.name.endsWith('.min.js')) other++;
      }
    }
  };
  walk(dir);
  return { py, other };
}

function findPyflakes() {
  const candidates = [['pyflakes3'], ['pyflakes'], ['python3', '-m', 'pyflakes'], ['/usr/bin/python3', '-m', 'pyflakes']];
  for (const [cmd, ...pre] of candidates) {
    const version = probe(cmd, [...pre, '--version']);
    if (version) return { cmd, pre, version: version.split('\n')[0] };
  }
  return undefined;
}

/** Where the CLI run with cwd `dir` and no configuration keeps its cache: `<worktree root or dir>/.attractor/cache`. */
function cacheDirOf(dir) {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return join(d, '.attractor', 'cache');
    if (dirname(d) === d) return join(dir, '.attractor', 'cache');
  }
}

function treeBench(tree, treeRuns, peerRuns) {
  const { dir } = tree;
  const { py, other } = listPython(dir);
  if (py.length === 0) throw new Error('the tree has no Python files');
  const work = mkTemp('list');
  const listFile = join(work, 'files.txt');
  writeFileSync(listFile, `${py.join('\n')}\n`);
  const notes = [];
  if (other) notes.push(`The tree also has ${other} JavaScript/TypeScript files: the CLI checks them, the floor and pyflakes do not.`);
  // Leave the tree as found: move an existing cache aside and restore it at the end.
  const cacheDir = cacheDirOf(dir);
  const configs = [];
  for (let d = dir; ; d = dirname(d)) {
    for (const name of readdirSync(d)) {
      if (name.startsWith('.attractorrc') || name.startsWith('attractor.config')) configs.push(relative(dir, join(d, name)));
    }
    if (d === dirname(dirname(cacheDir)) || dirname(d) === d) break;
  }
  if (configs.length) notes.push(`The tree has its own configuration (${configs.join(', ')}); the runs use it, and the bench clears only the default cache folder.`);
  const attractorDir = dirname(cacheDir);
  const hadAttractorDir = existsSync(attractorDir);
  const backup = existsSync(cacheDir) ? `${cacheDir}.bench-backup-${process.pid}` : undefined;
  if (backup) renameSync(cacheDir, backup);
  const clearCache = () => rmSync(cacheDir, { recursive: true, force: true });

  const floorCmd = [process.execPath, [FLOOR, listFile]];
  const cliCold = [process.execPath, [CLI, 'check', '.', '--format', 'json']];
  const cliSerial = [process.execPath, [CLI, 'check', '.', '--format', 'json', '--no-cache', '-j', '1']];
  const pyflakes = findPyflakes();
  const rel = py.map((f) => relative(dir, f));
  const measure = (label, [cmd, args], n, before, maxStatus = 1) => {
    const ms = [];
    let rssKb;
    let last;
    for (let i = 0; i < n; i++) {
      before?.();
      last = run(cmd, args, { cwd: dir, rss: true, maxStatus });
      ms.push(last.ms);
      if (last.rssKb !== undefined) rssKb = Math.max(rssKb ?? 0, last.rssKb);
    }
    progress(`tree: ${label}: median ${fmtMs(median(ms))}`);
    return { ms, rssKb, last };
  };

  try {
    progress(`tree: ${py.length} Python files; warm-up`);
    const [files, lines, bytes, syntaxErrors] = run(...floorCmd, { cwd: dir }).stdout.trim().split(' ').map(Number);
    clearCache();
    const first = JSON.parse(run(...cliCold, { cwd: dir, maxStatus: 1 }).stdout);
    if (first.summary.files !== py.length + other) notes.push(`The CLI checked ${first.summary.files} files; the floor parsed ${py.length} (git's ignore rules or the default excludes differ from the bench's walk).`);
    if (syntaxErrors) notes.push(`${syntaxErrors} files have syntax errors (tree-sitter ERROR nodes).`);

    const rows = [];
    const floor = measure('floor', floorCmd, treeRuns);
    const cold = measure('check, cold', cliCold, treeRuns, clearCache);
    const stamp = () => {
      try {
        const st = statSync(join(cacheDir, 'check-v1.json'));
        return `${st.size}:${st.mtimeMs}`;
      } catch {
        return 'missing';
      }
    };
    const filled = stamp();
    const warm = measure('check, warm', cliCold, treeRuns);
    if (filled === 'missing') notes.push('The cold runs left no cache file: the warm runs could not use a cache.');
    else if (stamp() !== filled) notes.push('The warm runs rewrote the cache file, so they did not find every result in it.');
    const serial = measure('check, --no-cache -j 1', cliSerial, Math.max(1, Math.min(2, treeRuns)));
    let peer;
    if (pyflakes) {
      const args = [...pyflakes.pre, ...rel];
      peer = measure('pyflakes', [pyflakes.cmd, args], peerRuns);
    } else notes.push('pyflakes is not installed (e.g. `apt-get install python3-pyflakes` or `pip install pyflakes`); the peer row is skipped.');
    // Ruff's WebAssembly build (an optional dependency); native Ruff cannot be installed here.
    const ruffProbe = spawnSync(process.execPath, [RUFF_WASM, listFile], { cwd: dir, encoding: 'utf8' });
    let ruff;
    if (ruffProbe.status === 0) {
      const [, diagnostics, version] = ruffProbe.stdout.trim().split(' ');
      ruff = { ...measure('ruff (wasm)', [process.execPath, [RUFF_WASM, listFile]], peerRuns, undefined, 0), diagnostics: Number(diagnostics), version };
    } else notes.push('Ruff\'s WebAssembly build (`@astral-sh/ruff-wasm-nodejs`, an optional dependency) is not installed; its peer row is skipped.');

    const fm = median(floor.ms);
    const row = (name, m, goal) => {
      const ratio = median(m.ms) / fm;
      rows.push(`| ${name} | ${fmtMs(median(m.ms))} | ${fmtMs(Math.min(...m.ms))} | ${m.ms.length} | ${name.startsWith('floor') ? '1.00x' : `**${fmtX(ratio)}**`} | ${fmtMb(m.rssKb)} | ${goal ? goal(ratio, m.rssKb) : ''} |`);
      return ratio;
    };
    const rssGoal = (kb) => (kb === undefined ? '' : `; RSS < 500 MB: ${kb < 500 * 1024 ? 'met' : '**missed**'}`);
    row('floor: read + parse every file with tree-sitter, 1 thread', floor);
    const coldRatio = row('`attractor-lint check .` cold (empty cache)', cold, (r, kb) => `<= 1.5x: ${r <= 1.5 ? 'met' : '**missed**'}${rssGoal(kb)}`);
    const warmRatio = row('`attractor-lint check .` warm (cache filled)', warm, (r) => `< 0.3x: ${r < 0.3 ? 'met' : '**missed**'}`);
    row('`attractor-lint check . --no-cache -j 1` (one thread, for comparison)', serial);
    let peerRatio;
    if (peer) peerRatio = row(`peer: \`pyflakes\` ${pyflakes.version.split(' ')[0]} (same files, 1 process)`, peer);
    let ruffRatio;
    if (ruff) ruffRatio = row(`peer: Ruff ${ruff.version} WebAssembly build, default rules (same files, 1 process; ${ruff.diagnostics} diagnostics)`, ruff);
    const findings = first.summary.warnings + first.summary.errors;
    const text = [
      `### Whole tree: ${tree.label}`,
      '',
      `${fmtInt(files)} Python files, ${fmtInt(lines)} lines, ${(bytes / 2 ** 20).toFixed(1)} MiB; the check reports ${findings} findings. Wall time of each whole process (Node start-up included for the floor and the CLI).`,
      '',
      '| Command | Median | Min | Runs | Ratio to floor (median) | Peak RSS | Goal |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
      ...rows,
      '',
      ...notes.map((n) => `Note: ${n}`),
      ...(notes.length ? [''] : []),
    ].join('\n');
    return { text, coldRatio, warmRatio, peerRatio, ruffRatio, rss: cold.rssKb, files, lines };
  } finally {
    clearCache();
    if (backup) renameSync(backup, cacheDir);
    else if (!hadAttractorDir) {
      try {
        if (readdirSync(attractorDir).length === 0) rmSync(attractorDir, { recursive: true });
      } catch {
        // already gone
      }
    }
  }
}

/** One line per tree: the goals of the whole-tree check side by side, with both peers. */
function treeSummary(results) {
  const x = (v) => (v === undefined ? 'n/a' : fmtX(v));
  return [
    '### Whole trees side by side',
    '',
    '| Tree | Files | Lines | Cold (goal <= 1.5x) | Warm (goal < 0.3x) | Peak RSS (goal < 500 MB) | pyflakes | Ruff (wasm) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(({ tree, r }) => `| ${tree.label} | ${fmtInt(r.files)} | ${fmtInt(r.lines)} | **${x(r.coldRatio)}** | ${x(r.warmRatio)} | ${fmtMb(r.rss)} | ${x(r.peerRatio)} | ${x(r.ruffRatio)} |`),
    '',
    'Ratios to the parse floor of the same files, measured in the same run.',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// 4. Learn

/** Quotes `arg` for a POSIX shell when it needs it (the commands printed in the report). */
const shq = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
const NEW_COMMIT_MESSAGE = 'Fix typo in comment';

async function learnBench(repo, learnRuns, incRuns) {
  const { dir } = repo;
  const sha = git(dir, 'rev-parse', '--verify', 'HEAD^{commit}').trim();
  const notes = [];
  if (git(dir, 'rev-parse', '--is-shallow-repository').trim() === 'true') notes.push('The repository is a shallow clone: the runs see only the history it holds.');
  const commits = Number(git(dir, 'rev-list', '--count', '--no-merges', sha).trim());
  const work = mkTemp('learn');
  const clone = join(work, 'repo');
  progress(`learn: cloning ${dir} (--shared) at ${sha.slice(0, 10)} to ${opts.keep ? clone : 'a temporary folder'}`);
  git(work, 'clone', '-q', '--shared', '--no-checkout', dir, clone);
  git(clone, 'checkout', '-q', '-B', 'bench', sha);
  const pyFiles = git(clone, 'ls-files', '-z', '--', '*.py').split('\0').filter(Boolean);
  if (pyFiles.length === 0) throw new Error(`--repo ${opts.repo}: no Python files at HEAD (the floor reads the history of *.py files)`);
  // The new commits append a comment line to one module (not a test: learn may leave tests out).
  const target = pyFiles.find((f) => !/(^|\/)(tests?|testing|docs?|examples?)\//.test(f)) ?? pyFiles[0];
  const configs = readdirSync(clone).filter((name) => name.startsWith('.attractorrc') || name.startsWith('attractor.config'));
  if (configs.length) notes.push(`The repository has its own configuration (${configs.join(', ')}); the runs use it.`);

  const floorArgs = ['log', '--no-merges', '-p', '-U0', sha, '--', '*.py'];
  const fullArgs = [CLI, 'learn', '--full', '--json'];
  const incArgs = [CLI, 'learn', '--json'];
  const nodeArgs = ['-e', '0'];
  const clearState = () => rmSync(join(clone, '.attractor'), { recursive: true, force: true });
  const summaryOf = (out) => {
    try {
      return JSON.parse(out.stdout);
    } catch {
      throw new Error(`learn --json printed no JSON summary:\n${out.stdout.slice(0, 500)}${out.stderr.slice(0, 1500)}`);
    }
  };
  const maxKb = (a, b) => (b === undefined ? a : Math.max(a ?? 0, b));

  // Full learn, cold, against the floor; alternated so drift hits both alike. One untimed floor
  // run first, so that both read the object store from the page cache.
  progress(`learn: ${fmtInt(commits)} commits without merges, ${fmtInt(pyFiles.length)} Python files at HEAD; floor warm-up`);
  const { bytes } = await runToSink('git', floorArgs, { cwd: clone });
  const floor = [];
  const full = [];
  let floorRss;
  let fullRss;
  let fullSummary;
  const floorRun = async () => {
    const r = await runToSink('git', floorArgs, { cwd: clone, rss: true });
    floor.push(r.ms);
    floorRss = maxKb(floorRss, r.rssKb);
    progress(`learn: floor (git log -p) ${fmtMs(r.ms)}`);
  };
  const fullRun = () => {
    clearState();
    const r = run(process.execPath, fullArgs, { cwd: clone, rss: true });
    full.push(r.ms);
    fullRss = maxKb(fullRss, r.rssKb);
    fullSummary = summaryOf(r);
    progress(`learn: learn --full, cold ${fmtMs(r.ms)}, peak RSS ${fmtMb(r.rssKb)}`);
  };
  for (let i = 0; i < learnRuns; i++) {
    progress(`learn: full run ${i + 1}/${learnRuns}`);
    if (i % 2) {
      fullRun();
      await floorRun();
    } else {
      await floorRun();
      fullRun();
    }
  }

  // Incremental learn: the cache of the last full run is kept; each run first gets one new commit.
  let added = 0;
  const newCommit = () => {
    added++;
    const path = join(clone, target);
    const text = readFileSync(path, 'utf8');
    appendFileSync(path, `${text === '' || text.endsWith('\n') ? '' : '\n'}# bench: comment ${added}\n`);
    git(clone, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '--no-verify', '-m', NEW_COMMIT_MESSAGE, '--', target);
  };
  const inc = [];
  const same = [];
  const walked = new Set(); // commits each incremental run added to the learned history
  const unchanged = new Set(); // the same for the runs with no new commit (0 expected)
  const nodeFloor = [];
  let incSummary;
  let sameSummary;
  progress(`learn: incremental, ${incRuns} runs after one new commit each (appended to ${target}); warm-up`);
  run(process.execPath, nodeArgs, { cwd: clone });
  run(process.execPath, nodeArgs, { cwd: clone });
  sameSummary = summaryOf(run(process.execPath, incArgs, { cwd: clone }));
  newCommit();
  sameSummary = summaryOf(run(process.execPath, incArgs, { cwd: clone }));
  const incRun = () => {
    const r = run(process.execPath, incArgs, { cwd: clone });
    inc.push(r.ms);
    incSummary = summaryOf(r);
    // commitsScanned is a total over the history learned so far (the incremental state).
    walked.add(incSummary.commitsScanned - sameSummary.commitsScanned);
  };
  const nodeRun = () => nodeFloor.push(run(process.execPath, nodeArgs, { cwd: clone }).ms);
  for (let i = 0; i < incRuns; i++) {
    newCommit();
    if (i % 2) {
      incRun();
      nodeRun();
    } else {
      nodeRun();
      incRun();
    }
    // The same command again, now with no new commit since the last run.
    const r = run(process.execPath, incArgs, { cwd: clone });
    same.push(r.ms);
    sameSummary = summaryOf(r);
    unchanged.add(sameSummary.commitsScanned - incSummary.commitsScanned);
  }
  progress(`learn: after one new commit: median ${fmtMs(median(inc))}; no new commit: median ${fmtMs(median(same))}; node -e 0: median ${fmtMs(median(nodeFloor))}`);
  newCommit();
  const incRss = run(process.execPath, incArgs, { cwd: clone, rss: true }).rssKb;
  const sameRss = run(process.execPath, incArgs, { cwd: clone, rss: true }).rssKb;
  const nodeRss = run(process.execPath, nodeArgs, { cwd: clone, rss: true }).rssKb;
  const counts = (set) => [...set].sort((a, b) => a - b).join(', ');
  if (walked.size !== 1 || !walked.has(1)) notes.push(`The runs after one new commit added ${counts(walked)} commits to the learned history (1 expected).`);
  if (unchanged.size !== 1 || !unchanged.has(0)) notes.push(`The runs with no new commit added ${counts(unchanged)} commits to the learned history (0 expected).`);
  const runNotes = [
    ['full, cold', fullSummary],
    ['after one new commit', incSummary],
    ['no new commit', sameSummary],
  ].flatMap(([name, s]) => (s.skipped ?? []).slice(0, 3).map((n) => `${name}: ${String(n).slice(0, 300)}`));

  // Report.
  const fullRatio = median(full) / median(floor);
  const incRatio = median(inc) / median(nodeFloor);
  const sameRatio = median(same) / median(nodeFloor);
  const GIB = 2 ** 20;
  const fullGoal = `<= 8x: ${fullRatio <= 8 ? 'met' : '**missed**'}${fullRss === undefined ? '' : `; RSS <= 1 GiB: ${fullRss <= GIB ? 'met' : '**missed**'}`}`;
  const summaryRow = (name, s) =>
    `| ${name} | ${fmtInt(s.commitsScanned)} | ${fmtInt(s.fixCandidates)} | ${fmtInt(s.sweepsSkipped ?? 0)} | ${fmtInt(s.hunks)} | ${fmtInt(s.attractors)} | ${fmtInt(s.rules?.promoted ?? 0)} | ${s.rules ? `${s.rules.updated} / ${s.rules.unchanged} / ${s.rules.retired}` : ''} | ${(s.skipped ?? []).length} |`;
  const node = shq(process.execPath) === process.execPath && basename(process.execPath) === 'node' ? 'node' : shq(process.execPath);
  // Printed for the report: relative to the checkout, never this machine's paths.
  const cli = `${node} <attractor-lint checkout>/dist/cli/bin.cjs`;
  const targetQ = shq(target);
  const commitCmd = `echo '# bench: comment N' >> ${targetQ} && git -c user.name=Bench -c user.email=bench@example.com commit -q --no-verify -m ${shq(NEW_COMMIT_MESSAGE)} -- ${targetQ}`;
  const text = [
    `### Learn: ${repo.label}`,
    '',
    `History: ${fmtInt(commits)} commits without merges up to \`${sha.slice(0, 10)}\` (the full learn scans the ${fmtInt(fullSummary.commitsScanned)} that touch files it learns from), ${fmtInt(pyFiles.length)} Python files at that commit; the floor reads ${(bytes / 2 ** 20).toFixed(1)} MiB of patches. All runs in a temporary \`git clone --shared\` of the repository (which is left untouched). Wall time of each whole process.`,
    '',
    '**Full learn, cold** (`.attractor/` removed before each run):',
    '',
    '| Command | Median | Min | Runs | Ratio to floor (median) | Peak RSS | Goal |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    `| floor: \`git log --no-merges -p -U0 -- '*.py'\`, read from a pipe and discarded | ${fmtMs(median(floor))} | ${fmtMs(Math.min(...floor))} | ${floor.length} | 1.00x | ${fmtMb(floorRss)} | |`,
    `| \`attractor-lint learn --full --json\` | ${fmtMs(median(full))} | ${fmtMs(Math.min(...full))} | ${full.length} | **${fmtX(fullRatio)}** | ${fmtMb(fullRss)} | ${fullGoal} |`,
    '',
    `**Incremental learn** (the cache of the full learn kept; before each run one new commit appending a comment line to \`${target}\`, message "${NEW_COMMIT_MESSAGE}"); ${incRuns} timed runs of each command after a warm-up, interleaved:`,
    '',
    '| Command | Median | p95 | Runs | Ratio (median / floor median) | Ratio (p95 / floor p95) | Peak RSS | Goal |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    `| floor: \`node -e 0\` | ${fmtMs(median(nodeFloor))} | ${fmtMs(percentile(nodeFloor, 95))} | ${nodeFloor.length} | 1.00x | 1.00x | ${fmtMb(nodeRss)} | |`,
    `| \`attractor-lint learn --json\` after one new commit | ${fmtMs(median(inc))} | ${fmtMs(percentile(inc, 95))} | ${inc.length} | **${fmtX(incRatio)}** | ${fmtX(percentile(inc, 95) / percentile(nodeFloor, 95))} | ${fmtMb(incRss)} | <= 3x: ${incRatio <= 3 ? 'met' : '**missed**'} |`,
    `| \`attractor-lint learn --json\`, no new commit | ${fmtMs(median(same))} | ${fmtMs(percentile(same, 95))} | ${same.length} | ${fmtX(sameRatio)} | ${fmtX(percentile(same, 95) / percentile(nodeFloor, 95))} | ${fmtMb(sameRss)} | |`,
    '',
    'Summaries printed by `learn --json` (last run of each kind; commits scanned and fix candidates are totals over the history learned so far, kept in the cache by incremental runs):',
    '',
    '| Run | Commits scanned | Fix candidates | Sweeps skipped | Hunks | Attractors | Rules promoted | Updated / unchanged / retired | Notes |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    summaryRow('full, cold', fullSummary),
    summaryRow('after one new commit', incSummary),
    summaryRow('no new commit', sameSummary),
    '',
    ...runNotes.map((n) => `- learn note, ${n}`),
    ...(runNotes.length ? [''] : []),
    ...notes.map((n) => `Note: ${n}`),
    ...(notes.length ? [''] : []),
    `Commands (TMP: the temporary clone; the bench runs the CLI from a copy of dist/ and rules/; peak RSS: each command under \`/usr/bin/time -f %M\`):`,
    '',
    '```sh',
    `git clone -q --shared <repository> TMP && git -C TMP checkout -q -B bench ${sha} && cd TMP`,
    `git log --no-merges -p -U0 ${sha} -- '*.py' | cat > /dev/null   # floor (the bench reads the pipe itself)`,
    `rm -rf .attractor && ${cli} learn --full --json   # full learn, cold`,
    `${commitCmd}   # before each incremental run`,
    `${cli} learn --json   # after one new commit`,
    `node -e 0   # floor of the incremental runs`,
    `${cli} learn --json   # again, no new commit`,
    '```',
    '',
  ].join('\n');
  return { text, fullRatio, incRatio, sameRatio, rss: fullRss };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const only = opts.only;
  if (only === 'learn' && !opts.repo) {
    process.stderr.write('bench: --only learn needs --repo DIR (a git repository with history, e.g. a clone of sqlalchemy)\n');
    process.exitCode = 2;
    return;
  }
  if (!existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  if (only && only !== 'staged' && only !== 'tree' && only !== 'learn' && only !== 'scaling') throw new Error('--only must be "staged", "tree", "scaling" or "learn"');
  const runStaged = !only || only === 'staged';
  const runScaling = !only || only === 'scaling';
  const runTree = !only || only === 'tree';
  const runLearn = only === 'learn' || (!only && opts.repo !== undefined);
  let repo;
  if (runLearn) {
    // npm runs scripts in the package folder; INIT_CWD is where `npm run bench` was typed.
    const dir = resolve(process.env.INIT_CWD ?? process.cwd(), opts.repo);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--repo ${opts.repo}: not a directory`);
    if (probe('git', ['-C', dir, 'rev-parse', '--verify', '-q', 'HEAD^{commit}']) === undefined) throw new Error(`--repo ${opts.repo}: not a git repository with commits`);
    // --label names --tree when the report has one (as before --repo existed), otherwise --repo.
    repo = { dir, label: (!(runTree && opts.tree) && opts.label?.[0]) || basename(dir) };
    num('learn-runs');
    num('inc-runs');
  } else if (opts.repo) progress(`--repo is ignored with --only ${only}`);
  const started = Date.now();
  const startLoad = loadavg();
  CLI = snapshotPackage();
  const m = machine(resolve(dirname(CLI), '..', '..', 'rules'));
  const parts = [
    `## Benchmark run of ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Machine: ${m.cpu}, ${m.ram}, ${m.os}, Node ${m.node}, ${m.git}; ${m.treeSitter}. ${m.tool}; starter pack: ${m.pack} rules.` +
      (GNU_TIME
        ? ' Peak RSS: `/usr/bin/time -f %M` (max resident set of the process, all threads).'
        : ' Peak RSS: `process.resourceUsage().maxRSS` reported by Node processes at exit (GNU time not found; n/a for other commands).'),
    '',
  ];
  if (runStaged) {
    const staged = stagedBench(num('runs'));
    parts.push(stagedTable(staged));
    const cases = [{ label: 'synthetic staged repository of the table above', lines: staged.treeLines, r: siblingRuns(staged.dir, num('runs')) }];
    for (const spec of opts.siblings ?? []) {
      const c = stageCommit(spec);
      cases.push({ label: c.label, lines: c.lines, r: siblingRuns(c.dir, num('runs')) });
    }
    parts.push(siblingTable(cases, num('runs')));
  }
  if (runTree) {
    // npm runs scripts in the package folder; INIT_CWD is where `npm run bench` was typed.
    const trees = (opts.tree ?? []).map((given, i) => {
      const dir = resolve(process.env.INIT_CWD ?? process.cwd(), given);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--tree ${given}: not a directory`);
      return { dir, label: opts.label?.[i] ?? basename(dir) };
    });
    if (trees.length === 0) trees.push(syntheticTree(num('files')));
    const results = trees.map((tree) => ({ tree, r: treeBench(tree, num('tree-runs'), num('peer-runs')) }));
    for (const { r } of results) parts.push(r.text);
    if (results.length > 1) parts.push(treeSummary(results));
  }
  if (runScaling) parts.push(scalingTable(scalingBench(num('scaling-runs'))));
  if (runLearn) parts.push((await learnBench(repo, num('learn-runs'), num('inc-runs'))).text);
  const load = (l) => l.map((x) => x.toFixed(2)).join(' / ');
  parts.push(`Load average (1 / 5 / 15 min) at the start: ${load(startLoad)}; at the end: ${load(loadavg())}. Other work on the machine slows the CLI's worker threads more than the one-thread floor.`, '');
  process.stdout.write(`${parts.join('\n')}\n`);
  progress(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  if (opts.keep) for (const dir of temps) progress(`kept ${dir}`);
  else for (const dir of temps) rmSync(dir, { recursive: true, force: true });
}
