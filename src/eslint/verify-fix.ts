import { checkSource } from '../check/check-source.js';
import { enclosingStatement, errorCount, undefinedName, verifyEdit } from '../fix/fix-source.js';
import type { Finding, LanguageId } from '../model.js';
import { grammarFor, parseText, type SyntaxNode } from '../parse/index.js';
import type { CompiledPack } from '../rules/compile-pack.js';

/** A file as checked: its text, findings and (parsed on demand, once) syntax tree. */
export interface CheckedFile {
  text: string;
  path: string;
  language: LanguageId;
  findings: Finding[];
  root(): SyntaxNode;
}

/**
 * Whether `finding`'s template fix, applied alone, passes the checks `attractor-lint --fix` makes
 * (`fixSource`): the edit stays inside the finding's statement, a learned fix uses no name the
 * file lacks, the result has no more syntax errors, the finding is gone and no rule fires more often. Unlike `fixSource` it reuses the
 * file's findings and tree, so a verification costs one check of the edited text.
 */
export function verifyFix(file: CheckedFile, pack: CompiledPack, finding: Finding): boolean {
  const edit = finding.fix;
  if (!edit) return false;
  const { text, path, language } = file;
  const root = file.root();
  const [from, to] = enclosingStatement(root, text, finding);
  if (edit.range[0] < from || edit.range[1] > to) return false;
  const learned = pack.source.loaded.some((rule) => rule.spec.id === finding.ruleId && rule.spec.provenance?.origin === 'learned');
  if (learned && undefinedName(text, [edit], language)) return false;
  const next = text.slice(0, edit.range[0]) + edit.text + text.slice(edit.range[1]);
  const after = checkSource(next, path, language, pack).findings;
  const errors = { before: errorCount(root), after: errorCount(parseText(grammarFor(language, path), next).rootNode) };
  return verifyEdit({ text, findings: file.findings }, { text: next, findings: after }, [finding], errors) === undefined;
}
