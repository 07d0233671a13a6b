import { checkSource } from '../check/check-source.js';
import { fixSource } from '../fix/fix-source.js';
import type { LanguageId, RuleCase } from '../model.js';
import { grammarFor, parseText, snippetPath } from '../parse/index.js';
import type { CompiledPack, CompiledRule } from './compile-pack.js';

export interface RuleTestResult {
  ruleId: string;
  file: string;
  cases: number;
  failures: string[];
}



function preview(code: string): string {
  const line = code.trim().split('\n')[0] ?? '';
  return JSON.stringify(line.length > 50 ? `${line.slice(0, 47)}...` : line);
}

function runCase(rule: CompiledRule, pack: CompiledPack, kind: 'invalid' | 'valid', index: number, testCase: RuleCase): string[] {
  const language = testCase.language ?? (rule.languages[0] as LanguageId);
  const path = snippetPath(language);
  const label = `${kind}[${index}] ${preview(testCase.code)}`;
  const grammar = grammarFor(language, path);
  if (parseText(grammar, testCase.code).rootNode.hasError) return [`${label}: the snippet itself does not parse as ${language}`];
  const mine = checkSource(testCase.code, path, language, pack, { ignoreSuppressions: true }).findings.filter((f) => f.ruleId === rule.id);
  if (kind === 'valid') return mine.length ? [`${label}: must not fire, but fired at line ${mine[0]?.line}`] : [];
  if (mine.length === 0) return [`${label}: must fire, but did not`];
  if (rule.fixes.length === 0) {
    return testCase.output !== undefined ? [`${label}: has an expected output but the rule has no fix`] : [];
  }
  if (testCase.output === undefined) return mine.some((f) => f.fix) ? [`${label}: the rule fixes this case; add the expected "output"`] : [];
  const outcome = fixSource(testCase.code, path, language, pack, new Set([rule.id]), undefined, false);
  const problems: string[] = [];
  for (const { reason } of outcome.rejected) problems.push(`${label}: fix rejected: ${reason}`);
  if (outcome.output !== testCase.output) {
    problems.push(`${label}: fixed output differs\n      expected: ${JSON.stringify(testCase.output)}\n      actual:   ${JSON.stringify(outcome.output)}`);
  }
  if (outcome.remaining.some((f) => f.ruleId === rule.id)) problems.push(`${label}: the rule still fires after its fix`);
  return problems;
}

/**
 * Runs every rule's cases: invalid snippets must fire (and, for fixable rules, fix to the expected
 * output, re-parse and silence the rule); valid snippets must not fire.
 */
export function testRules(pack: CompiledPack, filter?: (rule: CompiledRule) => boolean): RuleTestResult[] {
  return pack.rules.filter((rule) => !filter || filter(rule)).map((rule) => {
    const failures: string[] = [];
    rule.spec.cases.invalid.forEach((c, i) => failures.push(...runCase(rule, pack, 'invalid', i, c)));
    rule.spec.cases.valid.forEach((c, i) => failures.push(...runCase(rule, pack, 'valid', i, c)));
    return { ruleId: rule.id, file: rule.file, cases: rule.spec.cases.invalid.length + rule.spec.cases.valid.length, failures };
  });
}
