import type { GrammarId, SyntaxNode, SyntaxTree } from '../parse/index.js';
import type { CompiledConstraint, CompiledNodeTest, CompiledPack } from '../rules/compile-pack.js';
import { hasAsyncKeyword, passesTest, someDescendant, textPattern } from './node-test.js';

/**
 * What the checks of one file have learnt about one node. Matches of a file share most of their
 * ancestors, and every native read costs a call into the addon; `node.parent` is the dearest:
 * tree-sitter 0.25 finds a parent by descending from the root again. Each fact is read once.
 */
export interface NodeFacts {
  node: SyntaxNode;
  type: string;
  /** Unknown until asked; null at the root. */
  parent?: NodeFacts | null;
  async?: boolean;
  text?: string;
  /** Results of text tests; their regexes have no `g` or `y` flag, so a result depends only on the text. */
  tested?: Map<RegExp, boolean>;
}

/** Per-file memo of node facts and of the name sets that `textIn` constraints ask for. */
export class FileContext {
  private readonly sets = new Map<string, Set<string>>();
  /**
   * Keyed by node object: node-tree-sitter hands out the same object for a node while one is alive,
   * and this map keeps them alive. Were it to hand out another, the memo would only miss.
   */
  private readonly known = new Map<SyntaxNode, NodeFacts>();
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

  facts(node: SyntaxNode): NodeFacts {
    let facts = this.known.get(node);
    if (!facts) {
      facts = { node, type: node.type };
      this.known.set(node, facts);
    }
    return facts;
  }

  parentOf(facts: NodeFacts): NodeFacts | null {
    if (facts.parent === undefined) {
      const parent = facts.node.parent;
      facts.parent = parent ? this.facts(parent) : null;
    }
    return facts.parent;
  }
}

/** `passesTest` on remembered facts; `subject` fills `{{capture}}` placeholders. */
function passesOn(facts: NodeFacts, test: CompiledNodeTest, subject: SyntaxNode): boolean {
  if (test.kinds && !test.kinds.has(facts.type)) return false;
  if (test.async !== undefined && (facts.async ??= hasAsyncKeyword(facts.node)) !== test.async) return false;
  const regex = textPattern(test, subject);
  if (regex) {
    facts.tested ??= new Map();
    let result = facts.tested.get(regex);
    if (result === undefined) {
      result = regex.test((facts.text ??= facts.node.text));
      facts.tested.set(regex, result);
    }
    if (!result) return false;
  }
  return true;
}

function isInside(node: SyntaxNode, constraint: Extract<CompiledConstraint, { kind: 'inside' | 'notInside' }>, context: FileContext): boolean {
  for (let up = context.parentOf(context.facts(node)); up; up = context.parentOf(up)) {
    if (passesOn(up, constraint.test, node)) return true;
    if (constraint.stopAt.has(up.type)) return false;
  }
  return false;
}

function laterSibling(node: SyntaxNode, test: CompiledNodeTest): boolean {
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
      return isInside(node, constraint, context);
    case 'notInside':
      return !isInside(node, constraint, context);
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
