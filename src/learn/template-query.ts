import type { PatternNode } from '../model.js';
import { CONTAINER_TYPES, LITERAL_TYPES } from './pattern-tree.js';

/** Tokens that carry meaning in a pattern (operators, keywords); punctuation is left out. */
const SKIP_TOKENS = new Set(['(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '"', "'", '`', 'string_start', 'string_end']);

const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export interface TemplateQuery {
  query: string;
  /** Capture name of each hole that the query binds. */
  holeCaptures: Map<number, string>;
}

/**
 * Writes a template as a tree-sitter query. The root is captured as `@match` (anchored on
 * `anchorType` when the root is a bare container such as a block); holes become `(type) @hN`
 * or `(_) @hN`; concrete identifiers and literals become `@vN` with an `#eq?` predicate.
 */
export function templateQuery(template: PatternNode, anchorType?: string): TemplateQuery {
  const predicates: string[] = [];
  const holeCaptures = new Map<number, string>();
  let values = 0;
  const render = (node: PatternNode, isRoot: boolean): string | undefined => {
    const field = node.field && !isRoot ? `${node.field}: ` : '';
    if (node.hole !== undefined) {
      if (!node.named && node.type !== '_') return undefined;
      const name = `h${node.hole}`;
      holeCaptures.set(node.hole, name);
      if (node.alternatives) predicates.push(`(#any-of? @${name} ${node.alternatives.map(quote).join(' ')})`);
      return `${field}${node.type === '_' ? '(_)' : `(${node.type})`} @${name}`;
    }
    if (!node.named) return SKIP_TOKENS.has(node.type) ? undefined : `${field}${quote(node.type)}`;
    const isLeaf = !node.children || node.children.length === 0 || LITERAL_TYPES.has(node.type);
    if (isLeaf) {
      if (node.text === undefined) return `${field}(${node.type})`;
      const name = `v${values++}`;
      predicates.push(`(#eq? @${name} ${quote(node.text)})`);
      return `${field}(${node.type}) @${name}`;
    }
    const parts = (node.children ?? []).map((child) => ({ child, part: render(child, false) })).filter((p) => p.part !== undefined);
    const inner = parts.map((p) => p.part as string);
    // The template lists every child the members had, in order: when they are all named, anchor
    // them (first, adjacent, last). Unanchored wildcard siblings match every subsequence of a
    // long argument list, which is both wrong and exponentially slow.
    if (inner.length > 1 && parts.every((p) => p.child.named)) return `${field}(${node.type} . ${inner.join(' . ')} .)`;
    return `${field}(${[node.type, ...inner].join(' ')})`;
  };
  let body = `${render(template, true) ?? '(_)'} @match`;
  if (anchorType && CONTAINER_TYPES.has(template.type)) body = `(${anchorType} ${body})`;
  return { query: predicates.length ? `(${body} ${predicates.join(' ')})` : body, holeCaptures };
}
