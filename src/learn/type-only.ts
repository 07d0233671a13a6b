import type { EditPattern, PatternNode } from '../model.js';
import { apiNames, signatureTokens } from './signature.js';

/** Type annotations: an edit that only changes them changes no behaviour a sibling could miss. */
const TYPE_KINDS = new Set(['type', 'type_annotation', 'type_arguments', 'type_parameters', 'generic_type', 'union_type', 'type_alias_statement', 'return_type']);

/** Names that occur inside type annotations of a pattern tree, and names that occur elsewhere. */
function namesByPlace(node: PatternNode, inType: boolean, out: { types: Set<string>; other: Set<string> }): void {
  const here = inType || TYPE_KINDS.has(node.type) || node.field === 'return_type' || node.field === 'type';
  if (!node.children?.length) {
    if (node.named && node.text) (here ? out.types : out.other).add(node.text);
    return;
  }
  for (const child of node.children) namesByPlace(child, here, out);
}

/** Whether every name the edit adds or removes is only in type annotations (`x: t.AnyStr` -> `x: str`). */
export function typeOnly(edit: EditPattern): boolean {
  const { removed, added } = signatureTokens(edit.signature);
  const changed = apiNames([...removed, ...added]);
  if (changed.length === 0) return false;
  const places = { types: new Set<string>(), other: new Set<string>() };
  namesByPlace(edit.before, false, places);
  namesByPlace(edit.after, false, places);
  return changed.every((name) => places.types.has(name) && !places.other.has(name));
}
