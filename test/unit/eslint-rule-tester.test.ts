// ESLint's own RuleTester on the plugin's rules, with test cases generated from every curated
// rule's cases: invalid snippets must report what the engine finds (message and full location,
// through ESLint's position mapping) and, for fixable rules, fix to the case's `output`; valid
// snippets must stay silent. JavaScript runs under ESLint's JavaScript language (espree);
// TypeScript and Python under the plugin's `attractor/typescript` and `attractor/python`.
import { RuleTester } from 'eslint';
import { test } from 'uvu';
import { checkSource } from '../../src/check/check-source.js';
import plugin from '../../src/eslint/plugin.js';
import { eslintRuleName } from '../../src/eslint/eslint-rule-name.js';
import type { LanguageId, RuleCase } from '../../src/model.js';
import { builtinPack } from '../helpers/pack.js';

RuleTester.describe = (_name: string, fn: () => void) => fn();
RuleTester.it = (name: string, fn: () => void) => test(name, fn);
RuleTester.itOnly = (name: string, fn: () => void) => test.only(name, fn);

const pack = builtinPack();
const FILENAME: Record<LanguageId, string> = { javascript: 'case.js', typescript: 'case.ts', python: 'case.py' };
const testers: Record<LanguageId, RuleTester> = {
  javascript: new RuleTester({ plugins: { attractor: plugin } }),
  typescript: new RuleTester({ plugins: { attractor: plugin }, language: 'attractor/typescript' }),
  python: new RuleTester({ plugins: { attractor: plugin }, language: 'attractor/python' }),
};

/** What the engine itself reports for the rule: the oracle for the ESLint adapter. */
function expectedErrors(id: string, testCase: RuleCase, language: LanguageId): RuleTester.TestCaseError[] {
  return checkSource(testCase.code, FILENAME[language], language, pack)
    .findings.filter((f) => f.ruleId === id)
    .map((f) => ({ message: f.message, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn }));
}

for (const rule of pack.rules) {
  const name = eslintRuleName(rule.id);
  const eslintRule = plugin.rules[name];
  if (!eslintRule) throw new Error(`no ESLint rule ${name}`);
  for (const language of rule.languages) {
    const mine = (c: RuleCase): boolean => (c.language ?? rule.languages[0]) === language;
    const invalid = rule.spec.cases.invalid.filter(mine);
    const valid = rule.spec.cases.valid.filter(mine);
    if (invalid.length + valid.length === 0) continue;
    testers[language].run(`${name} (${language})`, eslintRule, {
      valid: valid.map((c) => ({ code: c.code, filename: FILENAME[language] })),
      invalid: invalid.map((c) => ({
        code: c.code,
        filename: FILENAME[language],
        output: c.output ?? null,
        errors: expectedErrors(rule.id, c, language),
      })),
      assertionOptions: { requireLocation: true },
    });
  }
}

// Hand-written: columns count UTF-16 units, as ESLint does: "é😀" is 4 of them (3 code points).
testers.javascript.run('missing-await (positions after non-ASCII text)', plugin.rules['missing-await'] as never, {
  valid: [],
  invalid: [
    {
      code: 'async function save() {}\nasync function main() {\n  const s = "é😀"; save();\n}\n',
      output: 'async function save() {}\nasync function main() {\n  const s = "é😀"; await save();\n}\n',
      errors: [{ messageId: 'finding', line: 3, column: 20, endLine: 3, endColumn: 26 }],
    },
  ],
});

testers.python.run('eq-none (python, CRLF line ends)', plugin.rules['eq-none'] as never, {
  valid: ['if x is None:\r\n    pass\r\n'],
  invalid: [
    {
      code: 'y = 1\r\nif x != None:\r\n    pass\r\n',
      output: 'y = 1\r\nif x is not None:\r\n    pass\r\n',
      errors: [{ messageId: 'finding', line: 2, column: 4, endLine: 2, endColumn: 13 }],
    },
  ],
});

test.run();
