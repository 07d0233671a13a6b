import type { PatternNode } from '../model.js';

const HOLE = -1;

function sameShape(a: PatternNode, b: PatternNode): boolean {
  const ca = a.children ?? [];
  const cb = b.children ?? [];
  return ca.length === cb.length && ca.every((child, i) => child.type === cb[i]?.type && child.field === cb[i]?.field);
}

function hole(type: string | undefined, named: boolean, field: string | undefined): PatternNode {
  const out: PatternNode = { type: type ?? '_', named, hole: HOLE };
  if (field) out.field = field;
  return out;
}

/**
 * Anti-unification of two trees (Getafix-style): what both share is kept, where they differ a
 * hole stands. Same type and same child shape recurse; same type with other children keeps the
 * type and drops the children; different types leave an untyped hole. Holes are numbered later.
 */
export function antiUnify(a: PatternNode, b: PatternNode): PatternNode {
  if (a.hole !== undefined || b.hole !== undefined) {
    return hole(a.type === b.type ? a.type : undefined, a.named && b.named, a.field);
  }
  if (a.type !== b.type) return hole(undefined, a.named && b.named, a.field);
  const leafA = !a.children || a.children.length === 0;
  const leafB = !b.children || b.children.length === 0;
  if (leafA || leafB) {
    if (leafA && leafB && a.text === b.text) return { ...a, span: undefined } as PatternNode;
    return hole(a.type, a.named, a.field);
  }
  if (!sameShape(a, b)) return hole(a.type, a.named, a.field);
  const out: PatternNode = { type: a.type, named: a.named, children: (a.children ?? []).map((child, i) => antiUnify(child, (b.children ?? [])[i] as PatternNode)) };
  if (a.field) out.field = a.field;
  return out;
}

/** Numbers the holes of a template in document order (0, 1, ...), returning a new tree. */
export function numberHoles(template: PatternNode): PatternNode {
  let next = 0;
  const walk = (node: PatternNode): PatternNode => {
    const copy: PatternNode = { ...node };
    delete copy.span;
    if (node.hole !== undefined) copy.hole = next++;
    if (node.children) copy.children = node.children.map(walk);
    return copy;
  };
  return walk(template);
}

/**
 * The text each hole stands for in one member: walks the template and the member together
 * (the template generalises the member, so their shapes agree wherever the template is concrete).
 */
export function holeBindings(template: PatternNode, member: PatternNode, text: string): Map<number, string> {
  const out = new Map<number, string>();
  const walk = (t: PatternNode, m: PatternNode): void => {
    if (t.hole !== undefined) {
      out.set(t.hole, m.span ? text.slice(m.span[0], m.span[1]) : m.text ?? '');
      return;
    }
    (t.children ?? []).forEach((child, i) => {
      const other = m.children?.[i];
      if (other) walk(child, other);
    });
  };
  walk(template, member);
  return out;
}
