// The ways an ESLint user writes the plugin into eslint.config.js, each in a real `eslint` run on a
// temporary project (the installed CLI; the project's node_modules reached through a symlink so
// that `eslint/config` resolves as it does in a user's project). `configs.recommended` is two
// blocks (JavaScript/TypeScript files, and Python files with the `attractor/python` language):
// the spread form, `defineConfig` with `extends` or an array, and the blocks as the whole
// configuration all lint both languages. The nested form `[attractor.configs.recommended]` is
// refused by ESLint itself for any plugin whose config is several blocks; the README says what to
// write instead, and the last test keeps that true.
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDir } from '../helpers/temp-repo.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ESLINT = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const PLUGIN = new URL('../../dist/eslint/plugin.js', import.meta.url).href;

const APP_JS = 'async function save(o) {\n  await db.put(o);\n}\nexport async function run(o) {\n  save(o);\n}\n';
const APP_PY = 'def load(x):\n    return eval(x)\n';
/** What every working form reports: the un-awaited call in JavaScript, eval in Python. */
const EXPECTED = { 'app.js': ['5:3 attractor/missing-await'], 'app.py': ['2:12 attractor/eval-exec'] };

function lint(config: string): { code: number; stdout: string; stderr: string; found?: Record<string, string[]> } {
  const dir = tempDir();
  try {
    dir.write('package.json', '{ "type": "module" }\n');
    symlinkSync(join(ROOT, 'node_modules'), join(dir.dir, 'node_modules'));
    dir.write('eslint.config.js', `import attractor from ${JSON.stringify(PLUGIN)};\n${config}\n`);
    dir.write('app.js', APP_JS);
    dir.write('app.py', APP_PY);
    dir.write('.attractor/rules/README.md', 'learned rules go here\n');
    const r = spawnSync(process.execPath, [ESLINT, '--no-color', '-f', 'json', 'app.js', 'app.py'], { cwd: dir.dir, encoding: 'utf8' });
    const result = { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    if (r.status !== 0 && r.status !== 1) return result;
    const found: Record<string, string[]> = {};
    for (const file of JSON.parse(r.stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string }[] }[]) {
      found[file.filePath.slice(dir.dir.length + 1)] = file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`);
    }
    return { ...result, found };
  } finally {
    dir.cleanup();
  }
}

const FORMS: Record<string, string> = {
  'spread into the array': 'export default [...attractor.configs.recommended];',
  'the blocks as the whole configuration': 'export default attractor.configs.recommended;',
  'defineConfig with extends': "import { defineConfig } from 'eslint/config';\nexport default defineConfig({ extends: [attractor.configs.recommended] });",
  'defineConfig with extends by name': "import { defineConfig } from 'eslint/config';\nexport default defineConfig({ plugins: { attractor }, extends: ['attractor/recommended'] });",
  'defineConfig with an array': "import { defineConfig } from 'eslint/config';\nexport default defineConfig([attractor.configs.recommended]);",
  'fromRules, spread': "export default [...attractor.fromRules({ rulesDir: '.attractor/rules' })];",
  'fromRules in defineConfig': "import { defineConfig } from 'eslint/config';\nexport default defineConfig({ extends: [attractor.fromRules({ rulesDir: '.attractor/rules' })] });",
};

for (const [name, config] of Object.entries(FORMS)) {
  test(`eslint.config.js, ${name}: both languages are linted`, () => {
    const r = lint(config);
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.found, EXPECTED);
  });
}

test('the nested form is refused by ESLint itself, and the README shows the forms that work instead', () => {
  const r = lint('export default [attractor.configs.recommended];');
  assert.is(r.code, 2);
  assert.match(r.stderr + r.stdout, /Unexpected array/);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const form of ['[...attractor.configs.recommended', 'defineConfig({ extends: [attractor.configs.recommended] })', 'Unexpected array']) {
    assert.ok(readme.includes(form), `README.md shows ${form}`);
  }
});

test.run();
