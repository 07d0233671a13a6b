import type { PatternNode } from '../model.js';
import { diffLines } from '../mine/diff-lines.js';
import { LITERAL_TYPES } from './pattern-tree.js';

/** Fields whose identifier names an API (a called function, an attribute, a keyword) rather than a local. */
const API_FIELDS = new Set(['function', 'attribute', 'property', 'name:keyword_argument', 'key']);
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '"', "'", '`']);

function tokens(node: PatternNode, parentType: string, out: string[]): string[] {
  if (!node.children || node.children.length === 0) {
    if (PUNCTUATION.has(node.type)) return out;
    if (!node.named) out.push(node.type);
    else if (LITERAL_TYPES.has(node.type)) out.push(`<${node.type}>`);
    else if (node.field && (API_FIELDS.has(node.field) || API_FIELDS.has(`${node.field}:${parentType}`))) out.push(`api:${node.text ?? ''}`);
    else out.push(`<${node.type}>`);
    return out;
  }
  for (const child of node.children) tokens(child, node.type, out);
  return out;
}

/**
 * The cluster key of an edit: root kinds plus the tokens removed and added, with local names and
 * literal values abstracted but API names (called functions, attributes, keywords) kept. Edits
 * that change only locals or literals ("-<identifier> +<identifier>") say nothing general.
 */
export function editSignature(before: PatternNode, after: PatternNode): string {
  const a = tokens(before, '', []);
  const b = tokens(after, '', []);
  const removed: string[] = [];
  const added: string[] = [];
  for (const hunk of diffLines(a, b, 400)) {
    removed.push(...a.slice(hunk.oldStart, hunk.oldStart + hunk.oldLines));
    added.push(...b.slice(hunk.newStart, hunk.newStart + hunk.newLines));
  }
  return `${before.type}>${after.type} -${removed.join(' ')} +${added.join(' ')}`;
}

/** The tokens an edit removed and added, from its signature (`call>call -api:get +api:fetch`). */
export function signatureTokens(signature: string): { removed: string[]; added: string[] } {
  const [, removed = '', added = ''] = /^\S+ -(.*) \+(.*)$/.exec(signature) ?? [];
  return { removed: removed.split(' ').filter(Boolean), added: added.split(' ').filter(Boolean) };
}

/** The API names among tokens (`api:fetch` -> `fetch`). */
export const apiNames = (tokens: string[]): string[] => tokens.filter((t) => t.startsWith('api:')).map((t) => t.slice(4));

/** Whether the edit only swaps local names or literal values (no API, keyword or operator changes). */
export function isTrivialSignature(signature: string): boolean {
  const [, removed = '', added = ''] = /^\S+ -(.*) \+(.*)$/.exec(signature) ?? [];
  const meaningful = (part: string): string[] => part.split(' ').filter((t) => t && !/^<[\w]+>$/.test(t));
  return meaningful(removed).length === 0 && meaningful(added).length === 0;
}

/**
 * A coarser cluster key for edits whose exact signatures differ only in local detail: root kinds
 * plus the sets of API names and keywords the fix removed and added (no placeholders, operators
 * or punctuation, no order, no counts). Same format as a signature.
 */
export function coarseSignature(signature: string): string {
  const [, roots = '', removed = '', added = ''] = /^(\S+) -(.*) \+(.*)$/.exec(signature) ?? [];
  const keep = (part: string): string => [...new Set(part.split(' ').filter((t) => /^api:|^[A-Za-z_]\w*$/.test(t)))].sort().join(' ');
  return `${roots} -${keep(removed)} +${keep(added)}`;
}
