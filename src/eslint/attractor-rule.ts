import type { Rule } from 'eslint';
import { onNewLines } from '../check/new-code.js';
import type { LanguageId } from '../model.js';
import type { CompiledRule } from '../rules/compile-pack.js';
import type { FileFindings, LintedSource } from './file-findings.js';

/** What ESLint should do with a verified fix marked `unsafe` (it changes behaviour, as bug fixes do). */
export type UnsafeFixes = 'fix' | 'suggest';

export interface AttractorRuleOptions {
  /** The attractor rules with this id: one per language file (e.g. eval-exec for JS and for Python). */
  rules: CompiledRule[];
  /** The rule's documentation URL. */
  url: string;
  findingsOf(source: LintedSource, filename: string): FileFindings;
  unsafeFixes: UnsafeFixes;
}

/** The ESLint language each of our languages is linted under (JavaScript/TypeScript: ESLint's own or ours). */
const ESLINT_LANGUAGES: Record<LanguageId, string[]> = {
  javascript: ['js/js'],
  typescript: ['js/js', 'attractor/typescript'],
  python: ['attractor/python'],
};

const isUnsafe = (rule: CompiledRule): boolean => rule.fixes.some((fix) => fix.safety === 'unsafe');

/**
 * One ESLint rule for an attractor rule id. Every such rule of a pack shares one `checkSource` run
 * per file (`findingsOf`) and reports its own findings from the `Program` visitor, with the
 * finding's message, location and, when it passes verification, its template fix.
 */
export function attractorRule(options: AttractorRuleOptions): Rule.RuleModule {
  const { rules, findingsOf, unsafeFixes } = options;
  const first = rules[0] as CompiledRule;
  const languages = new Set(rules.flatMap((rule) => rule.languages));
  const suggests = unsafeFixes === 'suggest' && rules.some(isUnsafe);
  const fixes = rules.some((rule) => rule.fixes.length > 0 && !(suggests && isUnsafe(rule)));
  return {
    meta: {
      type: 'problem',
      docs: { description: first.spec.docs?.description ?? first.spec.message, url: options.url, recommended: true },
      ...(fixes ? { fixable: 'code' as const } : {}),
      ...(suggests ? { hasSuggestions: true } : {}),
      schema: [],
      messages: {
        finding: '{{message}}',
        applyFix: 'Apply the rule\'s fix (it changes behaviour: review it).',
      },
      // ESLint 10 refuses a config that enables the rule for a language it does not list.
      languages: [...new Set([...languages].flatMap((language) => ESLINT_LANGUAGES[language]))],
    },
    create(context) {
      const { sourceCode, filename } = context;
      return {
        Program() {
          const file = findingsOf(sourceCode, filename);
          const rule = rules.find((r) => r.languages.includes(file.language));
          if (!rule) return;
          const suggest = suggests && isUnsafe(rule);
          let findings = file.byRule.get(rule.id) ?? [];
          // New-code-only rules report on the lines changed against HEAD, and nothing when git cannot tell.
          if (rule.spec.newCodeOnly && findings.length) {
            const lines = file.newLines();
            findings = lines ? findings.filter((finding) => onNewLines(finding, lines)) : [];
          }
          for (const finding of findings) {
            const descriptor: Rule.ReportDescriptor = { loc: file.locationOf(finding), messageId: 'finding', data: { message: finding.message } };
            const edit = file.verifiedFix(finding);
            if (edit) {
              const fix = (fixer: Rule.RuleFixer): Rule.Fix => fixer.replaceTextRange(edit.range, edit.text);
              if (suggest) descriptor.suggest = [{ messageId: 'applyFix', fix }];
              else descriptor.fix = fix;
            }
            context.report(descriptor);
          }
        },
      };
    },
  };
}
