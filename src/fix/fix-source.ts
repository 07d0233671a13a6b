import { checkSource } from '../check/check-source.js';
import type { Finding, LanguageId, TextEdit } from '../model.js';
import { grammarFor, parseText, type SyntaxNode } from '../parse/index.js';
import type { CompiledPack } from '../rules/compile-pack.js';
import { applyEdits } from './apply-edits.js';
import { isKnownName } from './known-names.js';

export interface FixOutcome {
  output: string;
  /** Findings whose fix was applied and verified. */
  fixed: Finding[];
  /** Findings with a fix that failed verification, with the reason. */
  rejected: { finding: Finding; reason: string }[];
  /** What is left after fixing. */
  remaining: Finding[];
}

/** ERROR and MISSING nodes under `node`: a fix may not add any. */
export function errorCount(node: SyntaxNode): number {
  if (!node.hasError) return 0;
  let count = node.isError || node.isMissing ? 1 : 0;
  for (const child of node.children) count += errorCount(child);
  return count;
}

/** Parents whose children are statements: a fix may not reach past the statement it is in. */
const STATEMENT_PARENTS = new Set(['module', 'block', 'program', 'statement_block', 'class_body', 'switch_case', 'switch_default']);

/** Character offset of a finding's 1-based line and column in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset + column - 1;
}

/** The range of the statement that encloses a finding (the whole file when there is none). */
export function enclosingStatement(root: SyntaxNode, text: string, finding: Finding): [number, number] {
  const start = offsetOf(text, finding.line, finding.column);
  const end = Math.max(start, offsetOf(text, finding.endLine, finding.endColumn));
  let node: SyntaxNode | null = root.descendantForIndex(start, end);
  while (node?.parent && !STATEMENT_PARENTS.has(node.parent.type)) node = node.parent;
  return node && node !== root ? [node.startIndex, node.endIndex] : [0, text.length];
}

/**
 * A name the edits bring in that the file never mentions and the language does not provide: a
 * template written for another file (`timeout=TIMEOUT` where TIMEOUT is not imported) would turn
 * a finding into a NameError. Attributes (after a dot) and keyword or assignment targets (before
 * a single `=`) are not references.
 */
export function undefinedName(before: string, edits: TextEdit[], language: LanguageId): string | undefined {
  if (edits.length === 0) return undefined;
  const words = new Set(before.match(/[A-Za-z_$][\w$]*/g) ?? []);
  for (const edit of edits) {
    for (const m of edit.text.matchAll(/[A-Za-z_$][\w$]*/g)) {
      const name = m[0];
      const at = m.index as number;
      if (words.has(name) || isKnownName(language, name)) continue;
      // What stands around the name once the edit is made: an edit that replaces `load` in
      // `yaml.load(f)` brings an attribute, though its own text has no dot.
      const lead = before.slice(Math.max(0, edit.range[0] - 80), edit.range[0]) + edit.text.slice(0, at);
      const tail = edit.text.slice(at + name.length) + before.slice(edit.range[1], edit.range[1] + 80);
      if (/\.\s*$/.test(lead) || /^\s*=(?!=)/.test(tail)) continue;
      // Inside a string literal of the inserted text: not a reference.
      const quotes = (edit.text.slice(0, at).match(/["'`]/g) ?? []).length;
      if (quotes % 2 === 1) continue;
      return name;
    }
  }
  return undefined;
}

function countByRule(findings: Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}

/**
 * Why applying `edits` (all from `fixedFindings`) to `before` would make things worse, or undefined
 * when the result re-parses with no new syntax errors, every fixed finding is gone and no rule fires
 * more often than before.
 */
export function verifyEdit(
  before: { text: string; findings: Finding[] },
  after: { text: string; findings: Finding[] },
  fixedFindings: Finding[],
  grammarErrors: { before: number; after: number },
): string | undefined {
  if (grammarErrors.after > grammarErrors.before) return 'the fixed code does not parse';
  const was = countByRule(before.findings);
  const now = countByRule(after.findings);
  const expectedDrop = countByRule(fixedFindings);
  for (const [ruleId, count] of now) {
    const limit = (was.get(ruleId) ?? 0) - (expectedDrop.get(ruleId) ?? 0);
    if (count > limit) return expectedDrop.has(ruleId) && count >= (was.get(ruleId) ?? 0) ? `the fix does not silence ${ruleId}` : `the fix introduces a new ${ruleId} finding`;
  }
  return undefined;
}

/**
 * Applies the template fixes of `text`'s findings, verifying every pass and retrying edits one by
 * one when a batch fails. `only` limits fixing to some rule ids, `allow` to some findings (e.g. safe
 * fixes). `checkNames` (off for rule cases, which are snippets without their imports) rejects a
 * learned fix that uses a name the file does not have. An edit that reaches outside its finding's enclosing statement is rejected. Bounded to
 * 10 passes.
 */
export function fixSource(text: string, path: string, language: LanguageId, pack: CompiledPack, only?: Set<string>, allow?: (finding: Finding) => boolean, checkNames = true): FixOutcome {
  const grammar = grammarFor(language, path);
  const errorsOf = (source: string): number => errorCount(parseText(grammar, source).rootNode);
  // Learned templates may carry a name from the files they were learned from (curated fixes are
  // written and tested by people): those are checked for names this file does not have.
  const learned = new Set(pack.source.loaded.filter((rule) => rule.spec.provenance?.origin === 'learned').map((rule) => rule.spec.id));
  const outside = (root: SyntaxNode, source: string, f: Finding): boolean => {
    const [from, to] = enclosingStatement(root, source, f);
    const edit = f.fix as TextEdit;
    return edit.range[0] < from || edit.range[1] > to;
  };
  const fixed: Finding[] = [];
  const rejected: { finding: Finding; reason: string }[] = [];
  const rejectedKeys = new Set<string>();
  let current = text;
  let currentErrors = errorsOf(text);
  let findings = checkSource(current, path, language, pack).findings;
  for (let pass = 0; pass < 10; pass++) {
    const wanted = findings.filter((f) => f.fix && (!only || only.has(f.ruleId)) && (!allow || allow(f)) && !rejectedKeys.has(f.fingerprint));
    const root = parseText(grammar, current).rootNode;
    const fixable = wanted.filter((f) => !outside(root, current, f));
    for (const f of wanted) {
      if (fixable.includes(f)) continue;
      rejected.push({ finding: f, reason: 'the fix reaches outside the statement it is in' });
      rejectedKeys.add(f.fingerprint);
    }
    if (fixable.length === 0) break;
    const tryEdits = (group: Finding[]): boolean => {
      const { text: next, applied } = applyEdits(current, group.map((f) => f.fix as TextEdit));
      const used = group.filter((f) => applied.includes(f.fix as TextEdit));
      if (used.length === 0) return false;
      const missing = checkNames ? undefinedName(current, used.filter((f) => learned.has(f.ruleId)).map((f) => f.fix as TextEdit), language) : undefined;
      const nextFindings = missing ? [] : checkSource(next, path, language, pack).findings;
      const nextErrors = missing ? 0 : errorsOf(next);
      const reason = missing ? `the fix uses \`${missing}\`, which this file does not define or import` : verifyEdit({ text: current, findings }, { text: next, findings: nextFindings }, used, { before: currentErrors, after: nextErrors });
      if (reason) {
        if (group.length === 1) {
          rejected.push({ finding: group[0] as Finding, reason });
          rejectedKeys.add((group[0] as Finding).fingerprint);
        }
        return false;
      }
      fixed.push(...used);
      current = next;
      currentErrors = nextErrors;
      findings = nextFindings;
      return true;
    };
    if (!tryEdits(fixable)) {
      let progressed = false;
      for (const finding of fixable) {
        if (rejectedKeys.has(finding.fingerprint)) continue;
        // Positions move after each applied edit, so only the first one-by-one success is kept per pass.
        if (tryEdits([finding])) {
          progressed = true;
          break;
        }
      }
      if (!progressed && fixable.every((f) => rejectedKeys.has(f.fingerprint))) break;
    }
  }
  return { output: current, fixed, rejected, remaining: findings };
}
