import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { extractEdits } from '../../src/learn/extract-edits.js';
import { generalise, ruleIdFor, uniqueRuleIds, type Candidate } from '../../src/learn/generalise.js';
import { clusterEdits } from '../../src/learn/sources/recurring-fixes/cluster-edits.js';
import { coarseSignature } from '../../src/learn/signature.js';
import { checkableRules, ruleFileName, writePack } from '../../src/learn/write-pack.js';
import type { EditPattern, RuleSpec } from '../../src/model.js';
import { compilePack } from '../../src/rules/compile-pack.js';
import { BUILTIN_RULES_DIR, loadRuleDir } from '../../src/rules/load-rules.js';
import { validatePack } from '../../src/rules/probe-regexes.js';
import { RULE_ID_PATTERN } from '../../src/rules/validate-spec.js';

let clock = 1_700_000_000;
/** The edits of one fix commit that changes `before` into `after` in `path`. */
function fixEdits(sha: string, path: string, before: string, after: string): EditPattern[] {
  clock += 86_400;
  return extractEdits({
    commit: { sha: sha.padEnd(40, '0'), parents: ['f'.repeat(40)], authorEmail: 'dev@example.com', time: clock, message: `Fix ${sha}` },
    path,
    language: 'python',
    before,
    after,
    evidence: { touchesTests: false, redToGreen: [] },
  });
}

const numpyModule = (line: string): string => `import numpy as np\n\n\ndef load(table, rows):\n    ${line}\n    return out\n`;

/**
 * Two clusters whose keys are the same string: the exact signature of the first (`.dtype` read
 * and dropped, twice) is `call>call -api:dtype +`, and so is the coarse signature of the second
 * (`dtype=` keyword dropped with a None and a string value: two exact signatures, one fix each).
 */
function dtypeEdits(): EditPattern[] {
  return [
    ...fixEdits('a1', 'app/a.py', numpyModule('out = np.zeros(rows.dtype)'), numpyModule('out = np.zeros(rows)')),
    ...fixEdits('b2', 'app/b.py', numpyModule('out = np.zeros(table.dtype)'), numpyModule('out = np.zeros(table)')),
    ...fixEdits('c3', 'app/c.py', numpyModule('out = np.zeros(rows, dtype=None)'), numpyModule('out = np.zeros(rows)')),
    ...fixEdits('d4', 'app/d.py', numpyModule('out = np.zeros(rows, dtype="f8")'), numpyModule('out = np.zeros(rows)')),
  ];
}

const specOf = (candidate: Candidate): RuleSpec => candidate.spec;

test('an exact-signature cluster and a coarse-signature cluster with the same key get different ids', () => {
  const edits = dtypeEdits();
  assert.is(edits.length, 4);
  const [a, b, c, d] = edits as [EditPattern, EditPattern, EditPattern, EditPattern];
  assert.is(a.signature, 'call>call -api:dtype +');
  assert.is(b.signature, a.signature);
  assert.is.not(c.signature, d.signature, 'the keyword edits differ exactly');
  assert.is(coarseSignature(c.signature), a.signature, 'and coarsely are the first cluster key');
  assert.is(coarseSignature(d.signature), a.signature);
  // What each round makes on its own: before, both were learned/remove-dtype-05bc.
  const exact = generalise([a, b]);
  const coarse = generalise([c, d], coarseSignature(c.signature));
  assert.ok(exact && coarse);
  assert.is(exact.id, 'learned/remove-dtype-05bc', 'exact-round ids are as they were (packs learned before keep them)');
  assert.match(coarse.id, /^learned\/remove-dtype-[0-9a-f]{4}$/);
  assert.is.not(coarse.id, exact.id);

  const candidates = clusterEdits(edits, 2);
  assert.is(candidates.length, 2);
  const ids = candidates.map((x) => x.id);
  assert.is(new Set(ids).size, 2, ids.join(' '));
  assert.equal(candidates.map((x) => x.spec.id), ids, 'the spec carries the candidate id');
  assert.is(new Set(ids.map(ruleFileName)).size, 2);
  // Stable across runs for the same input.
  assert.equal(clusterEdits(dtypeEdits(), 2).map((x) => x.id), ids);
  // Both rules load together, as check loads them.
  const rules = candidates.map((x) => ({ spec: specOf(x), file: ruleFileName(x.id) }));
  compilePack(rules).validate();
});

test('clusters split by callee in both rounds, with the same key and callee, get different ids', () => {
  // Round 1: `.dtype` dropped from np.zeros twice and from np.ones twice: one signature, two APIs,
  // split by callee. Round 2: the `dtype=` keyword dropped from each twice, with None and with a
  // string (round 1 groups those by value kind, one commit per API each): the same key and callees.
  const edits = [
    ...fixEdits('f1', 'app/a.py', numpyModule('out = np.zeros(rows.dtype)'), numpyModule('out = np.zeros(rows)')),
    ...fixEdits('f2', 'app/b.py', numpyModule('out = np.zeros(table.dtype)'), numpyModule('out = np.zeros(table)')),
    ...fixEdits('f3', 'app/c.py', numpyModule('out = np.ones(rows.dtype)'), numpyModule('out = np.ones(rows)')),
    ...fixEdits('f4', 'app/d.py', numpyModule('out = np.ones(table.dtype)'), numpyModule('out = np.ones(table)')),
    ...fixEdits('f5', 'app/e.py', numpyModule('out = np.zeros(rows, dtype=None)'), numpyModule('out = np.zeros(rows)')),
    ...fixEdits('f6', 'app/f.py', numpyModule('out = np.zeros(rows, dtype="f8")'), numpyModule('out = np.zeros(rows)')),
    ...fixEdits('f7', 'app/g.py', numpyModule('out = np.ones(rows, dtype=None)'), numpyModule('out = np.ones(rows)')),
    ...fixEdits('f8', 'app/h.py', numpyModule('out = np.ones(rows, dtype="f8")'), numpyModule('out = np.ones(rows)')),
  ];
  const candidates = clusterEdits(edits, 2);
  const byMembers = candidates.map((c) => `${c.members.map((m) => m.commit.slice(0, 2)).sort().join(',')} ${c.id}`).sort();
  assert.is(candidates.length, 4, byMembers.join('\n'));
  assert.equal(byMembers.map((line) => line.split(' ')[0]), ['f1,f2', 'f3,f4', 'f5,f6', 'f7,f8']);
  for (const line of byMembers) assert.match(line, / learned\/remove-dtype-(zeros|ones)-[0-9a-f]{4}$/);
  const ids = candidates.map((x) => x.id);
  assert.is(new Set(ids).size, 4, ids.join(' '));
  compilePack(candidates.map((x) => ({ spec: specOf(x), file: ruleFileName(x.id) }))).validate();
});

test('callee names with underscores or dollars make valid ids (no double dash)', () => {
  const signature = 'argument_list>argument_list - +api:stacklevel = <integer>';
  for (const callee of ['_warn', '$http', 'warn_', '__init__', 'X']) {
    const id = ruleIdFor('python', signature, callee);
    assert.ok(RULE_ID_PATTERN.test(id), id);
    assert.ok(id.startsWith('learned/missing-stacklevel-'), id);
  }
  assert.is.not(ruleIdFor('python', signature, '_warn'), ruleIdFor('python', signature, 'warn'), 'the hash still tells them apart');
  assert.is.not(ruleIdFor('python', signature), ruleIdFor('python', signature, undefined, 'coarse'));
});

test('uniqueRuleIds: a clash of ids or file names is resolved in order, the same way every time', () => {
  const [first] = clusterEdits(dtypeEdits(), 2);
  assert.ok(first);
  const copy = (idHash: string): Candidate => ({ ...first, idHash });
  const out = uniqueRuleIds([first, copy('1234abcd99'), copy('1234abcd99'), copy('feedbeef00')]);
  const ids = out.map((c) => c.id);
  assert.is(ids[0], first.id, 'the first keeps its id');
  assert.is(ids[1], 'learned/remove-dtype-1234abcd');
  assert.is(ids[2], 'learned/remove-dtype-1234abcd-2');
  assert.is(ids[3], 'learned/remove-dtype-feedbeef');
  assert.equal(out.map((c) => c.spec.id), ids);
  assert.is(new Set(ids.map((id) => ruleFileName(id).toLowerCase())).size, 4);
  for (const id of ids) assert.ok(RULE_ID_PATTERN.test(id), id);
  assert.equal(uniqueRuleIds([first, copy('1234abcd99'), copy('1234abcd99'), copy('feedbeef00')]).map((c) => c.id), ids);
  // Ids already taken elsewhere count as well.
  assert.is.not(uniqueRuleIds([first], [first.id])[0]?.id, first.id);
});

/** A small valid learned spec. */
function learnedSpec(id: string, extra: Partial<RuleSpec> = {}): RuleSpec {
  return {
    id,
    language: 'python',
    message: 'a message',
    severity: 'warning',
    query: '((call function: (identifier) @f) @match (#eq? @f "frobnicate"))',
    provenance: { origin: 'learned', commits: ['abc'], support: 2 },
    cases: { invalid: [{ code: 'frobnicate(1)\n', language: 'python' }], valid: [{ code: 'other(1)\n', language: 'python' }] },
    ...extra,
  } as RuleSpec;
}

function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'attractor-ids-'));
}

test('checkableRules keeps what check loads and names what it would refuse', () => {
  const curated = loadRuleDir(BUILTIN_RULES_DIR, { required: true });
  // Curated ids never look learned, so a learned id cannot clash with one.
  for (const rule of curated) assert.not.ok(rule.spec.id.startsWith('learned'), rule.spec.id);
  const specs = [
    learnedSpec('learned/good-0001'),
    learnedSpec('learned/good-0001', { message: 'the same id again' }),
    learnedSpec('eq-none'),
    learnedSpec('learned/bad-query-0002', { query: '((call function: (nonexistent_node) @f) @match)' }),
    learnedSpec('learned/no-valid-case-0003', { cases: { invalid: [{ code: 'frobnicate(1)\n', language: 'python' }], valid: [] } }),
    // Passes the static check, but the probe check runs finds it backtracking without end.
    learnedSpec('learned/slow-regex-0004', { where: [{ capture: 'match', has: { kind: 'identifier', text: '^(a|aa)+$' } }] } as Partial<RuleSpec>),
    learnedSpec('learned/good-0005'),
  ];
  const { specs: kept, refused } = checkableRules(specs, curated);
  assert.equal(kept.map((s) => s.id), ['learned/good-0001', 'learned/good-0005']);
  assert.is(kept[0]?.message, 'a message', 'the first of two with one id is kept');
  assert.equal(refused.map((r) => r.id), ['eq-none', 'learned/bad-query-0002', 'learned/good-0001', 'learned/no-valid-case-0003', 'learned/slow-regex-0004']);
  const why = new Map(refused.map((r) => [r.id, r.reason]));
  assert.match(why.get('learned/good-0001') ?? '', /already defined in good-0001\.json/);
  assert.match(why.get('learned/bad-query-0002') ?? '', /query/);
  assert.match(why.get('learned/no-valid-case-0003') ?? '', /cases\.valid/);
  assert.match(why.get('learned/slow-regex-0004') ?? '', /exponential/);
  // What is kept, written and read back as check reads it, passes check's validation.
  const dir = tempFolder();
  try {
    writePack(dir, kept);
    validatePack(compilePack([...curated, ...loadRuleDir(dir, { required: true })]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writePack never writes one id or one file name twice, nor an id a file it does not own declares', () => {
  const dir = tempFolder();
  try {
    // Added by hand: a rule file with a learned id, under a name learn would not give it.
    writeFileSync(join(dir, 'mine.json'), JSON.stringify(learnedSpec('learned/taken-0009'), null, 2));
    const changes = writePack(dir, [
      learnedSpec('learned/twice-0001'),
      learnedSpec('learned/twice-0001', { message: 'again' }),
      learnedSpec('learned/x-a-b'),
      learnedSpec('x/a-b'),
      learnedSpec('learned/taken-0009'),
      learnedSpec('learned/fine-0002'),
    ]);
    assert.equal(changes.promoted, ['learned/fine-0002', 'learned/twice-0001', 'learned/x-a-b']);
    assert.equal(changes.refused.map((r) => r.id).sort(), ['learned/taken-0009', 'learned/twice-0001', 'x/a-b']);
    assert.match(changes.refused.find((r) => r.id === 'learned/taken-0009')?.reason ?? '', /already defined in mine\.json/);
    assert.match(changes.refused.find((r) => r.id === 'x/a-b')?.reason ?? '', /x-a-b\.json is already written for learned\/x-a-b/);
    const files = readdirSync(dir).filter((f) => !f.startsWith('_')).sort();
    assert.equal(files, ['fine-0002.json', 'mine.json', 'twice-0001.json', 'x-a-b.json']);
    const ids = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).id as string);
    assert.is(new Set(ids).size, ids.length, ids.join(' '));
    assert.is(JSON.parse(readFileSync(join(dir, 'twice-0001.json'), 'utf8')).message, 'a message');
    compilePack(loadRuleDir(dir, { required: true })).validate();
    // A rerun with the same input writes nothing new.
    const again = writePack(dir, [learnedSpec('learned/twice-0001'), learnedSpec('learned/x-a-b'), learnedSpec('learned/fine-0002')]);
    assert.equal(again.unchanged, ['learned/fine-0002', 'learned/twice-0001', 'learned/x-a-b']);
    assert.equal(again.refused, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writePack: a file learn wrote for one id and now owed to another is rewritten, and the first id retired', () => {
  const dir = tempFolder();
  try {
    assert.equal(writePack(dir, [learnedSpec('x/a-b')]).promoted, ['x/a-b']);
    const changes = writePack(dir, [learnedSpec('learned/x-a-b')]);
    assert.equal(changes.promoted, ['learned/x-a-b']);
    assert.equal(changes.retired, ['x/a-b']);
    assert.equal(readdirSync(dir).sort(), ['_pack.json', 'x-a-b.json']);
    assert.is(JSON.parse(readFileSync(join(dir, 'x-a-b.json'), 'utf8')).id, 'learned/x-a-b');
    const state = JSON.parse(readFileSync(join(dir, '_pack.json'), 'utf8'));
    assert.equal(Object.fromEntries(Object.entries(state.rules).map(([id, e]) => [id, (e as { status: string }).status])), { 'learned/x-a-b': 'active', 'x/a-b': 'retired' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
