import type { Finding, LanguageId, TextEdit } from '../model.js';
import { grammarFor, parseText, type SyntaxNode, type SyntaxTree } from '../parse/index.js';
import type { CompiledPack, CompiledRule } from '../rules/compile-pack.js';
import { hashOf } from '../shared/hash.js';
import { SIBLING_RULE_ID } from '../siblings/sibling-rule.js';
import { FileContext, holds } from './constraints.js';
import { isSuppressed, parseSuppressions } from './suppressions.js';
import { neededRules } from './needed-rules.js';
import { rulesOfMatch, type Captures } from './rules-of-match.js';

/** Id of the pseudo-rule that reports suppression comments naming rules that do not exist. */
export const UNKNOWN_RULE_ID = 'unknown-rule-in-suppression';

export interface SourceResult {
  findings: Finding[];
  /** True when the file had syntax errors; nothing inside ERROR regions is reported. */
  partial: boolean;
  /**
   * True when matching hit the in-progress match limit or the time budget: a pattern (typically
   * many unanchored siblings) was too expensive on this file and some of its matches may be missing.
   */
  limited?: boolean;
}

/**
 * In-progress matches tree-sitter keeps per query run. Ordinary patterns stay far below it (the
 * starter pack finds exactly the same on sqlalchemy's lib/ with 256 as with no limit); a pattern
 * with several unanchored wildcard siblings returns every subsequence of a long argument list
 * (50 calls of 30 arguments: 3,600 matches in 86 ms at 32, 78,300 in 2.8 s at 256, 634,850 in
 * 114 s at 2,048). The limit bounds that work deterministically.
 */
export const MATCH_LIMIT = 256;

/**
 * A last bound on the time tree-sitter may spend matching one file, in milliseconds, for what the
 * match limit does not catch. Ordinary files take milliseconds, so in practice it never decides a
 * result; a file that reaches it is reported as `limited`. (Regexes in predicates run in
 * JavaScript and cannot be interrupted: validation refuses the usual catastrophic shapes.)
 */
export const MATCH_BUDGET_MS = 10_000;

export interface SourceOptions {
  /** Keep findings that inline comments suppress (used by rule tests). */
  ignoreSuppressions?: boolean;
  /** The text's syntax tree when the caller has parsed it already (several packs over one file). */
  tree?: SyntaxTree;
}


function fill(template: string, captures: Captures, short: boolean): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    const text = captures.get(name)?.text ?? '';
    if (!short) return text;
    const line = text.split('\n')[0] ?? '';
    return line.length > 60 || text.includes('\n') ? `${line.slice(0, 57)}...` : line;
  });
}

/** A node is unreliable when it, an ancestor, or its nearest enclosing statement failed to parse. */
function inErrorRegion(node: SyntaxNode, context: FileContext): boolean {
  if (node.hasError) return true;
  let statementSeen = false;
  for (let up = context.parentOf(context.facts(node)); up; up = context.parentOf(up)) {
    if (up.type === 'ERROR') return true;
    if (!statementSeen && /(_statement|_declaration)$/.test(up.type)) {
      if (up.node.hasError) return true;
      statementSeen = true;
    }
  }
  return false;
}

function fixFor(rule: CompiledRule, captures: Captures): TextEdit | undefined {
  for (const fix of rule.fixes) {
    if (fix.when && captures.get(fix.when.capture)?.text !== fix.when.equals) continue;
    const target = captures.get(fix.target);
    if (!target) continue;
    return { range: [target.startIndex, target.endIndex], text: fill(fix.template, captures, false) };
  }
  return undefined;
}

function toFinding(rule: CompiledRule, node: SyntaxNode, captures: Captures, path: string): Finding {
  const finding: Finding = {
    ruleId: rule.id,
    path,
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
    severity: rule.severity,
    message: fill(rule.spec.message, captures, true),
    fingerprint: '',
  };
  const fix = fixFor(rule, captures);
  if (fix) finding.fix = fix;
  return finding;
}

/**
 * The checking core: text plus compiled rules in, findings out. Pure and synchronous: it reads no
 * files, prints nothing and never awaits, so the CLI, the hook and the ESLint plugin share it.
 * `path` is only used to label findings and to pick the TSX grammar for `.tsx` files.
 */
export function checkSource(text: string, path: string, language: LanguageId, pack: CompiledPack, options: SourceOptions = {}): SourceResult {
  const grammar = grammarFor(language, path);
  const needed = neededRules(pack, language, text);
  const hasDirectives = text.includes('attractor-lint');
  if (needed.size === 0 && !hasDirectives) return { findings: [], partial: false };
  const merged = needed.size ? pack.queryFor(grammar, needed) : undefined;
  const tree = options.tree ?? parseText(grammar, text);
  const root = tree.rootNode;
  const partial = root.hasError;
  const context = new FileContext(tree, grammar, pack);
  const found: { finding: Finding; node: SyntaxNode }[] = [];
  const seen = new Set<string>();
  const started = performance.now();
  let overBudget = false;
  for (const part of merged?.parts ?? []) {
    const matches = part.query.matches(root, { matchLimit: MATCH_LIMIT, timeoutMicros: MATCH_BUDGET_MS * 1000 });
    overBudget ||= performance.now() - started >= MATCH_BUDGET_MS;
    for (const match of matches) {
      const group = part.groups[match.pattern];
      if (!group) continue;
      for (const { rule, captures } of rulesOfMatch(group, match, needed)) {
        const node = captures.get(rule.at);
        if (!node || (partial && inErrorRegion(node, context))) continue;
        if (!rule.constraints.every((c) => {
          const subject = captures.get(c.capture);
          return subject !== undefined && holds(c, subject, context);
        })) continue;
        const key = `${rule.index}:${node.startIndex}:${node.endIndex}`;
        if (seen.has(key)) continue;
        seen.add(key);
        found.push({ finding: toFinding(rule, node, captures, path), node });
      }
    }
  }

  let findings = found;
  if (!options.ignoreSuppressions && hasDirectives) {
    const suppressions = parseSuppressions(root.descendantsOfType('comment'));
    if (suppressions.length) {
      findings = found.filter(({ finding }) => !isSuppressed(suppressions, finding.ruleId, finding.line));
      for (const s of suppressions) {
        s.ruleIds.forEach((id, i) => {
          if (pack.knownIds.has(id) || id === SIBLING_RULE_ID) return;
          const column = s.idColumns[i] as number;
          findings.push({
            node: root,
            finding: {
              ruleId: UNKNOWN_RULE_ID,
              path,
              line: s.line,
              column,
              endLine: s.line,
              endColumn: column + id.length,
              severity: 'warning',
              message: `Suppression names unknown rule "${id}".`,
              fingerprint: '',
            },
          });
        });
      }
    }
  }

  findings.sort((a, b) => a.finding.line - b.finding.line || a.finding.column - b.finding.column || (a.finding.ruleId < b.finding.ruleId ? -1 : a.finding.ruleId > b.finding.ruleId ? 1 : 0));
  const occurrences = new Map<string, number>();
  for (const { finding, node } of findings) {
    const shape = finding.ruleId === UNKNOWN_RULE_ID ? finding.message : node.text.replace(/\s+/g, ' ');
    const key = `${finding.ruleId}\u0000${shape}`;
    const nth = occurrences.get(key) ?? 0;
    occurrences.set(key, nth + 1);
    finding.fingerprint = hashOf(finding.ruleId, finding.path, shape, String(nth)).slice(0, 32);
  }
  const result: SourceResult = { findings: findings.map((f) => f.finding), partial };
  if (overBudget || merged?.parts.some((part) => part.query.didExceedMatchLimit())) result.limited = true;
  return result;
}
