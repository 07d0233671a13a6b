#!/usr/bin/env node
// What the ESLint plugin adds to an `eslint` run: `eslint` with only the plugin's recommended
// config on a generated JavaScript tree, against `eslint` with no rules on the same tree (ESLint
// still reads, parses and scope-analyses every file, so the ratio is the plugin's own cost:
// tree-sitter parsing, the merged queries and fix verification). The two alternate in one run and
// the ratios are of medians: of wall time, and of CPU time (user + system, reported by each eslint
// process at exit), which other work on the machine disturbs less. Prints a Markdown table on
// stdout (progress on stderr). Needs a build (`npm run build`).
//
// Usage: node scripts/bench/eslint-plugin.mjs [--files N] [--runs N] [--keep]
//   --files N   JavaScript modules in the generated tree (default 200, ~210 lines each)
//   --runs N    timed runs of each command (default 7), after one untimed warm-up run of each
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ESLINT = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const PLUGIN = join(ROOT, 'dist', 'eslint', 'plugin.js');

const { values: opts } = parseArgs({ options: { files: { type: 'string', default: '200' }, runs: { type: 'string', default: '7' }, keep: { type: 'boolean', default: false } } });
const count = (name) => {
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const progress = (text) => process.stderr.write(`bench: ${text}\n`);

/** Deterministic pseudo-random numbers (mulberry32), so every run generates the same tree. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One module of ordinary application code: imports, a class, async functions that await, promise
 * chains with handlers, templates. About one module in five has one bug the curated rules report
 * (a missing await, a `.then` without a rejection handler), so findings and fixes are measured too.
 */
function jsModule(index) {
  const rnd = random(index + 1);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const names = ['order', 'user', 'invoice', 'cart', 'session', 'report', 'item', 'account'];
  const noun = pick(names);
  const Noun = noun[0].toUpperCase() + noun.slice(1);
  const lines = [
    `import { db } from '../db/index.js';`,
    `import { log } from '../log.js';`,
    `import { render } from '../view/render.js';`,
    '',
    `const LIMIT_${index} = ${10 + Math.floor(rnd() * 90)};`,
    '',
    `export class ${Noun}Service${index} {`,
    '  constructor(store, cache) {',
    '    this.store = store;',
    '    this.cache = cache;',
    '  }',
    '',
  ];
  const methods = 4 + Math.floor(rnd() * 4);
  for (let m = 0; m < methods; m++) {
    lines.push(
      `  async load${m}(id) {`,
      `    const cached = this.cache.get(\`${noun}:\${id}:${m}\`);`,
      '    if (cached) return cached;',
      `    const row = await this.store.get('${noun}s', id);`,
      `    if (!row || row.items.length > LIMIT_${index}) {`,
      `      log.warn('${noun} not found or too large', { id });`,
      '      return null;',
      '    }',
      `    const total = row.items.reduce((sum, x) => sum + x.price * x.quantity, 0);`,
      `    this.cache.set(\`${noun}:\${id}:${m}\`, { ...row, total });`,
      '    return { ...row, total };',
      '  }',
      '',
    );
  }
  lines.push('}', '');
  const functions = 5 + Math.floor(rnd() * 5);
  for (let f = 0; f < functions; f++) {
    lines.push(
      `export async function process${Noun}${f}(service, ids) {`,
      '  const results = [];',
      '  for (const id of ids) {',
      `    const value = await service.load${f % methods}(id);`,
      '    if (value === null) continue;',
      '    results.push(value);',
      '  }',
      `  await db.audit.write({ kind: '${noun}-${f}', count: results.length });`,
      '  return results.filter(Boolean).map((r) => ({ id: r.id, total: r.total }));',
      '}',
      '',
      `export function show${Noun}${f}(el, data) {`,
      `  fetch(\`/api/${noun}s/\${data.id}\`)`,
      '    .then((res) => res.json())',
      '    .then((json) => render(el, json))',
      `    .catch((err) => log.error('${noun} view failed', err));`,
      '}',
      '',
    );
  }
  if (index % 5 === 0) {
    lines.push(`async function notify${index}(user) {`, '  await db.mail.send(user.email);', '}', '', `export async function finish${index}(user) {`, '  notify' + index + '(user);', '  return user.id;', '}', '');
  }
  if (index % 5 === 2) lines.push(`export function refresh${index}(api) {`, `  api.reload().then(() => log.info('reloaded'));`, '}', '');
  return `${lines.join('\n')}\n`;
}

function writeTree(dir, files) {
  let lineCount = 0;
  for (let i = 0; i < files; i++) {
    const path = join(dir, 'src', ['api', 'core', 'models', 'services', 'views'][i % 5], `module-${String(i).padStart(3, '0')}.js`);
    const text = jsModule(i);
    lineCount += text.split('\n').length - 1;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(join(dir, 'plugin.config.js'), `import attractor from ${JSON.stringify(pathToFileURL(PLUGIN).href)};\n\nexport default [...attractor.configs.recommended];\n`);
  writeFileSync(join(dir, 'none.config.js'), "export default [{ files: ['**/*.js'] }];\n");
  writeFileSync(join(dir, 'cpu-time.mjs'), CPU_PRELOAD);
  return lineCount;
}

/** Preloaded into each eslint process: writes its CPU time (user + system, all threads, ms) at exit. */
const CPU_PRELOAD = `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeFileSync(process.env.BENCH_CPU_FILE, String((user + system) / 1000));
});
`;

function eslint(dir, config, format = 'stylish') {
  const cpuFile = join(dir, 'cpu-time.txt');
  const args = ['--import', pathToFileURL(join(dir, 'cpu-time.mjs')).href, ESLINT, '--no-config-lookup', '-c', config, '-f', format, 'src'];
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1', BENCH_CPU_FILE: cpuFile } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // Exit 1 means lint problems (expected with the plugin); 2 is a crash or a bad configuration.
  if (r.status !== 0 && r.status !== 1) throw new Error(`eslint -c ${config} exited with ${r.status ?? r.signal}:\n${r.stderr.slice(0, 2000)}`);
  return { ms, cpu: Number(readFileSync(cpuFile, 'utf8')), stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const version = (name) => {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
};

function machine() {
  const head = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout?.trim();
  const dirty = head && spawnSync('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=all', '--', 'src/eslint', 'rules'], { encoding: 'utf8' }).stdout?.trim() ? ' + uncommitted changes in src/eslint/ or rules/' : '';
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return (
    `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
    `${platform()} ${release().split('-')[0]}, Node ${process.version}; eslint ${version('eslint')}, tree-sitter ${version('tree-sitter')}, ` +
    `tree-sitter-javascript ${version('tree-sitter-javascript')}; ${pkg.name} ${pkg.version}${head ? ` at ${head}${dirty}` : ''}`
  );
}

async function main() {
  if (!existsSync(PLUGIN)) throw new Error(`${PLUGIN} not found: run npm run build first`);
  const files = count('files');
  const runs = count('runs');
  const dir = mkdtempSync(join(tmpdir(), 'attractor-bench-eslint-'));
  try {
    const startLoad = loadavg();
    const lineCount = writeTree(dir, files);
    progress(`${files} files, ${lineCount} lines in ${opts.keep ? dir : 'a temporary folder'}`);
    const report = JSON.parse(eslint(dir, 'plugin.config.js', 'json').stdout);
    const messages = report.flatMap((file) => file.messages);
    const fatal = messages.filter((m) => m.fatal).length;
    if (fatal) throw new Error(`${fatal} files did not parse`);
    const fixable = messages.filter((m) => m.fix).length;
    eslint(dir, 'none.config.js');
    const times = { plugin: [], none: [] };
    for (let i = 0; i < runs; i++) {
      times.plugin.push(eslint(dir, 'plugin.config.js'));
      times.none.push(eslint(dir, 'none.config.js'));
      progress(`run ${i + 1}/${runs}: plugin ${fmtMs(times.plugin[i].ms)} (CPU ${fmtMs(times.plugin[i].cpu)}), no rules ${fmtMs(times.none[i].ms)} (CPU ${fmtMs(times.none[i].cpu)})`);
    }
    const floor = { ms: median(times.none.map((t) => t.ms)), cpu: median(times.none.map((t) => t.cpu)) };
    const ratio = (value, base, bold) => (bold ? `**${(value / base).toFixed(2)}x**` : '1.00x');
    const row = (command, samples, bold) => {
      const ms = samples.map((t) => t.ms);
      const cpu = median(samples.map((t) => t.cpu));
      return `| \`${command}\` | ${fmtMs(median(ms))} | ${fmtMs(Math.min(...ms))} | ${fmtMs(cpu)} | ${samples.length} | ${ratio(median(ms), floor.ms, bold)} | ${ratio(cpu, floor.cpu, bold)} |`;
    };
    const load = (l) => l.map((x) => x.toFixed(2)).join(' / ');
    process.stdout.write(
      [
        `### ESLint plugin: generated JavaScript tree (${files} files, ${lineCount.toLocaleString('en-US')} lines)`,
        '',
        `Machine: ${machine()}. Run of ${new Date().toISOString().slice(0, 10)}.`,
        '',
        '| Command | Median wall | Min wall | Median CPU | Runs | Ratio to no rules (wall, median) | Ratio to no rules (CPU, median) |',
        '|---|---|---|---|---|---|---|',
        row('eslint --no-config-lookup -c none.config.js src  (no rules)', times.none, false),
        row('eslint --no-config-lookup -c plugin.config.js src  (attractor.configs.recommended only)', times.plugin, true),
        '',
        `The plugin run reports ${messages.length} findings (${fixable} with a verified fix). Load average (1 / 5 / 15 min) at the start: ${load(startLoad)}; at the end: ${load(loadavg())}.`,
        '',
      ].join('\n'),
    );
  } finally {
    if (opts.keep) progress(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
