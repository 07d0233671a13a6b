import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../src/check/check-source.js';
import { applyEdits } from '../../src/fix/apply-edits.js';
import { fixSource, undefinedName, verifyEdit } from '../../src/fix/fix-source.js';
import type { Finding, TextEdit } from '../../src/model.js';
import { packOf } from '../helpers/pack.js';

const edit = (start: number, end: number, text: string): TextEdit => ({ range: [start, end], text });

test('applyEdits: non-overlapping edits apply in position order whatever the input order', () => {
  const text = 'alpha beta gamma';
  const edits = [edit(11, 16, 'G'), edit(0, 5, 'A'), edit(6, 10, 'B')];
  const out = applyEdits(text, edits);
  assert.is(out.text, 'A B G');
  assert.equal(out.applied, [edits[1], edits[2], edits[0]]);
  assert.equal(out.skipped, []);
});

test('applyEdits: touching replacements both apply; overlapping ones are skipped for a later pass', () => {
  assert.is(applyEdits('abcdef', [edit(0, 2, 'X'), edit(2, 4, 'Y')]).text, 'XYef');
  const overlapping = [edit(0, 4, 'X'), edit(2, 6, 'Y'), edit(1, 2, 'Z')];
  const out = applyEdits('abcdef', overlapping);
  assert.is(out.text, 'Xef');
  assert.equal(out.applied, [overlapping[0]]);
  assert.equal(out.skipped, [overlapping[2], overlapping[1]]);
});

test('applyEdits: insertions, deletions and an insertion where another edit ends', () => {
  assert.is(applyEdits('ab', [edit(1, 1, '-')]).text, 'a-b');
  assert.is(applyEdits('ab', [edit(0, 0, '<'), edit(2, 2, '>')]).text, '<ab>');
  assert.is(applyEdits('abc', [edit(1, 2, '')]).text, 'ac');
  // Two insertions at one place, or one right after a replacement, have no defined order: one waits.
  const same = applyEdits('ab', [edit(1, 1, 'x'), edit(1, 1, 'y')]);
  assert.is(same.text, 'axb');
  assert.is(same.skipped.length, 1);
  const after = applyEdits('abc', [edit(0, 1, 'A'), edit(1, 1, '+')]);
  assert.is(after.text, 'Abc');
  assert.equal(after.skipped, [edit(1, 1, '+')]);
  // An insertion before a replacement that starts at the same place is fine.
  assert.is(applyEdits('abc', [edit(0, 0, '+'), edit(0, 1, 'A')]).text, '+Abc');
});

test('applyEdits: ranges are UTF-16 code units; no edits leaves the text as is', () => {
  const text = 'é😀x';
  assert.is(applyEdits(text, [edit(3, 4, 'y')]).text, 'é😀y');
  assert.is(applyEdits(text, []).text, text);
});

const callFix = (name: string, template: string, extra: Record<string, unknown> = {}) => ({
  id: `call-${name}`,
  language: 'python',
  message: 'call to {{fn}}',
  query: `((call function: (identifier) @fn) @match (#eq? @fn "${name}"))`,
  fix: { target: 'fn', template },
  ...extra,
});

test('fixSource: applies every fix in one pass and reports what it fixed', () => {
  const pack = packOf(callFix('old', 'new'));
  const src = 'old(1)\nx = old(2) + old(3)\n';
  const out = fixSource(src, 'a.py', 'python', pack);
  assert.is(out.output, 'new(1)\nx = new(2) + new(3)\n');
  assert.is(out.fixed.length, 3);
  assert.equal(out.rejected, []);
  assert.equal(out.remaining, []);
});

test('fixSource: ranges work after non-ASCII text (UTF-16 units)', () => {
  const pack = packOf(callFix('old', 'new'));
  const out = fixSource('s = "héllo 😀"; old(1)\nt = "ü"; old(2)\n', 'a.py', 'python', pack);
  assert.is(out.output, 's = "héllo 😀"; new(1)\nt = "ü"; new(2)\n');
});

test('fixSource: templates fill captures and `when` picks the fix', () => {
  const pack = packOf({
    id: 'eq-none-like',
    language: 'python',
    message: 'use is',
    query: '(comparison_operator (_) operators: ["==" "!="] @op . (none)) @match',
    fix: [
      { target: 'op', template: 'is', when: { capture: 'op', equals: '==' } },
      { target: 'op', template: 'is not', when: { capture: 'op', equals: '!=' } },
    ],
  });
  const out = fixSource('if a == None or b != None:\n    pass\n', 'a.py', 'python', pack);
  assert.is(out.output, 'if a is None or b is not None:\n    pass\n');
  const wrap = packOf(callFix('old', 'safe_{{fn}}'));
  assert.is(fixSource('old()\n', 'a.py', 'python', wrap).output, 'safe_old()\n');
});

test('fixSource: nested matches whose edits overlap are fixed over several passes', () => {
  const pack = packOf({
    id: 'call-old',
    language: 'python',
    message: 'm',
    query: '((call function: (identifier) @fn arguments: (argument_list) @args) @match (#eq? @fn "old"))',
    fix: { target: 'match', template: 'new{{args}}' },
  });
  const out = fixSource('x = old(old(old(1)))\n', 'a.py', 'python', pack);
  assert.is(out.output, 'x = new(new(new(1)))\n');
  assert.is(out.fixed.length, 3);
  assert.equal(out.remaining, []);
});

/** Distinct `ruleId: reason` pairs of rejected fixes, in order. */
const reasons = (rejected: { finding: Finding; reason: string }[]): string[] => [...new Set(rejected.map((r) => `${r.finding.ruleId}: ${r.reason}`))];

test('fixSource: a fix that breaks the syntax is rejected and the source kept', () => {
  const pack = packOf(callFix('old', 'new('));
  const out = fixSource('old(1)\n', 'a.py', 'python', pack);
  assert.is(out.output, 'old(1)\n');
  assert.equal(out.fixed, []);
  assert.equal(reasons(out.rejected), ['call-old: the fixed code does not parse']);
  assert.equal(out.remaining.map((f) => f.ruleId), ['call-old']);
});

test('fixSource: a fix that does not silence its rule is rejected', () => {
  const pack = packOf(callFix('old', 'old'));
  const out = fixSource('old(1)\n', 'a.py', 'python', pack);
  assert.is(out.output, 'old(1)\n');
  assert.equal(reasons(out.rejected), ['call-old: the fix does not silence call-old']);
});

// A single fixable finding that fails verification is rejected by the batch attempt; the
// one-by-one retry must not reject (and report) it a second time.
test('fixSource: each rejected finding is listed once', () => {
  const out = fixSource('old(1)\n', 'a.py', 'python', packOf(callFix('old', 'new(')));
  assert.is(out.rejected.length, 1);
});

test('fixSource: a fix that makes another rule fire is rejected; the good fixes still apply', () => {
  const pack = packOf(callFix('old', 'bad'), callFix('legacy', 'modern'), { id: 'call-bad', language: 'python', message: 'm', query: '((call function: (identifier) @fn) @match (#eq? @fn "bad"))' });
  const out = fixSource('old(1)\nlegacy(2)\n', 'a.py', 'python', pack);
  assert.is(out.output, 'old(1)\nmodern(2)\n');
  assert.equal(out.fixed.map((f) => f.ruleId), ['call-legacy']);
  assert.equal(reasons(out.rejected), ['call-old: the fix introduces a new call-bad finding']);
  assert.equal(out.remaining.map((f) => f.ruleId), ['call-old']);
});

test('fixSource: `only` limits fixing to the given rules', () => {
  const pack = packOf(callFix('old', 'new'), callFix('legacy', 'modern'));
  const out = fixSource('old()\nlegacy()\n', 'a.py', 'python', pack, new Set(['call-legacy']));
  assert.is(out.output, 'old()\nmodern()\n');
  assert.equal(out.remaining.map((f) => f.ruleId), ['call-old']);
});

test('fixSource: findings without a fix, or in suppressed lines, leave the source alone', () => {
  const pack = packOf({ id: 'call-old', language: 'python', message: 'm', query: '((call function: (identifier) @fn) @match (#eq? @fn "old"))' });
  const out = fixSource('old()\n', 'a.py', 'python', pack);
  assert.is(out.output, 'old()\n');
  assert.equal([out.fixed, out.rejected], [[], []]);
  const fixable = packOf(callFix('old', 'new'));
  const suppressed = '# attractor-lint: disable-next-line call-old\nold()\nold()\n';
  assert.is(fixSource(suppressed, 'a.py', 'python', fixable).output, '# attractor-lint: disable-next-line call-old\nold()\nnew()\n');
});

test('fixSource: TypeScript and TSX sources', () => {
  const pack = packOf({
    id: 'no-var',
    language: ['javascript', 'typescript'],
    message: 'use let',
    query: '(variable_declaration "var" @kw) @match',
    fix: { target: 'kw', template: 'let' },
  });
  assert.is(fixSource('var a: number = 1;\n', 'a.ts', 'typescript', pack).output, 'let a: number = 1;\n');
  assert.is(fixSource('var el = <div>{1}</div>;\n', 'a.tsx', 'typescript', pack).output, 'let el = <div>{1}</div>;\n');
  assert.is(fixSource('var a = 1, b = 2;\nvar c;\n', 'a.js', 'javascript', pack).output, 'let a = 1, b = 2;\nlet c;\n');
});

const finding = (ruleId: string): Finding => ({ ruleId, path: 'a.py', line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'warning', message: 'm', fingerprint: ruleId });

test('verifyEdit: accepts a fix that removes exactly its findings, names what went wrong otherwise', () => {
  const a = finding('a');
  const b = finding('b');
  const ok = verifyEdit({ text: 'x', findings: [a, b] }, { text: 'y', findings: [b] }, [a], { before: 0, after: 0 });
  assert.is(ok, undefined);
  assert.is(verifyEdit({ text: 'x', findings: [a] }, { text: 'y', findings: [] }, [a], { before: 0, after: 1 }), 'the fixed code does not parse');
  // Fewer syntax errors than before is fine.
  assert.is(verifyEdit({ text: 'x', findings: [a] }, { text: 'y', findings: [] }, [a], { before: 2, after: 1 }), undefined);
  assert.is(verifyEdit({ text: 'x', findings: [a] }, { text: 'y', findings: [a] }, [a], { before: 0, after: 0 }), 'the fix does not silence a');
  assert.is(verifyEdit({ text: 'x', findings: [a] }, { text: 'y', findings: [b] }, [a], { before: 0, after: 0 }), 'the fix introduces a new b finding');
  assert.is(verifyEdit({ text: 'x', findings: [a, a] }, { text: 'y', findings: [a, a] }, [a], { before: 0, after: 0 }), 'the fix does not silence a');
});

test('fix ranges in findings are what fixSource applies', () => {
  const pack = packOf(callFix('old', 'new'));
  const src = 'y = "😀"; old()\n';
  const [f] = checkSource(src, 'a.py', 'python', pack).findings;
  assert.equal(f!.fix, { range: [10, 13], text: 'new' });
  assert.is(applyEdits(src, [f!.fix!]).text, fixSource(src, 'a.py', 'python', pack).output);
});


test('a learned fix that would use a name the file does not have is refused, saying which', () => {
  const addTimeout = {
    id: 'needs-timeout',
    language: 'python',
    severity: 'warning',
    message: 'pass a timeout',
    query: '((call function: (attribute object: (identifier) @m attribute: (identifier) @f) arguments: (argument_list) @args) @match (#eq? @m "requests") (#eq? @f "get"))',
    where: [{ capture: 'args', notHas: { kind: 'identifier', text: '^timeout$' } }],
    fix: { target: 'args', template: '({{args}}, timeout=TIMEOUT)' },
    provenance: { origin: 'learned' },
    cases: { invalid: [{ code: 'requests.get(u)\n' }], valid: ['requests.get(u, timeout=3)\n'] },
  };
  const pack = packOf(addTimeout);
  const without = fixSource('import requests\nrequests.get(u)\n', 'a.py', 'python', pack);
  assert.is(without.output, 'import requests\nrequests.get(u)\n');
  assert.match(without.rejected[0]?.reason ?? '', /`TIMEOUT`, which this file does not define or import/);
  // Imported: the same fix applies. Keyword names, attributes and builtins never count.
  const withName = fixSource('import requests\nfrom app import TIMEOUT\nrequests.get(u)\n', 'a.py', 'python', pack);
  assert.is(withName.fixed.length, 1);
  assert.is(undefinedName('x = 1\n', [{ range: [0, 0], text: 'len(x.items(), key=str) or None' }], 'python'), undefined);
  assert.is(undefinedName('x = 1\n', [{ range: [0, 0], text: 'await fetchUser(x)' }], 'javascript'), 'fetchUser');
  // An edit of an attribute's name alone: the dot is in the file, not in the edit.
  const file = 'import yaml\nd = yaml.load(f)\ne = load(f)\n';
  const attribute = file.indexOf('load');
  const bare = file.lastIndexOf('load');
  assert.is(undefinedName(file, [{ range: [attribute, attribute + 4], text: 'safe_load' }], 'python'), undefined, 'yaml.safe_load: an attribute');
  assert.is(undefinedName(file, [{ range: [bare, bare + 4], text: 'safe_load' }], 'python'), 'safe_load', 'a bare call: a name the file lacks');
});

test.run();
