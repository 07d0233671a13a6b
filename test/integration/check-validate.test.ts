import { test } from 'uvu';
import * as assert from 'uvu/assert';
// The built modules, as the CLI runs them: a worker thread loads dist/check/check-worker.js.
import { checkFiles } from '../../dist/check/check-files-parallel.js';
import { compilePack } from '../../dist/rules/compile-pack.js';
import { validateRuleSpec } from '../../dist/rules/validate-spec.js';
import { AttractorError } from '../../dist/shared/errors.js';
import type { SourceFile } from '../../src/files/source-file.js';

/** A pack compiled lazily, as the CLI compiles it: nothing is validated yet. */
function lazyPack(...specs: Record<string, unknown>[]) {
  const loaded = specs.map((spec, i) => ({
    file: `inline-${i}.json`,
    spec: validateRuleSpec({ provenance: { origin: 'curated' }, cases: { invalid: ['x'], valid: ['y'] }, severity: 'warning', ...spec }, `inline-${i}.json`),
  }));
  return compilePack(loaded, { eager: false });
}

/** Enough in-memory Python files for the worker threads to be used. */
function files(count: number): SourceFile[] {
  return Array.from({ length: count }, (_, i) => {
    const bytes = Buffer.from(`def f_${i}(x):\n    risky_${i % 5}(x)\n    safe(x)\n`);
    return { id: `pkg/mod_${i}.py`, display: `pkg/mod_${i}.py`, language: 'python', load: () => ({ bytes }) };
  });
}

const RISKY = { id: 'call-risky', language: 'python', message: 'risky {{fn}}', query: '((call function: (identifier) @fn) @match (#match? @fn "^risky_"))' };
// Does not compile (no such node type), but no file contains its literal, so checking never compiles it.
const BROKEN = { id: 'broken', language: 'python', message: 'm', query: '((no_such_node (identifier) @fn) @match (#eq? @fn "zzz_never"))' };

for (const jobs of [1, 2]) {
  test(`validate: a rule that does not compile is reported even when no file needs it (jobs ${jobs})`, async () => {
    const pack = lazyPack(RISKY, BROKEN);
    const unvalidated = await checkFiles(files(200), pack, { maxFileSize: 1e6, jobs });
    assert.is(unvalidated.findings.length, 200);
    try {
      await checkFiles(files(200), lazyPack(RISKY, BROKEN), { maxFileSize: 1e6, jobs, validate: true });
      assert.unreachable('validation should have failed');
    } catch (error) {
      assert.instance(error, AttractorError);
      assert.is((error as AttractorError).code, 'bad-rule');
      assert.match((error as AttractorError).message, /inline-1\.json: query: unknown node type "no_such_node"/);
    }
  });
}

test('validate: when a file needs a rule that does not compile, the error is the one validation gives', async () => {
  // Needed by every file ("safe"), so the main thread's own compiling fails too, but on this rule;
  // validation compiles every rule and names BROKEN, which comes first.
  const needed = { id: 'broken-needed', language: 'python', message: 'm', query: '((also_no_such_node (identifier) @fn) @match (#eq? @fn "safe"))' };
  let expected = '';
  try {
    lazyPack(RISKY, BROKEN, needed).validate();
  } catch (error) {
    expected = (error as Error).message;
  }
  assert.match(expected, /inline-1\.json/);
  for (const jobs of [1, 2]) {
    try {
      await checkFiles(files(200), lazyPack(RISKY, BROKEN, needed), { maxFileSize: 1e6, jobs, validate: true });
      assert.unreachable('validation should have failed');
    } catch (error) {
      assert.instance(error, AttractorError);
      assert.is((error as AttractorError).message, expected, `jobs ${jobs}`);
    }
  }
});

test('validate: a valid pack checks as without validation, with workers and without', async () => {
  const expected = (await checkFiles(files(200), lazyPack(RISKY), { maxFileSize: 1e6, jobs: 1 })).findings;
  for (const jobs of [1, 2, 3]) {
    const { findings } = await checkFiles(files(200), lazyPack(RISKY), { maxFileSize: 1e6, jobs, validate: true });
    assert.equal(findings, expected);
  }
});

test.run();
