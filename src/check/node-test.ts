import type { SyntaxNode } from '../parse/index.js';
import type { CompiledNodeTest } from '../rules/compile-pack.js';
import { CAPTURE_PLACEHOLDER } from '../rules/validate-spec.js';

const built = new Map<string, RegExp>();

/**
 * The regex of a test's text; `{{capture}}` placeholders become the escaped text of `subject`
 * (read only when needed: `node.text` copies the source out of the native tree).
 */
export function textPattern(test: CompiledNodeTest, subjectNode: SyntaxNode | undefined): RegExp | undefined {
  if (test.text || test.textTemplate === undefined) return test.text;
  const subject = subjectNode?.text ?? '';
  const key = `${test.textTemplate}\u0000${subject}`;
  let regex = built.get(key);
  if (!regex) {
    const literal = subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    regex = new RegExp(test.textTemplate.replace(CAPTURE_PLACEHOLDER, () => literal));
    if (built.size >= 500) built.clear();
    built.set(key, regex);
  }
  return regex;
}

export function hasAsyncKeyword(node: SyntaxNode): boolean {
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child?.type === 'async') return true;
    // The keyword comes before the body; stop at the first named child that is not a decorator.
    if (child?.type === 'def' || child?.type === 'function' || child?.type === '=>' || child?.type === 'block') break;
  }
  return false;
}

/** `subject`: the constraint's captured node, whose text fills `{{capture}}` placeholders. */
export function passesTest(node: SyntaxNode, test: CompiledNodeTest, subject?: SyntaxNode): boolean {
  if (test.kinds && !test.kinds.has(node.type)) return false;
  if (test.async !== undefined && hasAsyncKeyword(node) !== test.async) return false;
  const text = textPattern(test, subject);
  if (text && !text.test(node.text)) return false;
  return true;
}

/** Whether some descendant of `node` (not `node` itself) passes `test`. */
export function someDescendant(node: SyntaxNode, test: CompiledNodeTest, subject?: SyntaxNode): boolean {
  if (test.kinds) {
    for (const candidate of node.descendantsOfType([...test.kinds])) {
      if (candidate.id !== node.id && passesTest(candidate, test, subject)) return true;
    }
    return false;
  }
  const cursor = node.walk();
  let depth = 0;
  for (;;) {
    if (cursor.gotoFirstChild()) depth++;
    else {
      while (depth > 0 && !cursor.gotoNextSibling()) {
        cursor.gotoParent();
        depth--;
      }
      if (depth === 0) return false;
    }
    if (passesTest(cursor.currentNode, test, subject)) return true;
  }
}
