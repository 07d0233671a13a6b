import type { SyntaxNode } from '../parse/index.js';
import type { CompiledNodeTest } from '../rules/compile-pack.js';

export function hasAsyncKeyword(node: SyntaxNode): boolean {
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child?.type === 'async') return true;
    // The keyword comes before the body; stop at the first named child that is not a decorator.
    if (child?.type === 'def' || child?.type === 'function' || child?.type === '=>' || child?.type === 'block') break;
  }
  return false;
}

export function passesTest(node: SyntaxNode, test: CompiledNodeTest): boolean {
  if (test.kinds && !test.kinds.has(node.type)) return false;
  if (test.async !== undefined && hasAsyncKeyword(node) !== test.async) return false;
  if (test.text && !test.text.test(node.text)) return false;
  return true;
}

/** Whether some descendant of `node` (not `node` itself) passes `test`. */
export function someDescendant(node: SyntaxNode, test: CompiledNodeTest): boolean {
  if (test.kinds) {
    for (const candidate of node.descendantsOfType([...test.kinds])) {
      if (candidate.id !== node.id && passesTest(candidate, test)) return true;
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
    if (passesTest(cursor.currentNode, test)) return true;
  }
}
