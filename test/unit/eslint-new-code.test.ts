// The ESLint plugin with a new-code-only rule: it reports on the lines the linted text adds or
// modifies against HEAD's version of the file (read through git/), and nothing when git cannot tell.
import { join } from 'node:path';
import { Linter } from 'eslint';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPlugin } from '../../src/eslint/create-plugin.js';
import { jsCall, pyCall, writeRules } from '../helpers/rules.js';
import { tempDir, tempRepo } from '../helpers/temp-repo.js';

const LEGACY = 'const a = 1;\nold_api(a);\nconst b = 2;\nold_api(b);\n';

function setUp(): { repo: ReturnType<typeof tempRepo>; rules: ReturnType<typeof tempDir>; cleanup(): void } {
  const repo = tempRepo();
  const rules = tempDir();
  writeRules(join(rules.dir, 'rules'), jsCall('learned/old-api', 'old_api', 'warning', { newCodeOnly: true }), jsCall('no-boom', 'boom'), pyCall('py-old-api', 'old_api', 'warning', { newCodeOnly: true }));
  return { repo, rules, cleanup: () => (repo.cleanup(), rules.cleanup()) };
}

function lintIn(cwd: string, rulesDir: string, path: string, code: string): string[] {
  const plugin = createPlugin({ rulesDir, cwd, builtin: false });
  const linter = new Linter({ cwd });
  return linter.verify(code, plugin.configs.recommended, { filename: join(cwd, path) }).map((m) => `${m.line}:${m.ruleId}`);
}

test('only the lines changed against HEAD: a new call and a modified line; other rules everywhere', () => {
  const { repo, rules, cleanup } = setUp();
  try {
    repo.write('src/a.js', LEGACY);
    repo.commit('base');
    const rulesDir = join(rules.dir, 'rules');
    // What ESLint lints (the editor's text, not necessarily saved) is compared with HEAD's blob.
    const edited = LEGACY.replace('old_api(b)', 'old_api(b, 3)') + 'old_api(c);\nboom();\n';
    assert.equal(lintIn(repo.dir, rulesDir, 'src/a.js', edited), ['4:attractor/learned-old-api', '5:attractor/learned-old-api', '6:attractor/no-boom']);
    assert.equal(lintIn(repo.dir, rulesDir, 'src/a.js', LEGACY), [], 'unchanged: the legacy sites are not reported');
    assert.equal(lintIn(repo.dir, rulesDir, 'src/new.js', LEGACY), ['2:attractor/learned-old-api', '4:attractor/learned-old-api'], 'a file HEAD lacks is all new');
    assert.equal(lintIn(repo.dir, rulesDir, 'b.py', 'x = 1\nold_api(x)\n'), ['2:attractor/py-old-api'], 'the Python language too');
  } finally {
    cleanup();
  }
});

test('the plugin version carries HEAD when the pack has new-code-only rules (eslint --cache lints again after a commit)', () => {
  const { repo, rules, cleanup } = setUp();
  try {
    repo.write('a.js', LEGACY);
    const first = repo.commit('base');
    const version = createPlugin({ rulesDir: join(rules.dir, 'rules'), cwd: repo.dir, builtin: false }).meta.version;
    assert.match(version, new RegExp(`\\+rules\\.[0-9a-f]{12}\\.head\\.${first.slice(0, 12)}$`));
    repo.write('a.js', `${LEGACY}x();\n`);
    const second = repo.commit('next');
    assert.ok(createPlugin({ rulesDir: join(rules.dir, 'rules'), cwd: repo.dir, builtin: false }).meta.version.endsWith(second.slice(0, 12)));
  } finally {
    cleanup();
  }
});

test('without git to ask (no repository), a new-code-only rule reports nothing; the others report', () => {
  const { rules, cleanup } = setUp();
  const plain = tempDir();
  try {
    assert.equal(lintIn(plain.dir, join(rules.dir, 'rules'), 'a.js', `${LEGACY}boom();\n`), ['5:attractor/no-boom']);
    assert.match(createPlugin({ rulesDir: join(rules.dir, 'rules'), cwd: plain.dir, builtin: false }).meta.version, /\+rules\.[0-9a-f]{12}$/);
  } finally {
    plain.cleanup();
    cleanup();
  }
});

test.run();
