import type { QueryMatch, SyntaxNode } from '../parse/index.js';
import type { CompiledRule, PatternGroup, ShapeMember } from '../rules/compile-pack.js';

/** A rule's captures by its own names: the first node of each. */
export type Captures = Map<string, SyntaxNode>;

/**
 * The rules a match of a shared pattern belongs to (see rules/pattern-shape.ts), with their
 * captures under their own names. A rule's literals hold as tree-sitter's `#eq?` holds: every node
 * of the capture has that text (so also when the capture matched no node).
 */
export function rulesOfMatch(group: PatternGroup, match: QueryMatch, needed: Set<number>): { rule: CompiledRule; captures: Captures }[] {
  const nodes = new Map<string, SyntaxNode[]>();
  for (const { name, node } of match.captures) {
    const list = nodes.get(name);
    if (list) list.push(node);
    else nodes.set(name, [node]);
  }
  // Node texts are read only for rules with literals (most of a curated pack has none).
  let texts: Map<SyntaxNode, string> | undefined;
  const textOf = (node: SyntaxNode): string => {
    texts ??= new Map();
    let text = texts.get(node);
    if (text === undefined) {
      text = node.text;
      texts.set(node, text);
    }
    return text;
  };
  const members: ShapeMember[] = group.keyed.size === 0 ? group.always : [...group.always];
  for (const [capture, index] of group.keyed) {
    const list = nodes.get(capture);
    if (!list) {
      for (const some of index.values()) members.push(...some);
      continue;
    }
    const text = textOf(list[0] as SyntaxNode);
    if (list.every((node) => textOf(node) === text)) members.push(...(index.get(text) ?? []));
  }
  const out: { rule: CompiledRule; captures: Captures }[] = [];
  for (const member of members) {
    if (!needed.has(member.rule.index)) continue;
    if (!member.literals.every(({ capture, literal }) => (nodes.get(capture) ?? []).every((node) => textOf(node) === literal))) continue;
    const captures: Captures = new Map();
    for (const [name, list] of nodes) captures.set(member.names ? (member.names[Number(name.slice(1))] as string) : name, list[0] as SyntaxNode);
    out.push({ rule: member.rule, captures });
  }
  return out;
}
