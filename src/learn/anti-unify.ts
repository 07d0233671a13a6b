import type { PatternNode } from '../model.js';

const HOLE = -1;

/**
 * Whether two nodes' children line up one to one: same count, same fields, and the same tokens
 * (operators, keywords); named children may differ in kind (they become holes).
 */
function sameShape(a: PatternNode, b: PatternNode): boolean {
  const ca = a.children ?? [];
  const cb = b.children ?? [];
  return ca.length === cb.length && ca.every((child, i) => {
    const other = cb[i] as PatternNode;
    return child.field === other.field && child.named === other.named && (child.named || child.type === other.type);
  });
}

function hole(type: string | undefined, named: boolean, field: string | undefined): PatternNode {
  const out: PatternNode = { type: type ?? '_', named, hole: HOLE };
  if (field) out.field = field;
  return out;
}

/** At most this many names in a disjunctive hole; beyond it the members share no API worth naming. */
export const MAX_ALTERNATIVES = 6;

/** Fields whose identifier names an API: what is called, an attribute, a property, a key. */
const API_FIELDS = new Set(['function', 'attribute', 'property', 'key']);
const NAME_TYPES = new Set(['identifier', 'property_identifier', 'type_identifier']);

/** Whether a leaf names an API (rather than a local): its field, or a keyword argument's name. */
function isApiLeaf(node: PatternNode, parentType: string): boolean {
  return NAME_TYPES.has(node.type) && node.named && ((node.field !== undefined && API_FIELDS.has(node.field)) || (node.field === 'name' && parentType === 'keyword_argument'));
}

/** The names an API leaf or disjunctive hole stands for; undefined for anything else. */
function namesOf(node: PatternNode, parentType: string): string[] | undefined {
  if (node.hole !== undefined) return node.alternatives;
  if (node.children?.length || node.text === undefined || !isApiLeaf(node, parentType)) return undefined;
  return [node.text];
}

/**
 * Where members disagree on an API name, the hole keeps the names they had (up to
 * MAX_ALTERNATIVES): `fetch_user()` and `fetch_team()` generalise to "a call of fetch_user or
 * fetch_team", not to "any call".
 */
function disjunction(a: PatternNode, b: PatternNode, parentType: string): PatternNode | undefined {
  if (a.type !== b.type) return undefined;
  const left = namesOf(a, parentType);
  const right = namesOf(b, parentType);
  if (!left || !right) return undefined;
  const names = [...new Set([...left, ...right])].sort();
  if (names.length > MAX_ALTERNATIVES) return undefined;
  return { ...hole(a.type, true, a.field), alternatives: names };
}

/**
 * Anti-unification of two trees (Getafix-style): what both share is kept, where they differ a
 * hole stands (at API positions, a disjunction of the names the members had). Same type and same
 * child shape recurse; same type with other children keeps the type and drops the children;
 * different types leave an untyped hole. Holes are numbered later.
 */
export function antiUnify(a: PatternNode, b: PatternNode, parentType = ''): PatternNode {
  if (a.hole !== undefined || b.hole !== undefined) {
    return disjunction(a, b, parentType) ?? hole(a.type === b.type ? a.type : undefined, a.named && b.named, a.field);
  }
  if (a.type !== b.type) return hole(undefined, a.named && b.named, a.field);
  const leafA = !a.children || a.children.length === 0;
  const leafB = !b.children || b.children.length === 0;
  if (leafA || leafB) {
    if (leafA && leafB && a.text === b.text) return { ...a, span: undefined } as PatternNode;
    return disjunction(a, b, parentType) ?? hole(a.type, a.named, a.field);
  }
  if (!sameShape(a, b)) return hole(a.type, a.named, a.field);
  const out: PatternNode = { type: a.type, named: a.named, children: (a.children ?? []).map((child, i) => antiUnify(child, (b.children ?? [])[i] as PatternNode, a.type)) };
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
