import { compileQuery, parseText, type NativeQuery, type SyntaxNode } from '../../../parse/index.js';

/** A function or method the repository defines (Python), as its call sites may rely on it. */
export interface Definition {
  name: string;
  path: string;
  line: number;
  async: boolean;
  /** Returns None on some path: a bare `return`, `return None`, or a return annotation naming None or Optional. */
  mayReturnNone: boolean;
  /** Parameter names in order (`self`/`cls` left out for methods); `*args` and `**kwargs` as `*` and `**`. */
  params: string[];
  /** Parameters after `*` or `*args`: passed by keyword only. */
  keywordOnly: string[];
  /** Parameters with a default value: calls may leave them out. */
  defaults: string[];
  /** Defined in a class body. */
  method: boolean;
  /** Every `return` gives `self` back (a fluent method: dropping the result loses nothing). */
  returnsSelf: boolean;
}

/** The facts of one call of a repository function (Python), at one site of the tree. */
export interface CallSite {
  api: string;
  /** `api(...)`, or `receiver.api(...)` with the receiver's text. */
  receiver?: string;
  /** The file defines `api` itself or imports it by name (`from x import api`). */
  inScope: boolean;
  path: string;
  line: number;
  /** The call's text (first line), for snippets and messages. */
  text: string;
  inAsync: boolean;
  awaited: boolean;
  /** A statement of its own: the result is dropped. */
  discarded: boolean;
  /** `name = api(...)`: the name, and whether the statements after it test it for None (or truth) before they use it (undefined: they never use it). */
  assignedTo?: string;
  guarded?: boolean;
  /** The attribute the first use after the assignment reads (`user.name` -> `name`). */
  usedAttribute?: string;
  /** `api(...).attr` or `api(...)[k]`: dereferenced on the spot. */
  dereferenced: boolean;
  /** `api(...) or default`, `if api(...)`, `api(...) is None`: tested on the spot. */
  tested: boolean;
  keywords: string[];
  positional: number;
  /** `**mapping` among the arguments: any keyword may be in it. */
  splat: boolean;
  /** The parameters of the innermost function around the call (none at module level). */
  enclosingParams: string[];
  /** Keywords passed a name of the same spelling (`timeout=timeout`): a parameter forwarded as it came. */
  forwarded: string[];
  /** Inside a test function (`def test...`): the rule does not report it there. */
  inTest: boolean;
}

const QUERY = `
(function_definition name: (identifier) @def.name parameters: (parameters) @def.params) @def
(call function: [(identifier) @call.name (attribute attribute: (identifier) @call.name)] arguments: (argument_list) @call.args) @call
(await (call) @awaited)
(expression_statement (call) @discarded)
(expression_statement (assignment left: (identifier) @assigned.var right: (call) @assigned.call)) @assigned
(attribute object: (call) @deref)
(subscript value: (call) @deref)
(boolean_operator left: (call) @tested)
(not_operator argument: (call) @tested)
(comparison_operator (call) @tested)
(if_statement condition: (call) @tested)
`;

let compiled: NativeQuery | undefined;

const keyOf = (node: SyntaxNode): string => `${node.startIndex}:${node.endIndex}`;

/** A test of `name` for None or truth: `x is None`, `x is not None`, `if x`, `if not x`, `x or y`, `assert x`. */
function testsName(statement: string, name: string): boolean {
  const n = name.replace(/[$]/g, '\\$');
  return new RegExp(`(?<![\\w.])${n}\\s+is\\s+(?:not\\s+)?None\\b|^(?:if|elif|while|assert)\\s+(?:not\\s+)?\\(?${n}\\b(?!\\s*[.[(])|(?<![\\w.])${n}\\s+(?:or|and)\\b|\\bnot\\s+${n}\\b(?!\\s*[.[(])|\\b(?:if|elif|assert)\\s+.*\\b${n}\\s*(?:is|==|!=)\\s*None`).test(statement);
}

/** The attribute or item `name` is dereferenced with in `statement`, `[]` for an item; undefined when it is not. */
function dereference(statement: string, name: string): string | undefined {
  const n = name.replace(/[$]/g, '\\$');
  const m = new RegExp(`(?<![\\w.])${n}\\s*(?:\\.\\s*([A-Za-z_]\\w*)|(\\[))`).exec(statement);
  return m ? (m[1] ?? '[]') : undefined;
}

/** What the statements after `name = api(...)` do with the name first: test it, use it, or neither. */
function firstUse(statement: SyntaxNode, name: string): { guarded?: boolean; usedAttribute?: string } {
  const mention = new RegExp(`(?<![\\w.])${name}(?![\\w])`);
  for (let next = statement.nextNamedSibling; next; next = next.nextNamedSibling) {
    const text = next.text;
    if (!mention.test(text)) continue;
    if (testsName(text.split('\n')[0] ?? '', name)) return { guarded: true };
    // Rebound before any use: nothing to say.
    if (new RegExp(`^${name}\\s*=(?!=)`).test(text)) return {};
    const used = dereference(text.split('\n')[0] ?? '', name);
    return used ? { guarded: false, usedAttribute: used } : {};
  }
  return {};
}

function parameters(params: SyntaxNode, isMethod: boolean): { params: string[]; keywordOnly: string[]; defaults: string[] } {
  const names: string[] = [];
  const keywordOnly: string[] = [];
  const defaults: string[] = [];
  let starred = false;
  for (const p of params.namedChildren) {
    let name: string | undefined;
    if (p.type === 'identifier') name = p.text;
    else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      name = p.childForFieldName('name')?.text;
      if (name) defaults.push(name);
    }
    else if (p.type === 'typed_parameter') name = p.namedChildren.find((c) => c.type === 'identifier')?.text ?? (p.namedChildren[0]?.type === 'list_splat_pattern' ? '*' : p.namedChildren[0]?.type === 'dictionary_splat_pattern' ? '**' : undefined);
    else if (p.type === 'list_splat_pattern' || p.type === 'keyword_separator') name = '*';
    else if (p.type === 'dictionary_splat_pattern') name = '**';
    if (name === undefined) continue;
    if (name === '*') starred = true;
    else if (starred && name !== '**') keywordOnly.push(name);
    names.push(name);
  }
  if (isMethod && (names[0] === 'self' || names[0] === 'cls')) names.shift();
  return { params: names, keywordOnly, defaults };
}

function returnsSelf(def: SyntaxNode): boolean {
  const returns = def.childForFieldName('body')?.descendantsOfType('return_statement') ?? [];
  return returns.length > 0 && returns.every((r) => r.text.trim() === 'return self');
}

function mayReturnNone(def: SyntaxNode): boolean {
  const annotation = def.childForFieldName('return_type')?.text ?? '';
  if (/\bNone\b|\bOptional\b/.test(annotation)) return true;
  if (annotation) return false;
  const body = def.childForFieldName('body');
  if (!body) return false;
  for (const ret of body.descendantsOfType('return_statement')) {
    const text = ret.text.trim();
    if (text === 'return' || text === 'return None') return true;
  }
  return false;
}

/**
 * One pass over a Python file: the functions it defines and the facts of every call in it of a
 * name in `wanted` (all calls when undefined). Queries do the walking (tree-sitter's own loop);
 * only the calls of wanted names are looked at further.
 */
export function pythonCallSites(path: string, text: string, wanted?: Set<string>): { definitions: Definition[]; calls: CallSite[] } {
  const tree = parseText('python', text);
  compiled ??= compileQuery('python', QUERY);
  const sets: Record<'awaited' | 'discarded' | 'deref' | 'tested', Set<string>> = { awaited: new Set(), discarded: new Set(), deref: new Set(), tested: new Set() };
  const assigned = new Map<string, { statement: SyntaxNode; name: string }>();
  const defs: { node: SyntaxNode; name: string; params: SyntaxNode }[] = [];
  const calls: { node: SyntaxNode; name: string; args: SyntaxNode }[] = [];
  for (const match of compiled.matches(tree.rootNode)) {
    const by = new Map(match.captures.map((c) => [c.name, c.node]));
    const def = by.get('def');
    if (def) {
      defs.push({ node: def, name: (by.get('def.name') as SyntaxNode).text, params: by.get('def.params') as SyntaxNode });
      continue;
    }
    const call = by.get('call');
    if (call) {
      const name = (by.get('call.name') as SyntaxNode).text;
      if (!wanted || wanted.has(name)) calls.push({ node: call, name, args: by.get('call.args') as SyntaxNode });
      continue;
    }
    const statement = by.get('assigned');
    if (statement) {
      assigned.set(keyOf(by.get('assigned.call') as SyntaxNode), { statement, name: (by.get('assigned.var') as SyntaxNode).text });
      continue;
    }
    for (const key of ['awaited', 'discarded', 'deref', 'tested'] as const) {
      const node = by.get(key);
      if (node) sets[key].add(keyOf(node));
    }
  }
  // Functions by extent, to find each call's innermost one (async or not).
  const extents = defs.map((d) => ({ start: d.node.startIndex, end: d.node.endIndex, async: /^async\b/.test(d.node.text) }));
  const classes = tree.rootNode.descendantsOfType('class_definition').map((c) => [c.startIndex, c.endIndex] as const);
  const definitions: Definition[] = defs.map((d) => {
    const inClass = classes.some(([s, e]) => s < d.node.startIndex && d.node.endIndex <= e);
    return { name: d.name, path, line: d.node.startPosition.row + 1, async: /^async\b/.test(d.node.text), mayReturnNone: mayReturnNone(d.node), method: inClass, returnsSelf: returnsSelf(d.node), ...parameters(d.params, inClass) };
  });
  // The functions around a call, in one pass: the innermost one, and whether any is a test.
  const around = (index: number): { innermost: number; inTest: boolean } => {
    let innermost = -1;
    let inTest = false;
    extents.forEach((e, i) => {
      if (index < e.start || e.end <= index) return;
      if (innermost < 0 || e.start > (extents[innermost] as (typeof extents)[number]).start) innermost = i;
      if (/^test/.test((defs[i] as (typeof defs)[number]).name)) inTest = true;
    });
    return { innermost, inTest };
  };
  // Names the file defines or imports by name: a bare call of one of them resolves to it.
  const inScope = new Set(defs.map((d) => d.name));
  for (const m of text.matchAll(/^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+\(?([^)\n]*(?:\n[^)\n]*)*?)\)?[ \t]*$/gm)) {
    for (const part of (m[1] as string).split(',')) {
      const bound = /(\w+)\s*$/.exec(part.replace(/#.*/, '').trim())?.[1];
      if (bound) inScope.add(bound);
    }
  }
  const out: CallSite[] = calls.map(({ node, name, args }) => {
    const key = keyOf(node);
    const callee = node.childForFieldName('function');
    const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object')?.text : undefined;
    const { innermost, inTest } = around(node.startIndex);
    const site: CallSite = {
      api: name,
      ...(receiver !== undefined ? { receiver } : {}),
      inScope: inScope.has(name),
      path,
      line: node.startPosition.row + 1,
      text: (node.text.split('\n')[0] ?? '').slice(0, 200),
      inAsync: extents[innermost]?.async ?? false,
      awaited: sets.awaited.has(key),
      discarded: sets.discarded.has(key),
      dereferenced: sets.deref.has(key),
      tested: sets.tested.has(key),
      keywords: [],
      positional: 0,
      splat: false,
      enclosingParams: definitions[innermost]?.params ?? [],
      forwarded: [],
      inTest,
    };
    for (const arg of args.namedChildren) {
      if (arg.type === 'keyword_argument') {
        const keyword = arg.childForFieldName('name')?.text ?? '';
        site.keywords.push(keyword);
        if (arg.childForFieldName('value')?.text === keyword) site.forwarded.push(keyword);
      }
      else if (arg.type === 'dictionary_splat') site.splat = true;
      else if (arg.type === 'list_splat') site.positional += 100;
      else if (arg.type !== 'comment') site.positional++;
    }
    const binding = assigned.get(key);
    if (binding) {
      site.assignedTo = binding.name;
      Object.assign(site, firstUse(binding.statement, binding.name));
    }
    return site;
  });
  return { definitions, calls: out };
}
