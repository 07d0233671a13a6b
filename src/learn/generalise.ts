import type { Constraint, EditPattern, EvidenceSource, LanguageId, PatternNode, RuleCase, RuleSpec } from '../model.js';
import { LANGUAGES } from '../parse/index.js';
import { hashOf } from '../shared/hash.js';
import { antiUnify, holeBindings, numberHoles } from './anti-unify.js';
import { LITERAL_TYPES, leaves } from './pattern-tree.js';
import { signatureTokens } from './signature.js';
import { templateQuery } from './template-query.js';
import { ruleFileName } from './write-pack.js';

/** A cluster of edits with the same signature, generalised into a candidate rule. */
export interface Candidate {
  id: string;
  language: LanguageId;
  signature: string;
  members: EditPattern[];
  before: PatternNode;
  after: PatternNode;
  spec: RuleSpec;
  /** The full hash behind the id's 4 hex digits (what `uniqueRuleIds` lengthens on a clash). */
  idHash: string;
  /** The learning source that made it (set by the source; `recurring-fix` when absent). */
  source?: EvidenceSource;
  /**
   * Why a cheap filter of its source would have skipped it: made only for `SourceInput.whatIf`, so
   * that eval can score what the filter costs; always refused with this reason.
   */
  filtered?: string;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function fold(trees: PatternNode[]): PatternNode {
  return trees.slice(1).reduce((acc, tree) => antiUnify(acc, tree), trees[0] as PatternNode);
}

const ARGUMENT_TYPES = new Set(['argument_list', 'arguments']);

/**
 * The characters of a member's root that its fix changed (common prefix and suffix removed), in
 * the before text, or with `side` 'after' in the after text.
 */
function changedRange(member: EditPattern, side: 'before' | 'after' = 'before'): [number, number] {
  const a = member.beforeText;
  const b = member.afterText;
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return side === 'before' ? [prefix, a.length - suffix] : [prefix, b.length - suffix];
}

/**
 * Argument lists the fix did not touch in any member become holes: a rule about a renamed
 * function should not depend on what it was called with. The fix template keeps them by linking.
 */
function abstractUntouchedArguments(template: PatternNode, members: PatternNode[], ranges: [number, number][], isRoot = true): PatternNode {
  if (template.hole !== undefined || !template.children) return template;
  if (!isRoot && ARGUMENT_TYPES.has(template.type)) {
    const untouched = members.every((m, i) => {
      const [from, to] = ranges[i] as [number, number];
      const span = m.span;
      return span !== undefined && (to > from ? span[1] <= from || span[0] >= to : span[1] <= from || span[0] >= from);
    });
    if (untouched) {
      const out: PatternNode = { type: template.type, named: true, hole: -1 };
      if (template.field) out.field = template.field;
      return out;
    }
  }
  return {
    ...template,
    children: template.children.map((child, i) => abstractUntouchedArguments(child, members.map((m) => m.children?.[i] ?? m), ranges, false)),
  };
}

/** Fields whose identifier names an API (what is called, an attribute, a keyword, a key). */
const API_FIELDS = new Set(['function', 'attribute', 'property', 'key']);
const KEYWORD_LITERALS = new Set(['none', 'true', 'false', 'null', 'undefined']);

/**
 * Turns local names and literal values into holes, even where every member agrees on them: a
 * rule about `fetch_profile` should not care whether the result is called `profile`. API names
 * stay concrete: called functions, attributes, keywords, and names every member imports.
 */
function abstractLocals(template: PatternNode, imports: Set<string>, parentType = ''): PatternNode {
  if (template.hole !== undefined) return template;
  const leaf = !template.children || template.children.length === 0 || LITERAL_TYPES.has(template.type);
  if (leaf) {
    if (!template.named || template.text === undefined || KEYWORD_LITERALS.has(template.type)) return template;
    const api = (template.field !== undefined && (API_FIELDS.has(template.field) || (template.field === 'name' && parentType === 'keyword_argument'))) || imports.has(template.text);
    if (api && !LITERAL_TYPES.has(template.type)) return template;
    const out: PatternNode = { type: template.type, named: true, hole: -1 };
    if (template.field) out.field = template.field;
    return out;
  }
  return { ...template, children: (template.children ?? []).map((child) => abstractLocals(child, imports, template.type)) };
}

/** Beyond this many coroutines a widened rule would be a blanket "await everything" rule. */
const MAX_COROUTINES = 400;

/**
 * When the fix added `await`, what made it necessary is that the callee is a coroutine: the
 * callee's name (concrete or a disjunction) becomes the members' names plus every coroutine the
 * repository defines. Applied before holes are numbered; the fix template links the hole.
 */
/** The leaf naming what a call's `function` calls: the name itself, or a member's attribute. */
function calleeName(fn: PatternNode): PatternNode | undefined {
  if (fn.hole !== undefined ? fn.alternatives !== undefined : fn.text !== undefined && !fn.children?.length) return fn;
  return fn.children?.find((c) => c.field === 'attribute' || c.field === 'property');
}

/** The name an edit's outermost call calls before the fix (`warn` for `warnings.warn(...)`), if any. */
export function editCallee(edit: EditPattern): string | undefined {
  const name = outermostCallee(edit.before, edit.language);
  return name?.hole === undefined ? name?.text : undefined;
}

/** The callee name of the call nearest the root of a template (breadth-first), if it has one. */
function outermostCallee(template: PatternNode, language: LanguageId): PatternNode | undefined {
  const calls = new Set(LANGUAGES[language].kinds.call);
  const stack = [template];
  for (let node = stack.shift(); node; node = stack.shift()) {
    if (calls.has(node.type)) {
      const fn = node.children?.find((c) => c.field === 'function');
      return fn && calleeName(fn);
    }
    stack.push(...(node.children ?? []));
  }
  return undefined;
}

function widenAwaitedCallee(template: PatternNode, language: LanguageId, coroutines: Set<string>): PatternNode {
  const calls = new Set(LANGUAGES[language].kinds.call);
  let done = false;
  const walk = (node: PatternNode): PatternNode => {
    if (done || !node.children) return node;
    if (calls.has(node.type)) {
      const fn = node.children.find((c) => c.field === 'function');
      const name = fn && calleeName(fn);
      if (name && (name.hole === undefined || name.alternatives)) {
        done = true;
        const names = [...new Set([...(name.alternatives ?? [name.text as string]), ...coroutines])].sort();
        if (names.length > MAX_COROUTINES) return node;
        const widened: PatternNode = { type: name.type, named: true, hole: -1, alternatives: names };
        if (name.field) widened.field = name.field;
        const replace = (n: PatternNode): PatternNode => (n === name ? widened : n.children ? { ...n, children: n.children.map(replace) } : n);
        return replace(node);
      }
    }
    return { ...node, children: node.children.map(walk) };
  };
  return walk(template);
}

/** Concrete, meaningful leaves of a template: too few and the pattern would match anything. */
function concreteLeaves(template: PatternNode): number {
  return leaves(template).filter((leaf) => (leaf.hole === undefined ? (leaf.named ? leaf.text !== undefined : !/^[()[\]{},:;.]$/.test(leaf.type)) : leaf.alternatives !== undefined)).length;
}

/** Keywords whose appearance or disappearance is itself the fix (`await`, `is`, `not`, `None`...). */
const MEANINGFUL_KEYWORDS = /^(await|async|is|not|in|None|True|False|null|undefined|return|yield|raise|throw|with|try|finally|del|global|nonlocal|typeof|instanceof|new|delete)$/;

/**
 * Whether a pattern is specific enough to be worth a rule: it names a concrete API (a called
 * function, attribute or keyword kept by the template), or the fix itself added or removed a
 * keyword. Patterns made only of node kinds and operators match nearly everything.
 */
function isSpecific(template: PatternNode, signature: string): boolean {
  const names = leaves(template).some((leaf) => leaf.alternatives !== undefined || (leaf.hole === undefined && leaf.named && leaf.text !== undefined && /^[A-Za-z_$][\w$]*$/.test(leaf.text) && !MEANINGFUL_KEYWORDS.test(leaf.text)));
  const { removed, added } = signatureTokens(signature);
  return names || [...removed, ...added].some((t) => MEANINGFUL_KEYWORDS.test(t));
}


/** Lower-case words joined by single dashes, as rule ids need them (`_get_ssl_context` -> `get-ssl-context`). */
const kebab = (text: string): string => text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();

/** How a cluster was formed: by exact signature (round 1) or by coarse signature (round 2). */
export type ClusterRound = 'exact' | 'coarse';

/**
 * The parts of a learned rule id: a readable name from what the fix added and removed (and the
 * callee of a cluster split by callee), and a hash of everything that tells the candidate apart:
 * language, signature, callee, and the round. The round matters: a coarse signature can be the
 * very string an exact signature of another cluster is (`call>call -api:dtype +`), and without it
 * the two rules got one id.
 */
export function ruleIdParts(language: LanguageId, signature: string, callee?: string, round: ClusterRound = 'exact'): { name: string; hash: string } {
  const { removed, added } = signatureTokens(signature);
  const words = (list: string[]) => list.filter((t) => !t.startsWith('<')).map((t) => kebab(t.replace(/^api:/, ''))).filter(Boolean);
  const add = words(added).slice(0, 3);
  const del = words(removed).slice(0, 3);
  const stem = del.length && add.length ? `${del.join('-')}-to-${add.join('-')}` : add.length ? `missing-${add.join('-')}` : del.length ? `remove-${del.join('-')}` : 'edit';
  // A cluster split by callee names the callee: `missing-stacklevel-warn` next to `missing-stacklevel-deprecated`.
  const calleeWords = callee === undefined ? '' : kebab(callee);
  const named = calleeWords ? `${kebab(stem.slice(0, 36))}-${calleeWords}` : stem;
  // Exact-round ids hash as they always did, so packs learned before keep their ids.
  const seed = round === 'coarse' ? ['coarse', language, signature, callee ?? ''] : callee !== undefined ? [language, signature, callee] : [language, signature];
  return { name: kebab(named.slice(0, 48)) || 'edit', hash: hashOf(...seed) };
}

/** A readable, stable rule id from what the fix added and removed, plus a short hash. */
export function ruleIdFor(language: LanguageId, signature: string, callee?: string, round: ClusterRound = 'exact'): string {
  const { name, hash } = ruleIdParts(language, signature, callee, round);
  return `learned/${name}-${hash.slice(0, 4)}`;
}

/** The file a rule id is written to in a learned pack, compared without case (case-insensitive file systems). */
const fileKey = (id: string): string => ruleFileName(id).toLowerCase();

/**
 * Makes the candidates' ids unique, in their order, as a last guarantee: the first keeps its id;
 * a later one whose id (or file name) is taken gets 8 hex digits of its hash instead of 4, then a
 * counter. The same candidates in the same order get the same ids in every run.
 */
export function uniqueRuleIds(candidates: Candidate[], taken: Iterable<string> = []): Candidate[] {
  const used = new Set([...taken].map(fileKey));
  return candidates.map((candidate) => {
    let id = candidate.id;
    if (used.has(fileKey(id))) {
      const base = `${id.replace(/-[0-9a-f]{4}$/, '')}-${candidate.idHash.slice(0, 8)}`;
      id = base;
      for (let n = 2; used.has(fileKey(id)); n++) id = `${base}-${n}`;
    }
    used.add(fileKey(id));
    return id === candidate.id ? candidate : { ...candidate, id, spec: { ...candidate.spec, id } };
  });
}

/**
 * Whether a fix can be told to a developer: it adds or removes an API name, a keyword or an
 * operator word. Fixes that only change annotations, punctuation or structure make no rule.
 */
export function isNameableFix(signature: string): boolean {
  return describeFix(signature) !== UNNAMED_FIX;
}

const UNNAMED_FIX = 'the fix changed this code';

/** "the fix added `await`" / "the fix replaced `get_user` with `fetch_user`". */
export function describeFix(signature: string): string {
  const { removed, added } = signatureTokens(signature);
  const show = (list: string[]) => list.filter((t) => /^api:|^[A-Za-z_]\w*$/.test(t)).map((t) => `\`${t.replace(/^api:/, '')}\``).slice(0, 4).join(' ');
  const a = show(added);
  const r = show(removed);
  if (a && r) return `the fix replaced ${r} with ${a}`;
  if (a) return `the fix added ${a}`;
  if (r) return `the fix removed ${r}`;
  return UNNAMED_FIX;
}

/**
 * The fix template: the first member's after text with each after-hole's text replaced by the
 * capture of the before-hole bound to the same text in every member. Continuation lines are made
 * relative to the edited line's indentation. Undefined when some after-hole has no partner, or the
 * template does not reproduce every member's own fix.
 */
function fixTemplate(members: EditPattern[], before: PatternNode, after: PatternNode, captures: Map<number, string>): string | undefined {
  const beforeBindings = members.map((m) => holeBindings(before, m.before, m.beforeText));
  const afterBindings = members.map((m) => holeBindings(after, m.after, m.afterText));
  const link = new Map<number, string>();
  for (const hole of afterBindings[0]?.keys() ?? []) {
    const wanted = afterBindings.map((b) => b.get(hole));
    const partner = [...(beforeBindings[0]?.keys() ?? [])].find((h) => captures.has(h) && beforeBindings.every((b, i) => b.get(h) === wanted[i]));
    if (partner === undefined) return undefined;
    link.set(hole, captures.get(partner) as string);
  }
  // A local name the query abstracted may still be concrete in the after template (every member
  // used the same name): link it to the before-hole that binds that same text in every member.
  const uniform = new Map<string, string>();
  for (const hole of [...(beforeBindings[0]?.keys() ?? [])].sort((a, b) => a - b)) {
    const text = beforeBindings[0]?.get(hole);
    if (text !== undefined && captures.has(hole) && !uniform.has(text) && beforeBindings.every((b) => b.get(hole) === text)) uniform.set(text, captures.get(hole) as string);
  }
  const first = members[0] as EditPattern;
  const spans: { span: [number, number]; name: string }[] = [];
  const collect = (t: PatternNode, m: PatternNode): void => {
    if (t.hole !== undefined) {
      if (m.span) spans.push({ span: m.span, name: link.get(t.hole) as string });
      return;
    }
    const text = m.span ? first.afterText.slice(m.span[0], m.span[1]) : undefined;
    if (t.named && text !== undefined && m.span && uniform.has(text)) {
      spans.push({ span: m.span, name: uniform.get(text) as string });
      return;
    }
    (t.children ?? []).forEach((child, i) => m.children?.[i] && collect(child, m.children[i] as PatternNode));
  };
  collect(after, first.after);
  spans.sort((a, b) => b.span[0] - a.span[0]);
  let template = first.afterText;
  for (const { span, name } of spans) template = `${template.slice(0, span[0])}{{${name}}}${template.slice(span[1])}`;
  const indent = (m: EditPattern): string => /^[ \t]*/.exec(m.snippet.before.split('\n').find((l) => l.includes(m.beforeText.split('\n')[0] as string)) ?? '')?.[0] ?? '';
  const firstIndent = indent(first);
  const relative = template.split('\n').map((line, i) => (i === 0 ? line : line.startsWith(firstIndent) ? line.slice(firstIndent.length) : line)).join('\n');
  // Every member's own fix must come out of the template.
  for (let i = 0; i < members.length; i++) {
    const m = members[i] as EditPattern;
    const bindings = beforeBindings[i] as Map<number, string>;
    const byName = new Map([...captures].map(([hole, name]) => [name, bindings.get(hole) ?? '']));
    const pad = indent(m);
    const filled = relative.split('\n').map((line, j) => (j === 0 ? line : pad + line)).join('\n').replace(/\{\{(\w+)\}\}/g, (_, name: string) => byName.get(name) ?? '');
    if (filled !== m.afterText) return undefined;
  }
  return relative;
}

function contextConstraints(members: EditPattern[], language: LanguageId): Constraint[] {
  const constraints: Constraint[] = [];
  const functionKinds = LANGUAGES[language].functionKinds;
  if (members.every((m) => m.context.inAsyncFunction)) {
    constraints.push({ capture: 'match', inside: { kind: functionKinds.filter((k) => k !== 'lambda'), async: true }, stopAt: functionKinds });
  }
  if (members.every((m) => m.context.inTry)) {
    const shared = members.map((m) => new Set(m.context.tryCalls)).reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
    if (shared.size) {
      constraints.push({ capture: 'match', inside: { kind: LANGUAGES[language].kinds.try, text: `\\b(?:${[...shared].sort().map(escapeRegex).join('|')})\\s*\\(` }, stopAt: functionKinds });
    }
  }
  return constraints;
}

function uniqueCases(texts: string[], language: LanguageId, limit: number): RuleCase[] {
  return [...new Set(texts)].slice(0, limit).map((code) => ({ code, language }));
}

/**
 * Generalises one cluster (same language and signature, support already checked) into a
 * candidate rule, or undefined when what the members share is too little to be a pattern.
 */
export function generalise(members: EditPattern[], clusterSignature?: string, coroutines?: Set<string>, callee?: string, minConcrete = 2): Candidate | undefined {
  const head = members[0] as EditPattern;
  // Coarse clusters speak for their members through the shared (coarse) signature.
  const first: EditPattern = clusterSignature ? { ...head, signature: clusterSignature } : head;
  // A fix that neither adds nor removes an API name or a keyword (only annotations, operators or
  // structure changed) cannot be told to a developer, and is not a bug pattern we can name.
  if (!isNameableFix(first.signature)) return undefined;
  const language = first.language;
  const imports = members.map((m) => new Set(m.context.imports)).reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
  const ranges = members.map((m) => changedRange(m));
  let general = abstractLocals(abstractUntouchedArguments(fold(members.map((m) => m.before)), members.map((m) => m.before), ranges), imports);
  const fixAdds = signatureTokens(first.signature);
  const addsAwait = fixAdds.added.includes('await') && !fixAdds.removed.includes('await');
  // Members that call different APIs share a fix only by coincidence (fastify: `hasRoute(o.method)`
  // and `off(o.method)`, two unrelated fixes), except when the fix adds `await`: then what the
  // callees share is being coroutines, a family of their own.
  if (!addsAwait && outermostCallee(general, language)?.alternatives) return undefined;
  if (coroutines?.size && addsAwait) general = widenAwaitedCallee(general, language, coroutines);
  const before = numberHoles(general);
  // Untouched argument lists are holes on both sides, so the fix template can carry them over.
  const after = numberHoles(abstractUntouchedArguments(fold(members.map((m) => m.after)), members.map((m) => m.after), members.map((m) => changedRange(m, 'after'))));
  if (before.hole !== undefined || concreteLeaves(before) < minConcrete || !isSpecific(before, first.signature)) return undefined;
  const parentTypes = new Set(members.map((m) => m.context.parentType));
  const { query, holeCaptures } = templateQuery(before, parentTypes.size === 1 ? first.context.parentType : undefined);

  const where: Constraint[] = contextConstraints(members, language);
  const { removed, added } = signatureTokens(first.signature);
  const addedNames = added.filter((t) => t.startsWith('api:') && !removed.includes(t)).map((t) => t.slice(4));
  for (const name of addedNames) {
    where.push({ capture: 'match', notHas: { kind: LANGUAGES[language].kinds.name, text: `^${escapeRegex(name)}$` } });
  }
  // The replacement's own definition (`def fetch_user(...)` calling `get_user`) is where the old
  // code must stay: it is never a site to fix (applying the fix there would recurse).
  const defined = addedNames.filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
  if (defined.length) {
    where.push({ capture: 'match', notInside: { kind: LANGUAGES[language].functionKinds.filter((k) => k !== 'lambda' && k !== 'arrow_function'), text: `^(?:(?:async|static|export|default)\\s+)*(?:def\\s+|function\\s*\\*?\\s*)?(?:${defined.map(escapeRegex).join('|')})\\s*\\(` } });
  }
  if (members.every((m) => m.kind === 'replace') && new Set(members.map((m) => m.after.type)).size === 1) {
    where.push({ capture: 'match', notInside: { kind: first.after.type }, stopAt: LANGUAGES[language].functionKinds });
  }

  // A cluster signature is given for the coarse round only.
  const { name, hash: idHash } = ruleIdParts(language, first.signature, callee, clusterSignature === undefined ? 'exact' : 'coarse');
  const id = `learned/${name}-${idHash.slice(0, 4)}`;
  const commits = [...new Set(members.map((m) => m.commit))];
  const example = members.reduce((newest, m) => (m.time > newest.time ? m : newest), first);
  const spec: RuleSpec = {
    id,
    language,
    message: `This pattern was fixed ${commits.length} times in this repository (e.g. ${example.commit.slice(0, 7)} "${example.subject.slice(0, 72)}"): ${describeFix(first.signature)}.`,
    severity: 'warning',
    query,
    provenance: { origin: 'learned', commits: commits.map((c) => c.slice(0, 12)), support: commits.length },
    cases: {
      invalid: uniqueCases(members.map((m) => m.snippet.before), language, 3),
      valid: uniqueCases(members.map((m) => m.snippet.after), language, 3),
    },
  };
  if (where.length) spec.where = where;
  const template = fixTemplate(members, before, after, holeCaptures);
  // A learned fix repeats a bug fix: it changes behaviour, so it is applied with --fix-type all.
  if (template !== undefined) spec.fix = { target: 'match', template, safety: 'unsafe' };
  return { id, language, signature: first.signature, members, before, after, spec, idHash };
}
