import type { GrammarId, SyntaxNode, SyntaxTree } from '../parse/index.js';
import type { CompiledConstraint, CompiledPack } from '../rules/compile-pack.js';
import { passesTest, someDescendant } from './node-test.js';

/** Per-file memo of the name sets that `textIn` constraints ask for. */
export class FileContext {
  private readonly sets = new Map<string, Set<string>>();
  constructor(
    readonly tree: SyntaxTree,
    readonly grammar: GrammarId,
    private readonly pack: CompiledPack,
  ) {}

  textSet(query: string, capture: string): Set<string> {
    const key = `${capture}\u0000${query}`;
    let set = this.sets.get(key);
    if (!set) {
      set = new Set();
      for (const found of this.pack.helperQuery(this.grammar, query).captures(this.tree.rootNode)) {
        if (found.name === capture) set.add(found.node.text);
      }
      this.sets.set(key, set);
    }
    return set;
  }
}

function isInside(node: SyntaxNode, constraint: Extract<CompiledConstraint, { kind: 'inside' | 'notInside' }>): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (passesTest(up, constraint.test, node)) return true;
    if (constraint.stopAt.has(up.type)) return false;
  }
  return false;
}

function laterSibling(node: SyntaxNode, test: Parameters<typeof passesTest>[1]): boolean {
  for (let next = node.nextSibling; next; next = next.nextSibling) if (passesTest(next, test, node)) return true;
  return false;
}

export function holds(constraint: CompiledConstraint, node: SyntaxNode, context: FileContext): boolean {
  switch (constraint.kind) {
    case 'is':
      return passesTest(node, constraint.test, node);
    case 'isNot':
      return !passesTest(node, constraint.test, node);
    case 'inside':
      return isInside(node, constraint);
    case 'notInside':
      return !isInside(node, constraint);
    case 'has':
      return someDescendant(node, constraint.test, node);
    case 'notHas':
      return !someDescendant(node, constraint.test, node);
    case 'followedBy':
      return laterSibling(node, constraint.test);
    case 'notFollowedBy':
      return !laterSibling(node, constraint.test);
    case 'textIn':
      return context.textSet(constraint.query, constraint.setCapture).has(node.text);
    case 'textNotIn':
      return !context.textSet(constraint.query, constraint.setCapture).has(node.text);
  }
}
