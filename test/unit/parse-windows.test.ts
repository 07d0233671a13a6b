import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { extractEdits } from '../../src/learn/extract-edits.js';
import { importStatements, parseWindows as windowsOf, scanText, type LineRange } from '../../src/learn/parse-windows.js';

const parseWindows = (text: string, language: LanguageId, touched: LineRange[]) => windowsOf(scanText(text, language), touched);
import type { LanguageId } from '../../src/model.js';
import { parseText, type SyntaxNode } from '../../src/parse/index.js';

/** A Python module with the layouts the line scan must get right, and a long class. */
function pythonModule(methods: number, body: (i: number) => string = (i) => `        return self.session.execute(query_${i})`): string {
  const out = [
    '"""Module docstring.',
    'text at column zero inside the docstring',
    'def not_a_function():',
    '"""',
    'import os',
    'from typing import TYPE_CHECKING',
    'from .engine import create, \\',
    '    connect',
    'from .pool import (',
    '    Pool,',
    'QueuePool,',
    ')',
    '',
    'if TYPE_CHECKING:',
    '    from .orm import Session',
    '',
    'try:',
    '    import simplejson as json',
    'except ImportError:',
    '    import json',
    '',
    '',
    '@decorate(',
    '    "x",',
    ')',
    '@other',
    'class Repository(Base):',
    '    """A class docstring.',
    '    def fake(self): with text at the member indentation',
    '    """',
    '',
    '    retries = 3',
    '',
  ];
  for (let i = 0; i < methods; i++) {
    out.push('    @property', `    def method_${i}(self, query_${i}):`, `        """Doc ${i}."""`, '        from .local import helper', `        value = helper("""`, 'column zero inside a string', '""")', '        if value:', '            pass', '        else:', '            value = 1', body(i), '');
  }
  out.push('', 'def tail(x):', '    return x', '');
  return out.join('\n');
}

const linesOf = (text: string, windows: LineRange[]): string[] => windows.flatMap(([a, b]) => text.split('\n').slice(a, b));

test('a touched method of a long class: its header, that member and the imports; decorators and strings respected', () => {
  const text = pythonModule(30);
  const lines = text.split('\n');
  const target = lines.indexOf('        return self.session.execute(query_7)');
  const windows = parseWindows(text, 'python', [[target, target + 1]]) as LineRange[];
  assert.ok(windows, 'a window, not the whole file');
  const kept = linesOf(text, windows);
  assert.ok(kept.includes('@decorate('), 'the class decorators belong to the class header');
  assert.ok(kept.includes('class Repository(Base):'));
  assert.ok(kept.includes('    def method_7(self, query_7):') && kept.includes('    @property'));
  assert.not.ok(kept.includes('    def method_8(self, query_8):') || kept.includes('    def method_6(self, query_6):'), 'other members are left out');
  assert.ok(kept.includes('    connect') && kept.includes('QueuePool,') && kept.includes('    from .orm import Session') && kept.includes('    import simplejson as json'));
  assert.not.ok(kept.includes('def tail(x):'));
  const tree = parseText('python', text, windows);
  assert.not.ok(tree.rootNode.hasError, 'the windows parse');
  const method = (root: SyntaxNode): SyntaxNode | undefined => root.descendantsOfType('function_definition').find((f) => f.childForFieldName('name')?.text === 'method_7');
  const whole = method(parseText('python', text).rootNode) as SyntaxNode;
  const part = method(tree.rootNode) as SyntaxNode;
  assert.is(part.toString(), whole.toString(), 'the member parses to the same tree');
  assert.equal([part.startIndex, part.endIndex, part.startPosition, part.endPosition], [whole.startIndex, whole.endIndex, whole.startPosition, whole.endPosition], 'at the same offsets');
  assert.is(part.closest('class_definition')?.childForFieldName('name')?.text, 'Repository');
});

test('when the windows would be most of the file, the whole file is parsed', () => {
  const text = pythonModule(2);
  assert.is(parseWindows(text, 'python', [[40, 41]]), undefined);
});

test('JavaScript: top-level statements only, template literals and comments respected', () => {
  const fns = Array.from({ length: 20 }, (_, i) => [`export async function handler${i}(req) {`, '  const sql = `', 'SELECT 1', '`;', '  /* a comment', 'function fake() {', '  */', `  return db.query(sql, ${i});`, '}', ''].join('\n'));
  const text = [`import { db } from './db.js';`, `import {`, `  log,`, `} from './log.js';`, '', ...fns].join('\n');
  const lines = text.split('\n');
  const target = lines.indexOf('  return db.query(sql, 5);');
  const windows = parseWindows(text, 'javascript', [[target, target + 1]]) as LineRange[];
  const kept = linesOf(text, windows);
  assert.ok(kept.includes('export async function handler5(req) {') && kept.includes('  log,'));
  assert.not.ok(kept.includes('export async function handler4(req) {') || kept.includes('export async function handler6(req) {'));
  assert.not.ok(parseText('javascript', text, windows).rootNode.hasError);
});

test('import statements are found at any depth, across lines, and nowhere else', () => {
  const imports = importStatements(scanText(pythonModule(2), 'python')).split('\n');
  assert.ok(imports.includes('from .engine import create, \\') && imports.includes('connect'));
  assert.ok(imports.includes('from .pool import (') && imports.includes('QueuePool,'));
  assert.ok(imports.includes('from .orm import Session') && imports.includes('import simplejson as json') && imports.includes('from .local import helper'));
  assert.not.ok(imports.some((line) => line.includes('column zero') || line.includes('return')));
  assert.is(importStatements(scanText('x = "import os"\n', 'python')), '');
});

let clock = 1_700_000_000;
function edits(language: LanguageId, path: string, before: string, after: string, windows: boolean) {
  clock += 60;
  return extractEdits({ commit: { sha: 'a'.repeat(40), parents: ['b'.repeat(40)], authorEmail: 'dev@example.com', time: clock, message: 'Fix it' }, path, language, before, after, evidence: { touchesTests: false, redToGreen: [] } }, { windows });
}

test('edits read from windows equal edits read from whole files (Python, many edit shapes)', () => {
  const before = pythonModule(30);
  const changes: [RegExp, string | ((match: string) => string)][] = [
    [/self\.session\.execute\(query_3\)/, 'self.session.execute(query_3, timeout=5)'],
    [/self\.session\.execute\(query_9\)/, 'await self.session.execute(query_9)'],
    [/        value = 1\n        return self\.session\.execute\(query_12\)/, '        value = 1\n        if value is None:\n            return None\n        return self.session.execute(query_12)'],
    [/    retries = 3/, '    retries = 5'],
    [/    def method_20\(self, query_20\):\n(.*\n){2}        value = helper\(/, (m) => m.replace('value = helper(', 'value = helper(strict=True, text=')],
    [/def tail\(x\):\n    return x/, 'def tail(x):\n    return helper(x, strict=True)'],
    [/class Repository\(Base\):/, 'class Repository(Base, Mixin):'],
  ];
  let compared = 0;
  for (const [pattern, replacement] of changes) {
    const after = before.replace(pattern, replacement as string);
    assert.is.not(after, before, String(pattern));
    const windowed = edits('python', 'pkg/repo.py', before, after, true);
    const whole = edits('python', 'pkg/repo.py', before, after, false);
    assert.equal(windowed.map((e) => ({ ...e, time: 0 })), whole.map((e) => ({ ...e, time: 0 })), String(pattern));
    compared += whole.length;
  }
  // Two edits at once, in members far apart.
  const both = before.replace('execute(query_1)', 'execute(query_1, timeout=5)').replace('execute(query_25)', 'execute(query_25, timeout=5)');
  assert.equal(edits('python', 'pkg/repo.py', before, both, true).map((e) => e.context), edits('python', 'pkg/repo.py', before, both, false).map((e) => e.context));
  assert.ok(compared >= 4, `${compared} edits compared`);
  const timeout = edits('python', 'pkg/repo.py', before, before.replace('execute(query_3)', 'execute(query_3, timeout=5)'), true)[0];
  assert.is(timeout?.context.className, 'Repository');
  assert.is(timeout?.context.functionName, 'method_3');
  for (const name of ['helper', 'Session', 'json', 'QueuePool', 'connect']) assert.ok(timeout?.context.imports.includes(name), name);
});

test('a layout the line scan misreads falls back to whole files and still finds the edit', () => {
  // A regular expression literal holding a quote hides the bracket after it from the scan, so the
  // function expressions passed to register() look like top-level statements.
  const fns = Array.from({ length: 20 }, (_, i) => `function f${i}(x) {\n  return call${i}(x);\n},`);
  const before = ['const quote = /"/; register(', ...fns, ');', ''].join('\n');
  const after = before.replace('return call5(x);', 'return call5(x, { strict: true });');
  const target = before.split('\n').indexOf('  return call5(x);');
  const misread = parseWindows(before, 'javascript', [[target, target + 1]]);
  assert.ok(misread && parseText('javascript', before, misread).rootNode.hasError, 'the scan misreads this layout');
  const windowed = edits('javascript', 'src/a.js', before, after, true);
  assert.is(windowed.length, 1);
  assert.equal(windowed.map((e) => ({ ...e, time: 0 })), edits('javascript', 'src/a.js', before, after, false).map((e) => ({ ...e, time: 0 })));
});

test.run();
