import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { seedOf } from '../../src/llm/build-prompt.js';
import { checkCandidate, droppedLines } from '../../src/llm/check-candidate.js';
import { patchHole, type PatchHole } from '../../src/llm/patch-hole.js';
import type { PatchRequest } from '../../src/llm/patch-types.js';
import { readCandidate } from '../../src/llm/read-candidate.js';
import type { Finding } from '../../src/model.js';

const TEXT = 'import os\n\nclass Jobs:\n    async def run(self, job):\n        job.start()\n        self.notify(job)\n        job.finish()\n        log.info(job)\n        return job\n';
const finding = (line: number, column: number, endLine = line): Finding => ({ ruleId: 'missing-await', path: 'jobs.py', line, column, endLine, endColumn: column + 5, severity: 'error', message: 'm', fingerprint: 'f' });
const request = (f: Finding, start = TEXT.indexOf('async def'), end = TEXT.length - 1): PatchRequest => ({ text: TEXT, path: 'jobs.py', language: 'python', finding: f, region: { start, end }, rules: [] });
const HOLE = patchHole(request(finding(6, 9))) as PatchHole;

test('patchHole: the region grows to its line start over indentation; the finding must be inside', () => {
  assert.is(HOLE.start, TEXT.indexOf('    async def'));
  assert.is(HOLE.text, TEXT.slice(HOLE.start, TEXT.length - 1));
  assert.is(HOLE.firstLine, 4);
  assert.equal(HOLE.findingLines, [6, 6]);
  assert.is(TEXT.slice(HOLE.findingStart, HOLE.findingStart + 11), 'self.notify');
  assert.is(TEXT.slice(HOLE.findingLineStart, HOLE.findingStart), '        ');
  assert.equal(patchHole(request(finding(1, 1))), { reason: 'the finding (line 1) is outside the region' });
  assert.equal(patchHole(request(finding(6, 9), 5, 2)), { reason: `the region [5, 2) is not inside the file (${TEXT.length} characters)` });
  // A region starting after code on its line (a statement after `if x:`) keeps its start.
  const inline = 'if ready: go()\n';
  const hole = patchHole({ ...request(finding(1, 11)), text: inline, region: { start: 10, end: 14 } }) as PatchHole;
  assert.is(hole.text, 'go()');
});

test('seedOf: the region up to the finding, with a leading API where the finding starts', () => {
  assert.is(seedOf(TEXT, HOLE, ['await']), '    async def run(self, job):\n        job.start()\n        await ');
  assert.is(seedOf(TEXT, HOLE, ['rollback']), '    async def run(self, job):\n        job.start()\n');
  const awaited = TEXT.replace('self.notify(job)', 'await self.notify(job)');
  assert.is(seedOf(awaited, patchHole({ ...request(finding(6, 9)), text: awaited }) as PatchHole, ['await']), '    async def run(self, job):\n        job.start()\n');
});

test('readCandidate: continues the prefill, or reads the block the model opened itself', () => {
  const prefill = '```python\n    async def run(self, job):\n        job.start()\n        await ';
  const rest = 'self.notify(job)\n        job.finish()\n        log.info(job)\n        return job\n```\nDone.';
  const fixed = HOLE.text.replace('self.notify', 'await self.notify');
  assert.equal(readCandidate(prefill, { content: rest, doneReason: 'stop' }, HOLE), { code: fixed });
  // No closing fence because the stop sequence ate it: fine unless num_predict cut the answer.
  assert.equal(readCandidate(prefill, { content: rest.replace(/\n```[\s\S]*$/, ''), doneReason: 'stop' }, HOLE), { code: fixed });
  assert.equal(readCandidate(prefill, { content: 'self.notify(job)\n        job.fin', doneReason: 'length' }, HOLE), { reason: 'the answer was cut off before its code block ended' });
  // Its own block, dedented as a whole: the region's indentation comes back.
  const own = '```py\nasync def run(self, job):\n    job.start()\n    await self.notify(job)\n    job.finish()\n    log.info(job)\n    return job\n```';
  assert.equal(readCandidate(prefill, { content: own, doneReason: 'stop' }, HOLE), { code: fixed });
  assert.equal(readCandidate(prefill, { content: '  \n', doneReason: 'stop' }, HOLE), { reason: 'the answer is empty' });
  assert.equal(readCandidate('', { content: 'Sure! Here is the fix.', doneReason: 'stop' }, HOLE), { reason: 'the answer is not a fenced code block' });
  assert.equal(readCandidate(prefill, { content: '```\n```', doneReason: 'stop' }, HOLE), { reason: 'the answer holds no code' });
});

test('readCandidate: CRLF files get CRLF back', () => {
  const text = 'def f():\r\n    g()\r\n    return 1\r\n';
  const hole = patchHole({ ...request(finding(2, 5)), text, region: { start: 0, end: text.length - 2 } }) as PatchHole;
  const read = readCandidate('```python\n', { content: 'def f():\n    h()\n    return 1\n```', doneReason: 'stop' }, hole);
  assert.equal(read, { code: 'def f():\r\n    h()\r\n    return 1' });
});

test('checkCandidate: no new modules (submodules of imported packages are fine)', () => {
  const ok = HOLE.text.replace('self.notify(job)', 'await self.notify(job)');
  assert.is(checkCandidate(TEXT, 'python', HOLE, ok), undefined);
  assert.is(checkCandidate(TEXT, 'python', HOLE, ok.replace('        job.start()\n', '        import os.path\n        job.start()\n')), undefined);
  assert.is(checkCandidate(TEXT, 'python', HOLE, ok.replace('        job.start()\n', '        import json\n        job.start()\n')), 'the answer imports `json`, which the file does not import');
  assert.is(checkCandidate(TEXT, 'python', HOLE, ok.replace('        job.start()\n', '        from requests import get\n        job.start()\n')), 'the answer imports `requests`, which the file does not import');
  assert.is(checkCandidate(TEXT, 'python', HOLE, ok.replace('job.start()', "__import__('pickle').loads(job)")), 'the answer imports `pickle`, which the file does not import');
  assert.is(checkCandidate(TEXT, 'python', HOLE, HOLE.text), 'the answer leaves the region as it was');
  const js = "import fs from 'node:fs';\nasync function f() {\n  g();\n}\n";
  const jsHole = patchHole({ ...request(finding(3, 3)), text: js, language: 'javascript', region: { start: js.indexOf('async'), end: js.length - 1 } }) as PatchHole;
  assert.is(checkCandidate(js, 'javascript', jsHole, "async function f() {\n  const cp = require('child_process');\n  await g();\n}"), 'the answer imports `child_process`, which the file does not import');
  assert.is(checkCandidate(js, 'javascript', jsHole, "async function f() {\n  await g(require('fs'));\n}"), undefined);
});

test('checkCandidate: at most a quarter of the lines outside the finding may go', () => {
  // Outside line 6 the region has 5 non-blank lines: def, start, finish, log, return.
  assert.equal(droppedLines(HOLE, HOLE.text), { dropped: 0, total: 5 });
  const fixed = HOLE.text.replace('self.notify(job)', 'await self.notify(job)');
  assert.is(checkCandidate(TEXT, 'python', HOLE, fixed.replace('        log.info(job)\n', '')), undefined);
  assert.is(checkCandidate(TEXT, 'python', HOLE, fixed.replace('        job.finish()\n        log.info(job)\n', '')), "the answer drops 2 of the region's 5 lines outside the finding (at most a quarter may go)");
  // The finding's own lines may change freely; re-indenting or trailing spaces lose nothing, but a
  // line whose text changed no longer counts as kept.
  assert.is(checkCandidate(TEXT, 'python', HOLE, HOLE.text.replace('        self.notify(job)\n', '        await asyncio.shield(\n            self.notify(job)\n        )\n')), undefined);
  assert.equal(droppedLines(HOLE, HOLE.text.replace('        job.finish()', '          job.finish()').replace('log.info(job)', 'log.info(job)   ')), { dropped: 0, total: 5 });
  assert.equal(droppedLines(HOLE, HOLE.text.replace('job.finish()', 'job.finish(force=True)')), { dropped: 1, total: 5 });
});

test.run();
