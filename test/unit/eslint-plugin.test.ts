// The plugin object itself: rule names, configs, meta (cache version, docs URLs), the shared
// engine run per file, fix verification, the unsafe-fix option and the tree-sitter languages.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Linter, type Rule } from 'eslint';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { attractorRule } from '../../src/eslint/attractor-rule.js';
import { createPlugin } from '../../src/eslint/create-plugin.js';
import { eslintRuleName } from '../../src/eslint/eslint-rule-name.js';
import { fileFindingsCache } from '../../src/eslint/file-findings.js';
import plugin from '../../src/eslint/plugin.js';
import { TreeSitterSourceCode } from '../../src/eslint/tree-sitter-source-code.js';
import type { CompiledPack } from '../../src/rules/compile-pack.js';
import { jsCall, pyCall, writeRules } from '../helpers/rules.js';
import { packOf } from '../helpers/pack.js';
import { tempDir } from '../helpers/temp-repo.js';

const LEARNED = pyCall('learned/call-boom', 'boom', 'warning', {
  provenance: { origin: 'learned', commits: ['abc1234'], support: 3 },
  fix: { target: 'fn', template: 'safe_boom', safety: 'unsafe' },
  cases: { invalid: [{ code: 'boom()\n', output: 'safe_boom()\n' }], valid: ['safe_boom()\n'] },
});

function lint(linter: Linter, code: string, filename: string, config: Linter.Config[]): Linter.LintMessage[] {
  return linter.verify(code, config, { filename });
}

test('ids map to ESLint rule names: "/" becomes "-"', () => {
  assert.is(eslintRuleName('learned/await-fetch'), 'learned-await-fetch');
  assert.is(eslintRuleName('eq-none'), 'eq-none');
});

test('one ESLint rule per curated id; an id of several languages is one rule for all of them', () => {
  const names = Object.keys(plugin.rules).sort();
  assert.ok(names.includes('eq-none') && names.includes('floating-promise-then'));
  assert.is(new Set(names).size, names.length);
  assert.equal(plugin.rules['eval-exec']?.meta?.languages, ['js/js', 'attractor/typescript', 'attractor/python']);
  assert.equal(plugin.rules['eq-none']?.meta?.languages, ['attractor/python']);
  assert.is(plugin.rules['eq-none']?.meta?.fixable, 'code');
  assert.is(plugin.rules['eval-exec']?.meta?.fixable, undefined);
});

test('configs.recommended: a JavaScript/TypeScript block and a Python block with the language', () => {
  const [scripts, python] = plugin.configs.recommended;
  assert.is(plugin.configs.recommended.length, 2);
  assert.ok(scripts?.files?.includes('**/*.ts') && scripts.files.includes('**/*.js'));
  assert.is(scripts?.language, undefined);
  assert.is(scripts?.rules?.['attractor/hardcoded-secret'], 'error');
  assert.is(scripts?.rules?.['attractor/eval-exec'], 'warn');
  assert.is(scripts?.rules?.['attractor/eq-none'], undefined);
  assert.equal(python?.files, ['**/*.py', '**/*.pyi', '**/*.pyw']);
  assert.is(python?.language, 'attractor/python');
  assert.is(python?.rules?.['attractor/eq-none'], 'warn');
  assert.is(python?.plugins?.attractor, plugin);
});

test('meta.version carries the pack hash: editing a rule changes it; docs URLs follow the convention', () => {
  const dir = tempDir();
  try {
    writeRules(join(dir.dir, 'rules'), LEARNED, { ...jsCall('with-docs', 'x'), docs: { url: 'https://example.com/with-docs' } });
    const options = { rulesDir: 'rules', cwd: dir.dir, builtin: false };
    const first = createPlugin(options);
    assert.is(first.meta.name, 'attractor-lint');
    assert.is(first.meta.namespace, 'attractor');
    assert.match(first.meta.version, /^\d+\.\d+\.\d+\+rules\.[0-9a-f]{12}$/);
    assert.is(createPlugin(options).meta.version, first.meta.version);
    assert.is(first.rules['learned-call-boom']?.meta?.docs?.url, pathToFileURL(join(dir.dir, 'docs/rules/learned/call-boom.md')).href);
    assert.is(first.rules['with-docs']?.meta?.docs?.url, 'https://example.com/with-docs');
    assert.is(createPlugin({ ...options, docsBase: 'https://example.com/repo/' }).rules['learned-call-boom']?.meta?.docs?.url, 'https://example.com/repo/docs/rules/learned/call-boom.md');
    writeRules(join(dir.dir, 'rules'), { ...LEARNED, message: 'changed {{fn}}' });
    assert.is.not(createPlugin(options).meta.version, first.meta.version);
  } finally {
    dir.cleanup();
  }
  assert.is(plugin.rules['eq-none']?.meta?.docs?.url, pathToFileURL(join(process.cwd(), 'docs/rules/eq-none.md')).href);
});

test('two ids with the same ESLint name are an error naming the file', () => {
  const dir = tempDir();
  try {
    writeRules(join(dir.dir, 'a'), LEARNED);
    writeRules(join(dir.dir, 'b'), { ...pyCall('learned-call-boom', 'boom') });
    assert.throws(() => createPlugin({ rulesDir: ['a', 'b'], cwd: dir.dir, builtin: false }), /learned-call-boom.json: id: "learned-call-boom" and "learned\/call-boom" .* same ESLint rule name/);
  } finally {
    dir.cleanup();
  }
});

test('fromRules returns the same plugin for unchanged rules and a new one after an edit', () => {
  const dir = tempDir();
  try {
    writeRules(join(dir.dir, 'rules'), LEARNED);
    const options = { rulesDir: 'rules', cwd: dir.dir };
    const configs = plugin.fromRules(options);
    assert.is(plugin.fromRules(options), configs);
    const python = configs.find((c) => c.language === 'attractor/python');
    assert.is(python?.rules?.['attractor/learned-call-boom'], 'warn');
    assert.is(python?.rules?.['attractor/eq-none'], 'warn');
    assert.is.not(python?.plugins?.attractor, plugin);
    writeRules(join(dir.dir, 'rules'), { ...LEARNED, severity: 'error' });
    assert.is.not(plugin.fromRules(options), configs);
  } finally {
    dir.cleanup();
  }
});

test('a missing rules folder is an error', () => {
  assert.throws(() => createPlugin({ rulesDir: '/nonexistent/attractor-rules' }), /rules folder not found/);
});

test('the engine runs once per file for all the rules of a pack', () => {
  const base = packOf(jsCall('call-a', 'a'), jsCall('call-b', 'b'), jsCall('call-c', 'c'));
  let runs = 0;
  const pack: CompiledPack = { ...base, queryFor: (...args) => (runs++, base.queryFor(...args)) };
  const findingsOf = fileFindingsCache(pack);
  const rules: Record<string, Rule.RuleModule> = {};
  for (const rule of pack.rules) rules[rule.id] = attractorRule({ rules: [rule], url: 'https://example.com', findingsOf, unsafeFixes: 'fix' });
  const linter = new Linter();
  const messages = lint(linter, 'a();\nb();\nc();\n', 'x.js', [{ plugins: { t: { rules } }, rules: { 't/call-a': 'error', 't/call-b': 'error', 't/call-c': 'warn' } }]);
  assert.equal(messages.map((m) => [m.ruleId, m.line, m.severity]), [['t/call-a', 1, 2], ['t/call-b', 2, 2], ['t/call-c', 3, 1]]);
  assert.is(runs, 1);
  const source = { text: 'a();\n' };
  assert.is(findingsOf(source, 'y.js'), findingsOf(source, 'y.js'));
});

test('a fix that fails verification is reported without a fix', () => {
  const dir = tempDir();
  try {
    writeRules(
      dir.dir,
      pyCall('breaks-code', 'old', 'error', { fix: { target: 'fn', template: 'new(' }, cases: { invalid: ['old()\n'], valid: ['new()\n'] } }),
      pyCall('no-progress', 'same', 'error', { fix: { target: 'fn', template: '{{fn}}' }, cases: { invalid: ['same()\n'], valid: ['other()\n'] } }),
      pyCall('keeps-code', 'legacy', 'error', { fix: { target: 'fn', template: 'modern' }, cases: { invalid: [{ code: 'legacy()\n', output: 'modern()\n' }], valid: ['modern()\n'] } }),
    );
    const local = createPlugin({ rulesDir: dir.dir, builtin: false });
    const messages = lint(new Linter(), 'old()\nsame()\nlegacy()\n', 'x.py', local.configs.recommended);
    assert.equal(messages.map((m) => [m.ruleId, m.fix?.text]), [['attractor/breaks-code', undefined], ['attractor/no-progress', undefined], ['attractor/keeps-code', 'modern']]);
  } finally {
    dir.cleanup();
  }
});

test('a learned fix that uses a name the file lacks is not offered, as with attractor-lint --fix', () => {
  const dir = tempDir();
  try {
    writeRules(dir.dir, pyCall('learned/old-api', 'old_api', 'warning', {
      provenance: { origin: 'learned', commits: ['abc1234'], support: 2 },
      fix: { target: 'fn', template: 'new_api' },
      cases: { invalid: [{ code: 'old_api()\n', output: 'new_api()\n' }], valid: ['new_api()\n'] },
    }));
    const local = createPlugin({ rulesDir: dir.dir, builtin: false });
    const fixOf = (code: string) => lint(new Linter(), code, 'x.py', local.configs.recommended).map((m) => [m.ruleId, m.fix?.text]);
    assert.equal(fixOf('old_api()\n'), [['attractor/learned-old-api', undefined]], 'new_api is not defined or imported here');
    assert.equal(fixOf('from lib import new_api, old_api\nold_api()\n'), [['attractor/learned-old-api', 'new_api']]);
  } finally {
    dir.cleanup();
  }
});

test('unsafeFixes: "suggest" offers unsafe fixes as suggestions, not as fixes', () => {
  const dir = tempDir();
  try {
    writeRules(dir.dir, LEARNED);
    const local = createPlugin({ rulesDir: dir.dir, builtin: false, unsafeFixes: 'suggest' });
    assert.is(local.rules['learned-call-boom']?.meta?.hasSuggestions, true);
    assert.is(local.rules['learned-call-boom']?.meta?.fixable, undefined);
    // The file uses safe_boom already: a learned fix may only bring in names the file has.
    const [message] = lint(new Linter(), 'boom()\nsafe_boom()\n', 'x.py', local.configs.recommended);
    assert.is(message?.fix, undefined);
    assert.equal(message?.suggestions?.map((s) => s.fix), [{ range: [0, 4], text: 'safe_boom' }]);
  } finally {
    dir.cleanup();
  }
});

test('the Python language: findings in files with syntax errors, attractor suppressions, no options', () => {
  const linter = new Linter();
  const config = plugin.configs.recommended;
  const broken = lint(linter, 'def f(:\n    pass\n\nif x == None:\n    pass\n', 'x.py', config);
  assert.equal(broken.map((m) => [m.ruleId, m.line, m.column]), [['attractor/eq-none', 4, 4]]);
  assert.equal(lint(linter, 'if x == None:  # attractor-lint: disable-line eq-none\n    pass\n', 'x.py', config), []);
  assert.throws(() => lint(linter, 'x = 1\n', 'x.py', [...config, { files: ['**/*.py'], languageOptions: { ecmaVersion: 2020 } }]), /attractor\/python language takes no languageOptions/);
});

test('TreeSitterSourceCode maps indices and locations like ESLint', () => {
  const python = new TreeSitterSourceCode({ text: 'a\r\nb\u2028c\rd', language: 'python' });
  assert.equal(python.lines, ['a', 'b\u2028c', 'd']);
  assert.equal(python.getLocFromIndex(3), { line: 2, column: 0 });
  assert.equal(python.getLocFromIndex(8), { line: 3, column: 1 });
  assert.is(python.getIndexFromLoc({ line: 3, column: 0 }), 7);
  assert.equal(python.ast.loc.end, { line: 3, column: 1 });
  const script = new TreeSitterSourceCode({ text: 'a\u2028b', language: 'typescript' });
  assert.equal(script.lines, ['a', 'b']);
  assert.equal(script.getLocFromIndex(2), { line: 2, column: 0 });
  assert.throws(() => script.getLocFromIndex(9), /outside the text/);
});

test('JavaScript under ESLint\'s own language reports through its SourceCode (U+2028 is a line break)', () => {
  const messages = lint(new Linter(), 'const s = "\u2028";\neval(code);\n', 'x.js', plugin.configs.recommended);
  assert.equal(messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn]), [['attractor/eval-exec', 3, 1, 3, 11]]);
});

test.run();
