import { checkSource } from '../check/check-source.js';
import type { Finding, LanguageId } from '../model.js';
import { definedNames, grammarFor, parseText, type SyntaxNode } from '../parse/index.js';
import type { CompiledPack } from '../rules/compile-pack.js';
import { enclosingStatement, errorCount, verifyEdit } from './fix-source.js';

/**
 * The first line away from the finding (outside its lines) that a model patch removed, or 0.
 * Lines are compared trimmed and as a multiset, so moving or re-indenting code is allowed, and
 * only the finding's own lines may be rewritten away.
 */
function droppedLines(before: string, after: string, finding: Finding): number {
  const left = new Map<string, number>();
  for (const line of after.split('\n')) {
    const key = line.trim();
    if (key) left.set(key, (left.get(key) ?? 0) + 1);
  }
  const lines = before.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const key = (lines[i] as string).trim();
    if (!key) continue;
    const count = left.get(key) ?? 0;
    if (count > 0) left.set(key, count - 1);
    else if (i + 1 < finding.line || i + 1 > finding.endLine) return i + 1;
  }
  return 0;
}

/** A function the candidate defines more often than the file did (a model pasting the module back in). */
function addedDefinition(before: string, after: string, language: LanguageId): string | undefined {
  const was = definedNames(before, language);
  for (const [name, n] of definedNames(after, language)) if (n > (was.get(name) ?? 0)) return name;
  return undefined;
}

/** The enclosing function of a finding (else its statement): the region a model patch may rewrite. */
export function patchRegion(root: SyntaxNode, text: string, finding: Finding, functionKinds: Set<string>): [number, number] {
  const [start, end] = enclosingStatement(root, text, finding);
  let node: SyntaxNode | null = root.descendantForIndex(start, end);
  while (node && !functionKinds.has(node.type)) node = node.parent;
  return node ? [node.startIndex, node.endIndex] : [start, end];
}

/**
 * The verification of a model's candidate for one finding of `text`, as `--fix --llm` applies it:
 * no code deleted away from the finding, no function defined twice, the file still parses, the
 * finding gone and no new finding of the pack. Returns why a candidate is rejected, or undefined.
 * A finding the pack does not report (eval's held-out fix with no rule) only needs the rest.
 */
export function modelPatchVerifier(text: string, path: string, language: LanguageId, pack: CompiledPack, finding: Finding): (candidate: string) => string | undefined {
  const grammar = grammarFor(language, path);
  const before = { text, findings: checkSource(text, path, language, pack).findings };
  const errorsBefore = errorCount(parseText(grammar, text).rootNode);
  const reported = before.findings.some((f) => f.fingerprint === finding.fingerprint);
  return (candidate) => {
    const dropped = droppedLines(text, candidate, finding);
    if (dropped) return `the patch deletes code away from the finding (line ${dropped})`;
    const added = addedDefinition(text, candidate, language);
    if (added) return `the patch defines \`${added}\` a second time`;
    const after = checkSource(candidate, path, language, pack).findings;
    return verifyEdit(before, { text: candidate, findings: after }, reported ? [finding] : [], { before: errorsBefore, after: errorCount(parseText(grammar, candidate).rootNode) });
  };
}
