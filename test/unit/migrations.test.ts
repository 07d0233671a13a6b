import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lineSnippet, migrationQuery } from '../../src/learn/sources/migrations/migrations.js';
import { replacementsOf } from '../../src/learn/sources/migrations/replacements.js';
import { checkSource } from '../../src/check/check-source.js';
import { compilePack } from '../../src/rules/compile-pack.js';
import type { LanguageId, RuleSpec } from '../../src/model.js';

const one = (before: string, after: string, language: LanguageId = 'python') => replacementsOf([before], [after], 7, language).map(({ role, from, to, line }) => ({ role, from, to, line }));

test('a line that swaps one API name is a replacement, with its role', () => {
  assert.equal(one('    now = datetime.utcnow()', '    now = datetime.now(timezone.utc)'), [{ role: 'call', from: 'utcnow', to: 'now(timezone.utc', line: 7 }]);
  assert.equal(one('    if res.headerSent:', '    if res.headersSent:'), [{ role: 'attribute', from: 'headerSent', to: 'headersSent', line: 7 }]);
  assert.equal(one('    obj.is_modified(passive=True)', '    obj.is_modified(include_collections=True)'), [{ role: 'keyword', from: 'passive', to: 'include_collections', line: 7 }]);
  assert.equal(one('@memoized_property', '@util.memoized_property'), [], 'the decorator gained a prefix: the old name stays, no replacement');
  assert.equal(one('@memoized_property', '@cached_property'), [{ role: 'decorator', from: 'memoized_property', to: 'cached_property', line: 7 }]);
  assert.equal(one('from _pytest.compat import fspath', 'from _pytest.pathlib import fspath'), [{ role: 'import', from: '_pytest.compat', to: '_pytest.pathlib', line: 7 }]);
  assert.equal(one("  if (err.code === 'ECONNABORT') {", "  if (err.code === 'ECONNABORTED') {", 'javascript'), [{ role: 'string', from: 'ECONNABORT', to: 'ECONNABORTED', line: 7 }]);
});

test('locals, prose, operators and several changes are not replacements', () => {
  assert.equal(one('    return old_send(channel, text)', '    return post(channel, text)'), [{ role: 'call', from: 'old_send', to: 'post', line: 7 }]);
  assert.equal(one('def old_send(channel, text):', 'def post(channel, text):'), [], 'a definition renamed is not a use');
  assert.equal(one('NAME = "a"', "NAME = 'a'"), [], 'quotes changed, not the constant');
  assert.equal(one('    total = a + b', '    total = a + c'), [], 'a local');
  assert.equal(one("    log('could not read the file')", "    log('could not open the file')"), [], 'prose');
  assert.equal(one('    if a == b:', '    if a != b:'), [], 'an operator');
  assert.equal(one('    x = f(a).g(b)', '    x = h(a).k(b)'), [], 'two names');
  assert.equal(replacementsOf(['a = f()', 'b = g()'], ['a = f2()'], 1, 'python'), [], 'hunks of different length are not paired');
});

test('each role compiles into a query that flags the old name and not the new', () => {
  const cases: [LanguageId, Parameters<typeof migrationQuery>[1], string, string, string][] = [
    ['python', 'call', 'utcnow', 'x = datetime.utcnow()\n', 'x = datetime.now()\n'],
    ['python', 'attribute', 'headerSent', 'if res.headerSent:\n    pass\n', 'if res.headersSent:\n    pass\n'],
    ['python', 'keyword', 'passive', 'obj.is_modified(passive=True)\n', 'obj.is_modified(x=True)\n'],
    ['python', 'decorator', 'memoized_property', '@memoized_property\ndef f(self):\n    pass\n', '@cached_property\ndef f(self):\n    pass\n'],
    ['python', 'import', '_pytest.compat', 'from _pytest.compat import fspath\n', 'from _pytest.pathlib import fspath\n'],
    ['python', 'string', 'ECONNABORT', "code = 'ECONNABORT'\n", "code = 'ECONNABORTED'\n"],
    ['javascript', 'call', 'addListener', "req.addListener('end', f);\n", "req.on('end', f);\n"],
    ['javascript', 'string', 'ECONNABORT', "if (err.code === 'ECONNABORT') {}\n", "if (err.code === 'ECONNABORTED') {}\n"],
  ];
  for (const [language, role, from, bad, good] of cases) {
    const query = migrationQuery(language, role, from) as string;
    const spec: RuleSpec = { id: 'learned/m', language, message: 'm', severity: 'warning', query, provenance: { origin: 'learned' }, cases: { invalid: [{ code: bad }], valid: [good] as never } };
    const pack = compilePack([{ spec, file: 'm.json' }], { eager: false });
    const path = language === 'python' ? 'a.py' : 'a.js';
    assert.is(checkSource(bad, path, language, pack).findings.length, 1, `${language} ${role}: ${bad}`);
    assert.is(checkSource(good, path, language, pack).findings.length, 0, `${language} ${role}: ${good}`);
  }
  assert.is(migrationQuery('javascript', 'keyword', 'x'), undefined);
});

test('a changed line becomes a snippet that parses alone', () => {
  assert.is(lineSnippet("      if (err.code === 'ECONNABORT') {", 'javascript'), "if (err.code === 'ECONNABORT') {}\n");
  assert.is(lineSnippet('    if x.utcnow() > y:', 'python'), 'if x.utcnow() > y:\n    pass\n');
  assert.is(lineSnippet("    f(a, '(',", 'python'), "f(a, '(',)\n");
});

test.run();
