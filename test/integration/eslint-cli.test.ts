// The built plugin in a real `eslint` run (the installed CLI, as a user runs it) on a temporary
// project whose eslint.config.js imports dist/eslint/plugin.js by file URL: .js files through
// ESLint's JavaScript language, .ts through `attractor/typescript` (no typescript-eslint here),
// .py through `attractor/python`, with the curated pack plus a learned rule folder written into
// the project. Also `--fix` (template fixes) and `--cache` invalidation when a rule changes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeRules, yamlSafeLoad } from '../helpers/rules.js';
import { tempDir, tempRepo } from '../helpers/temp-repo.js';

const ESLINT = fileURLToPath(new URL('../../node_modules/eslint/bin/eslint.js', import.meta.url));
const PLUGIN = new URL('../../dist/eslint/plugin.js', import.meta.url).href;

const learned = { origin: 'learned', commits: ['4f2a9c1e0b7d', '91c3e5a2f4b6', 'd0e1f2a3b4c5'], support: 3, resonance: 0.81, learnedAt: '2026-01-01T00:00:00Z' };
const YAML_LOAD = yamlSafeLoad(learned);
const PARSE_INT = {
  id: 'learned/parse-int-radix',
  language: ['javascript', 'typescript'],
  message: '`parseInt({{arg}})` without a radix; this repository fixed it to `parseInt(x, 10)` before.',
  severity: 'warning',
  query: '((call_expression function: (identifier) @fn arguments: (arguments . (_) @arg .) @args) @match (#eq? @fn "parseInt"))',
  fix: { target: 'args', template: '({{arg}}, 10)', safety: 'unsafe' },
  provenance: learned,
  cases: { invalid: [{ code: 'const n = parseInt(s);\n', output: 'const n = parseInt(s, 10);\n' }], valid: ['const n = parseInt(s, 10);\n'] },
};

const APP_JS = `async function save(order) {
  await db.put(order);
}

export async function complete(order) {
  save(order);
  const count = parseInt(order.count);
  // eslint-disable-next-line attractor/eval-exec
  eval(order.script);
  return eval(order.formula) + count;
}
`;
const UTIL_TS = `interface Order { id: string; count: string }

async function persist(order: Order): Promise<void> {
  await store.put(order.id, order);
}

export async function update(order: Order): Promise<number> {
  persist(order);
  return parseInt(order.count);
}
`;
const LOAD_PY = `import yaml


def load(path):
    with open(path) as f:
        data = yaml.load(f)
    if data == None:
        return {}
    return data
`;

function project(): ReturnType<typeof tempDir> & { eslint(...args: string[]): { code: number; stdout: string; stderr: string } } {
  const dir = tempDir();
  dir.write('package.json', '{ "type": "module" }\n');
  dir.write(
    'eslint.config.js',
    [
      `import attractor from ${JSON.stringify(PLUGIN)};`,
      '',
      'export default [',
      "  ...attractor.fromRules({ rulesDir: new URL('.attractor/rules/', import.meta.url) }),",
      "  { files: ['**/*.ts'], language: 'attractor/typescript' },",
      '];',
      '',
    ].join('\n'),
  );
  writeRules(join(dir.dir, '.attractor', 'rules'), YAML_LOAD, PARSE_INT);
  dir.write('src/app.js', APP_JS);
  dir.write('src/util.ts', UTIL_TS);
  dir.write('tools/load.py', LOAD_PY);
  return {
    ...dir,
    eslint: (...args: string[]) => {
      const r = spawnSync(process.execPath, [ESLINT, '--no-color', ...args], { cwd: dir.dir, encoding: 'utf8' });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
  };
}

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; severity: number; message: string; fix?: { range: [number, number]; text: string } }[];
}

function findings(stdout: string, root: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of JSON.parse(stdout) as JsonResult[]) {
    out[file.filePath.slice(root.length + 1)] = file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.severity}${m.fix ? ' fix' : ''}`);
  }
  return out;
}

test('eslint lints .js, .ts and .py with the curated pack and a learned rule folder', () => {
  const p = project();
  try {
    const r = p.eslint('-f', 'json', '.');
    assert.is(r.code, 1, r.stderr);
    assert.equal(findings(r.stdout, p.dir), {
      'eslint.config.js': [],
      'src/app.js': ['6:3 attractor/missing-await 2 fix', '7:17 attractor/learned-parse-int-radix 1 fix', '10:10 attractor/eval-exec 1'],
      'src/util.ts': ['8:3 attractor/missing-await 2 fix', '9:10 attractor/learned-parse-int-radix 1 fix'],
      'tools/load.py': ['6:16 attractor/learned-yaml-safe-load 2 fix', '7:8 attractor/eq-none 1 fix'],
    });
    const messages = (JSON.parse(r.stdout) as JsonResult[]).flatMap((f) => f.messages);
    assert.ok(messages.some((m) => m.message === '`yaml.load` can build arbitrary Python objects; this repository fixed it to `yaml.safe_load` before.'));
  } finally {
    p.cleanup();
  }
});

test('eslint --fix applies the verified template fixes in every language', () => {
  const p = project();
  try {
    const r = p.eslint('--fix', '.');
    assert.is(r.code, 0, r.stdout + r.stderr);
    const read = (path: string): string => readFileSync(join(p.dir, path), 'utf8');
    assert.is(read('src/app.js'), APP_JS.replace('  save(order);', '  await save(order);').replace('parseInt(order.count)', 'parseInt(order.count, 10)'));
    assert.is(read('src/util.ts'), UTIL_TS.replace('  persist(order);', '  await persist(order);').replace('parseInt(order.count)', 'parseInt(order.count, 10)'));
    assert.is(read('tools/load.py'), LOAD_PY.replace('yaml.load(f)', 'yaml.safe_load(f)').replace('data == None', 'data is None'));
    assert.match(r.stdout, /10:10\s+warning\s+.*attractor\/eval-exec/);
  } finally {
    p.cleanup();
  }
});

test('eslint --cache: editing a rule invalidates the cached results (meta.version has the pack hash)', () => {
  const p = project();
  try {
    const before = p.eslint('--cache', '-f', 'json', 'tools/load.py');
    assert.match(before.stdout, /this repository fixed it to `yaml.safe_load` before/);
    writeRules(join(p.dir, '.attractor', 'rules'), { ...YAML_LOAD, message: 'Use yaml.safe_load, not yaml.{{fn}}.' });
    const after = p.eslint('--cache', '-f', 'json', 'tools/load.py');
    assert.match(after.stdout, /Use yaml.safe_load, not yaml.load\./);
    assert.not.match(after.stdout, /this repository fixed it/);
  } finally {
    p.cleanup();
  }
});

test('attractor/sibling-of-staged-edit: in a git repository, the sites the change against HEAD left as they were (JS and Python)', () => {
  const repo = tempRepo();
  try {
    repo.write('package.json', '{ "type": "module" }\n');
    repo.write(
      'eslint.config.js',
      [
        `import attractor from ${JSON.stringify(PLUGIN)};`,
        '',
        'export default [',
        "  { files: ['**/*.js'], plugins: { attractor }, rules: { 'attractor/sibling-of-staged-edit': 'warn' } },",
        "  { files: ['**/*.py'], plugins: { attractor }, language: 'attractor/python', rules: { 'attractor/sibling-of-staged-edit': 'warn' } },",
        '];',
        '',
      ].join('\n'),
    );
    const js = (name: string, extra = ''): string => `export function ${name}(res, file) {\n  return res.sendFile(file, { root: '/srv'${extra} });\n}\n`;
    repo.write('lib/a.js', `${js('one')}\n${js('two')}`);
    repo.write('lib/b.js', js('three'));
    const py = (name: string, extra = ''): string => `def ${name}(session):\n    return client.fetch_json(session, "/x"${extra})\n`;
    repo.write('app/a.py', `import client\n\n\n${py('f1')}\n\n${py('f2')}`);
    repo.write('app/b.py', `import client\n\n\n${py('f3')}`);
    repo.commit('base');
    repo.write('lib/a.js', `${js('one', ', dotfiles: "deny"')}\n${js('two', ', dotfiles: "deny"')}`);
    repo.write('app/a.py', `import client\n\n\n${py('f1', ', timeout=5')}\n\n${py('f2', ', timeout=5')}`);
    const r = spawnSync(process.execPath, [ESLINT, '--no-color', '-f', 'json', 'lib', 'app'], { cwd: repo.dir, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const all = findings(r.stdout, repo.dir);
    assert.equal(all['lib/b.js'], ['2:29 attractor/sibling-of-staged-edit 1']);
    assert.equal(all['app/b.py'], ['5:12 attractor/sibling-of-staged-edit 1']);
    assert.equal([...(all['lib/a.js'] ?? []), ...(all['app/a.py'] ?? [])], []);
    assert.match(r.stdout, /This change added `dotfiles` at 2 sites \(lib\/a\.js:2, lib\/a\.js:6\)/);
  } finally {
    repo.cleanup();
  }
});

test.run();
