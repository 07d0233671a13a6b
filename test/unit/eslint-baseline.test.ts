import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eslintRecommended } from '../../src/eslint/recommended-baseline.js';

const lint = eslintRecommended();

test('ESLint is installed here, so the baseline exists', () => {
  assert.type(lint, 'function');
});

test('recommended rules fire, keyed by rule and message with names blanked', () => {
  const findings = lint!(`const a = 1;\nif (a = 2) {}\nif (typeof a === 'strng') {}\nfunction f(x) { return; x(); }\n`, 'src/a.js');
  const keys = findings.map((f) => `${f.line} ${f.key}`);
  assert.ok(keys.some((k) => k.startsWith('2 no-cond-assign:')), keys.join('\n'));
  assert.ok(keys.some((k) => k.startsWith('3 valid-typeof:')), keys.join('\n'));
  assert.ok(keys.some((k) => k.startsWith('4 no-unreachable:')), keys.join('\n'));
  assert.ok(findings.every((f) => !/'[^_']+'/.test(f.key)), 'quoted names are blanked');
});

test('Node, CommonJS and browser globals are known; modules and JSX parse', () => {
  const cjs = lint!(`const fs = require('fs');\nmodule.exports = () => [fs, process.env.X, Buffer.from(''), window.location, __dirname, setTimeout];\n`, 'lib/a.cjs');
  assert.equal(cjs, []);
  assert.equal(lint!(`import x from './x.js';\nexport const y = await x();\n`, 'src/m.mjs'), []);
  assert.equal(lint!(`export const A = () => <div>{1}</div>;\n`, 'src/a.jsx'), []);
  const undef = lint!(`module.exports = () => notDefinedAnywhere;\n`, 'lib/b.js');
  assert.equal(undef.map((f) => f.key), ["no-undef: '_' is not defined."]);
});

test('a file that does not parse gives no findings (and no crash)', () => {
  assert.equal(lint!('function (\n', 'src/broken.js'), []);
});

test.run();
