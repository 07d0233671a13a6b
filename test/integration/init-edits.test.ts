// The text edits init makes to files the user owns: package.json members set with the file's own
// layout (and nothing else changed), and its block merged into an existing hook.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hookBlock } from '../../src/setup/hook-block.js';
import { mergeHookBlock } from '../../src/setup/merge-hook-block.js';
import { setJsonMember } from '../../src/setup/set-json-member.js';

test('setJsonMember adds or replaces one member, in the layout of its object', () => {
  const set = (text: string) => setJsonMember(text, ['scripts', 'prepare'], 'husky');
  assert.is(set('{\n  "name": "a",\n  "scripts": {\n    "test": "x"\n  }\n}\n'), '{\n  "name": "a",\n  "scripts": {\n    "test": "x",\n    "prepare": "husky"\n  }\n}\n');
  assert.is(set('{\n\t"name": "a"\n}\n'), '{\n\t"name": "a",\n\t"scripts": {\n\t\t"prepare": "husky"\n\t}\n}\n');
  assert.is(set('{ "name": "a", "scripts": {} }'), '{ "name": "a", "scripts": {"prepare": "husky"} }');
  assert.is(set('{\n  "scripts": { "prepare": "tsc" },\n  "x": [1, {"scripts": {}}]\n}\n'), '{\n  "scripts": { "prepare": "husky" },\n  "x": [1, {"scripts": {}}]\n}\n');
  // A key of the same name deeper down is not the one edited.
  assert.is(set('{\n  "config": { "scripts": { "a": "b" } },\n  "scripts": {\n    "b": "c"\n  }\n}\n'), '{\n  "config": { "scripts": { "a": "b" } },\n  "scripts": {\n    "b": "c",\n    "prepare": "husky"\n  }\n}\n');
  assert.is(setJsonMember('{\n  "*.js": "eslint"\n}\n', ['*.py'], 'attractor-lint check'), '{\n  "*.js": "eslint",\n  "*.py": "attractor-lint check"\n}\n');
  // An empty multi-line object has no layout to follow: the file is rewritten with its indentation.
  assert.is(set('{\n}\n'), '{\n  "scripts": {\n    "prepare": "husky"\n  }\n}\n');
});

test('mergeHookBlock: new, appended, replaced in place, refused', () => {
  const block = hookBlock();
  assert.is((mergeHookBlock(undefined, block, '#!/bin/sh') as { text: string }).text, `#!/bin/sh\n${block}`);
  const appended = (mergeHookBlock('#!/bin/bash\nnpm test', block, '#!/bin/sh') as { text: string }).text;
  assert.is(appended, `#!/bin/bash\nnpm test\n\n${block}`);
  const old = appended.replace('ATTRACTOR_LINT=0 skips', 'OLD TEXT');
  assert.is((mergeHookBlock(`${old}echo after\n`, block, undefined) as { text: string }).text, `${appended}echo after\n`);
  assert.ok('refused' in mergeHookBlock(`${appended}${block}`, block, undefined), 'two blocks');
  assert.ok('refused' in mergeHookBlock(appended.replace('# <<< attractor-lint <<<', ''), block, undefined), 'no end marker');
  assert.ok('refused' in mergeHookBlock('#!/bin/sh\nlint || exit 1\nexit 0\n# done\n', block, undefined), 'ends with exit');
  assert.not.ok('refused' in mergeHookBlock('#!/bin/sh\nif x; then\n  exit 1\nfi\n', block, undefined), 'an exit inside a branch is fine');
  assert.ok('refused' in mergeHookBlock('#!/usr/bin/env node\nconsole.log(1)\n', block, undefined), 'not sh');
  assert.not.ok('refused' in mergeHookBlock('#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n', block, undefined), 'husky 8 style');
});

test.run();
