import type { PatternNode } from '../model.js';
import type { SyntaxNode } from '../parse/index.js';

/** Node types whose text is their value: kept as one leaf, never descended into. */
export const LITERAL_TYPES = new Set([
  'string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none',
  'number', 'template_string', 'regex', 'null', 'undefined', 'string_fragment',
]);

/** Containers that say little on their own; a pattern rooted at one is anchored on its parent. */
export const CONTAINER_TYPES = new Set([
  'block', 'statement_block', 'module', 'program', 'argument_list', 'arguments', 'parameters',
  'formal_parameters', 'expression_list', 'class_body', 'switch_body',
]);

const MAX_DEPTH = 10;

/**
 * Turns a tree-sitter subtree into plain data (comments dropped; literals and leaves keep text).
 * Spans are relative to `base`, the start of the edited root.
 */
export function toPatternNode(node: SyntaxNode, field?: string, depth = 0, base = node.startIndex): PatternNode {
  const out: PatternNode = { type: node.type, named: node.isNamed, span: [node.startIndex - base, node.endIndex - base] };
  if (field) out.field = field;
  if (node.childCount === 0 || LITERAL_TYPES.has(node.type)) {
    out.text = node.text;
    return out;
  }
  if (depth >= MAX_DEPTH) return out;
  const children: PatternNode[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child || child.type === 'comment') continue;
    children.push(toPatternNode(child, node.fieldNameForChild(i) ?? undefined, depth + 1, base));
  }
  out.children = children;
  return out;
}

export function countNodes(node: PatternNode): number {
  return 1 + (node.children ?? []).reduce((sum, child) => sum + countNodes(child), 0);
}

/** The leaves of a pattern, in order. */
export function leaves(node: PatternNode, out: PatternNode[] = []): PatternNode[] {
  if (!node.children || node.children.length === 0) out.push(node);
  else for (const child of node.children) leaves(child, out);
  return out;
}
