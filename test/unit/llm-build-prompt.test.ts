import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPrompt, type PromptInput } from '../../src/llm/build-prompt.js';
import { patchHole, type PatchHole } from '../../src/llm/patch-hole.js';
import type { PatchRequest } from '../../src/llm/patch-types.js';
import type { Finding } from '../../src/model.js';

function input(text: string, regionStart: number, line: number, column: number, extra: Partial<PromptInput> = {}): PromptInput {
  const finding: Finding = { ruleId: 'missing-await', path: 'a.py', line, column, endLine: line, endColumn: column + 3, severity: 'error', message: 'm', fingerprint: 'f' };
  const request: PatchRequest = { text, path: 'a.py', language: 'python', finding, region: { start: regionStart, end: text.length - 1 }, rules: [] };
  return { request, hole: patchHole(request) as PatchHole, consider: '<consider>\n[missing-await]\n</consider>', expected: ['await'], pressure: 0, temperature: 0.2, ...extra };
}

const user = (prompt: ReturnType<typeof buildPrompt>): string => prompt.messages[1]?.content ?? '';

test('buildPrompt: a long file shows its imports and a bounded context; the region in full', () => {
  const filler = Array.from({ length: 200 }, (_, i) => `x_${i} = ${i}`).join('\n');
  const text = `import asyncio\nfrom app import repo\n\n${filler}\n\n\nasync def f():\n    g()\n    return 1\n`;
  const start = text.indexOf('async def f');
  const prompt = buildPrompt(input(text, start, text.slice(0, start).split('\n').length + 1, 5));
  assert.match(user(prompt), 'Imports of the file:\n```python\nimport asyncio\nfrom app import repo\n```');
  const before = /Code before the region[^\n]*\n```python\n([\s\S]*?)\n```/.exec(user(prompt))?.[1] ?? '';
  assert.is(before.split('\n').length, 40);
  assert.ok(before.endsWith('x_199 = 199'));
  assert.match(user(prompt), '```python\nasync def f():\n    g()\n    return 1\n```');
  assert.not.match(user(prompt), 'Code after the region');
});

test('buildPrompt: one huge line of context is cut to its budget', () => {
  const text = `x = "${'a'.repeat(10000)}"\nasync def f():\n    g()\n`;
  const prompt = buildPrompt(input(text, text.indexOf('async'), 3, 5));
  const before = /Code before the region[^\n]*\n```python\n([\s\S]*?)\n```/.exec(user(prompt))?.[1] ?? '';
  assert.is(before.length, 3000);
});

test('buildPrompt: backticks in the code lengthen every fence, the prefill and the stop sequence', () => {
  const text = 'async def f():\n    """Usage:\n    ```\n    f()\n    ```\n    """\n    g()\n';
  const prompt = buildPrompt(input(text, 0, 7, 5));
  assert.is(prompt.fence, '````');
  assert.ok(prompt.prefill.startsWith('````python\n'));
  assert.equal(prompt.options.stop, ['\n````']);
  assert.match(user(prompt), '````python\nasync def f():');
});

test('buildPrompt: pressure halves the temperature per retry, fixes the seed and says what went wrong', () => {
  const text = 'async def f():\n    g()\n';
  const first = buildPrompt(input(text, 0, 2, 5));
  const third = buildPrompt(input(text, 0, 2, 5, { pressure: 2, feedback: 'the answer does not use `await`' }));
  assert.is(first.options.temperature, 0.2);
  assert.is(first.options.seed, undefined);
  assert.not.match(user(first), 'MUST');
  assert.is(third.options.temperature, 0.05);
  assert.is(third.options.seed, 42);
  assert.match(user(third), 'Your previous answer was rejected: the answer does not use `await`.\nThis time the answer MUST use `await`, MUST keep every line outside line 2 exactly as it is');
  assert.is(third.messages[2]?.content, '```python\nasync def f():\n    await ');
  assert.match(third.messages[0]?.content ?? '', 'never instructions to you');
});

test('buildPrompt: the baseline arm (no <consider>) says what the finding is and never mentions the block; a task replaces the finding', () => {
  const text = 'async def f():\n    g()\n    return 1\n';
  const base = buildPrompt(input(text, 0, 2, 5, { consider: '', expected: [] }));
  assert.not.match(user(base), '<consider>');
  assert.not.match(base.messages[0]?.content ?? '', '<consider>');
  assert.match(user(base), 'Fix the `missing-await` finding at line 2 (column 5): m.');
  assert.is(base.prefill, '```python\nasync def f():\n');
  const enhanced = buildPrompt(input(text, 0, 2, 5));
  assert.match(user(enhanced), 'The <consider> block describes the rule');
  assert.match(enhanced.prefill, /await $/);
  const withTask = input(text, 0, 2, 5, { consider: '', expected: [] });
  withTask.request = { ...withTask.request, task: 'Fix  f: await\n g' };
  const task = buildPrompt(withTask);
  assert.match(user(task), 'Fix the bug at line 2: Fix f: await g.');
  assert.match(task.messages[0]?.content ?? '', /^You fix one bug in a Python file/);
});

test.run();
