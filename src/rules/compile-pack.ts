import type { FixSpec, LanguageId, LoadedRule, NodeTest, RuleSpec, Severity } from '../model.js';
import { LANGUAGES, compileQuery, type GrammarId, type NativeQuery } from '../parse/index.js';
import { AttractorError, describeProblem } from '../shared/errors.js';
import { hashOf } from '../shared/hash.js';
import { captureNames } from './capture-names.js';
import { shapeOf, type PatternShape } from './pattern-shape.js';
import { queryPrefilter, topLevelPatterns, type Prefilter } from './prefilter.js';
import { CAPTURE_PLACEHOLDER, ruleLanguages } from './validate-spec.js';

/** A node test with its regular expression compiled. */
export interface CompiledNodeTest {
  kinds?: Set<string>;
  async?: boolean;
  text?: RegExp;
  /** A `text` with `{{capture}}` placeholders: the regex is built per subject (see `textPattern`). */
  textTemplate?: string;
}

export type CompiledConstraint =
  | { capture: string; kind: 'is' | 'isNot'; test: CompiledNodeTest }
  | { capture: string; kind: 'inside' | 'notInside'; test: CompiledNodeTest; stopAt: Set<string> }
  | { capture: string; kind: 'has' | 'notHas' | 'followedBy' | 'notFollowedBy'; test: CompiledNodeTest }
  | { capture: string; kind: 'textIn' | 'textNotIn'; query: string; setCapture: string };

export interface CompiledRule {
  /** Position in the pack; merged queries map pattern indices back to it. */
  index: number;
  spec: RuleSpec;
  file: string;
  id: string;
  languages: LanguageId[];
  severity: Severity;
  at: string;
  constraints: CompiledConstraint[];
  fixes: FixSpec[];
  /** Literals a file must contain for the rule to possibly match (see prefilter.ts). */
  prefilter: Prefilter;
}

/** A rule behind a compiled pattern: its own capture names and the literals its matches must have. */
export interface ShapeMember {
  rule: CompiledRule;
  /** The rule's name of each numbered capture `@_k`; undefined when the pattern was compiled as written. */
  names?: string[];
  /** `#eq?` predicates taken out of the pattern: checked when a match is dispatched. */
  literals: PatternShape['literals'];
}

/** The rules sharing one compiled pattern (see rules/pattern-shape.ts), indexed by their first literal. */
export interface PatternGroup {
  /** Members without a literal: every match is theirs. */
  always: ShapeMember[];
  /** Numbered capture -> its text -> the members whose first literal that is. */
  keyed: Map<string, Map<string, ShapeMember[]>>;
}

/** One merged query of several rules, and the rules behind each of its patterns. */
export interface QueryPart {
  query: NativeQuery;
  /** By pattern index. */
  groups: PatternGroup[];
}

/** A grammar's rules as merged queries: one, or a few when one would be too large for tree-sitter. */
export interface GrammarQuery {
  parts: QueryPart[];
}

export interface CompiledPack {
  rules: CompiledRule[];
  /** What the pack was compiled from, so a worker thread can compile the same pack. */
  source: { loaded: LoadedRule[]; severities: SeverityOverrides };
  /** Every rule id the pack knows, including rules turned off by configuration. */
  knownIds: Set<string>;
  /** Content hash of the pack and its effective severities: a cache key. */
  hash: string;
  /**
   * The merged query of `grammar` covering at least the rules in `needed` (default: every rule of
   * the language), or undefined when there are none. The first call compiles a query for exactly
   * what it needs; a later call needing more compiles what both need, until that is half the
   * language's rules and has half their distinct patterns, and then every rule once. Matching costs grow
   * with the patterns of the query, so a query of every rule (compiled to validate the pack) is
   * used for a smaller need only past that half.
   */
  queryFor(grammar: GrammarId, needed?: Set<number>): GrammarQuery | undefined;
  /** A helper query (constraints' `textIn`), compiled once per grammar. */
  helperQuery(grammar: GrammarId, source: string): NativeQuery;
  /** Compiles every grammar's full query and every helper query: reports any rule that does not compile. */
  validate(): void;
}

export type SeverityOverrides = Record<string, Severity | 'off'>;

function compileTest(test: NodeTest): CompiledNodeTest {
  const out: CompiledNodeTest = {};
  if (test.kind !== undefined) out.kinds = new Set(Array.isArray(test.kind) ? test.kind : [test.kind]);
  if (test.async !== undefined) out.async = test.async;
  if (test.text !== undefined) {
    if (test.text.match(CAPTURE_PLACEHOLDER)) out.textTemplate = test.text;
    else out.text = new RegExp(test.text);
  }
  return out;
}

function compileConstraints(spec: RuleSpec): CompiledConstraint[] {
  return (spec.where ?? []).map((c) => {
    if ('is' in c) return { capture: c.capture, kind: 'is', test: compileTest(c.is) };
    if ('isNot' in c) return { capture: c.capture, kind: 'isNot', test: compileTest(c.isNot) };
    if ('inside' in c) return { capture: c.capture, kind: 'inside', test: compileTest(c.inside), stopAt: new Set(c.stopAt ?? []) };
    if ('notInside' in c) return { capture: c.capture, kind: 'notInside', test: compileTest(c.notInside), stopAt: new Set(c.stopAt ?? []) };
    if ('has' in c) return { capture: c.capture, kind: 'has', test: compileTest(c.has) };
    if ('notHas' in c) return { capture: c.capture, kind: 'notHas', test: compileTest(c.notHas) };
    if ('followedBy' in c) return { capture: c.capture, kind: 'followedBy', test: compileTest(c.followedBy) };
    if ('notFollowedBy' in c) return { capture: c.capture, kind: 'notFollowedBy', test: compileTest(c.notFollowedBy) };
    if ('textIn' in c) return { capture: c.capture, kind: 'textIn', query: c.textIn.query, setCapture: c.textIn.capture };
    return { capture: c.capture, kind: 'textNotIn', query: c.textNotIn.query, setCapture: c.textNotIn.capture };
  });
}

/** Checks that every capture a rule refers to is defined by its query. */
function checkCaptureReferences(rule: LoadedRule): void {
  const { spec, file } = rule;
  const names = captureNames(spec.query);
  const need = (name: string, field: string): void => {
    if (!names.has(name)) throw new AttractorError('bad-rule', describeProblem(file, field, `capture @${name} is not defined by the query`));
  };
  need(spec.at ?? 'match', spec.at ? 'at' : 'query');
  spec.where?.forEach((c, i) => {
    need(c.capture, `where[${i}].capture`);
    const set = 'textIn' in c ? c.textIn : 'textNotIn' in c ? c.textNotIn : undefined;
    if (set && !captureNames(set.query).has(set.capture)) {
      throw new AttractorError('bad-rule', describeProblem(file, `where[${i}]`, `capture @${set.capture} is not defined by its query`));
    }
  });
  const fixes = spec.fix === undefined ? [] : Array.isArray(spec.fix) ? spec.fix : [spec.fix];
  fixes.forEach((fix, i) => {
    const field = Array.isArray(spec.fix) ? `fix[${i}]` : 'fix';
    need(fix.target, `${field}.target`);
    if (fix.when) need(fix.when.capture, `${field}.when.capture`);
    for (const m of fix.template.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)) need(m[1] as string, `${field}.template`);
  });
  for (const m of spec.message.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)) need(m[1] as string, 'message');
}

/** Turns a native query error ("... at position N") into a line:column inside the rule's query. */
function queryProblem(error: unknown, source: string): string {
  const text = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(text);
  const kind = /of type (\w+)/.exec(text)?.[1]?.replace(/^TSQueryError/, '') ?? 'Syntax';
  if (!position) return text.split('\n')[0] ?? text;
  const offset = Number(position[1]);
  const bytes = Buffer.from(source);
  const before = bytes.subarray(0, offset).toString();
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const token = /^[\w.-]+|^./.exec(bytes.subarray(offset).toString())?.[0] ?? '';
  const reason: Record<string, string> = {
    NodeType: `unknown node type "${token}"`,
    Field: `unknown field "${token}"`,
    Capture: `unknown capture "${token}"`,
    Structure: 'impossible pattern structure',
    Syntax: 'syntax error',
  };
  return `${reason[kind] ?? kind} at line ${line}, column ${column} of the query`;
}

/**
 * One merged query of several rules: each distinct pattern shape once (`shaped`), or every rule's
 * query as written (a rule whose shape does not compile while its query does).
 */
function mergedQuery(rules: CompiledRule[], grammar: GrammarId, shaped = true): QueryPart {
  // Pattern source -> the rules behind it: rules whose patterns are the same share one.
  const byShape = new Map<string, PatternGroup>();
  const add = (source: string, member: ShapeMember): void => {
    let group = byShape.get(source);
    if (!group) {
      group = { always: [], keyed: new Map() };
      byShape.set(source, group);
    }
    const first = member.literals[0];
    if (!first) {
      group.always.push(member);
      return;
    }
    const index = group.keyed.get(first.capture) ?? new Map<string, ShapeMember[]>();
    group.keyed.set(first.capture, index);
    index.set(first.literal, [...(index.get(first.literal) ?? []), member]);
  };
  for (const rule of rules) {
    const patterns = shaped ? topLevelPatterns(rule.spec.query) : [];
    if (patterns.length === 0) add(rule.spec.query, { rule, literals: [] });
    for (const { text } of patterns) {
      const { shape, names, literals } = shapeOf(text);
      add(shape, { rule, names, literals });
    }
  }
  const starts: { group: PatternGroup; start: number }[] = [];
  let source = '';
  for (const [pattern, group] of byShape) {
    starts.push({ group, start: Buffer.byteLength(source) });
    source += `${pattern}\n`;
  }
  const query = compileQuery(grammar, source);
  const groups: PatternGroup[] = [];
  const count = (query as unknown as { predicates: unknown[] }).predicates.length;
  let p = 0;
  for (let i = 0; i < count; i++) {
    const offset = query.startIndexForPattern(i);
    while (p + 1 < starts.length && (starts[p + 1] as { start: number }).start <= offset) p++;
    groups.push((starts[p] as { group: PatternGroup }).group);
  }
  return { query, groups };
}

/**
 * The rules' queries merged into as few tree-sitter queries as compile: one, unless the merged
 * query is more than tree-sitter takes (thousands of rules: eval's what-if packs), then halves,
 * recursively. A rule whose own query does not compile is reported by its file and field.
 */
function compileForGrammar(rules: CompiledRule[], grammar: GrammarId): GrammarQuery {
  try {
    return { parts: [mergedQuery(rules, grammar)] };
  } catch {
    if (rules.length === 1) {
      const rule = rules[0] as CompiledRule;
      // The error names a place in the rule's own query; a shape that fails alone is compiled as written.
      let problem: unknown;
      try {
        return { parts: [mergedQuery(rules, grammar, false)] };
      } catch (own) {
        problem = own;
      }
      throw new AttractorError('bad-rule', describeProblem(rule.file, 'query', `${queryProblem(problem, rule.spec.query)} (${grammar} grammar)`));
    }
    const half = Math.ceil(rules.length / 2);
    return { parts: [...compileForGrammar(rules.slice(0, half), grammar).parts, ...compileForGrammar(rules.slice(half), grammar).parts] };
  }
}

export interface CompileOptions {
  severities?: SeverityOverrides;
  /** Compile every grammar's merged query now (default). Off, each grammar compiles on first use. */
  eager?: boolean;
}

/**
 * Validates the cross-rule invariants (unique ids per language, capture references), applies the
 * configured severities and compiles one merged query per grammar.
 */
export function compilePack(loaded: LoadedRule[], options: CompileOptions = {}): CompiledPack {
  const severities = options.severities ?? {};
  const knownIds = new Set<string>();
  const owners = new Map<string, string>();
  const rules: CompiledRule[] = [];
  for (const entry of loaded) {
    const { spec, file } = entry;
    const languages = ruleLanguages(spec);
    for (const language of languages) {
      const key = `${spec.id}\u0000${language}`;
      const other = owners.get(key);
      if (other) throw new AttractorError('bad-rule', describeProblem(file, 'id', `"${spec.id}" for ${language} is already defined in ${other}`));
      owners.set(key, file);
    }
    checkCaptureReferences(entry);
    knownIds.add(spec.id);
    const severity = severities[spec.id] ?? spec.severity;
    if (severity === 'off') continue;
    rules.push({
      index: rules.length,
      spec,
      file,
      id: spec.id,
      languages,
      severity,
      at: spec.at ?? 'match',
      constraints: compileConstraints(spec),
      fixes: spec.fix === undefined ? [] : Array.isArray(spec.fix) ? spec.fix : [spec.fix],
      prefilter: queryPrefilter(spec.query),
    });
  }
  for (const id of Object.keys(severities)) {
    if (!knownIds.has(id)) throw new AttractorError('bad-config', describeProblem(undefined, `rules.${id}`, 'no rule has this id'));
  }
  const hash = hashOf('pack/1', JSON.stringify(rules.map((r) => [r.spec, r.severity])));
  // The distinct pattern shapes of rules: what a merged query of them compiles and matches.
  const shapes = new Map<CompiledRule, string[]>();
  const patternCount = (list: CompiledRule[]): number => {
    const distinct = new Set<string>();
    for (const rule of list) {
      let own = shapes.get(rule);
      if (!own) {
        const patterns = topLevelPatterns(rule.spec.query);
        own = patterns.length ? patterns.map(({ text }) => shapeOf(text).shape) : [rule.spec.query];
        shapes.set(rule, own);
      }
      for (const shape of own) distinct.add(shape);
    }
    return distinct.size;
  };
  // Per grammar: the query of every rule (once compiled), and the query of the scope grown so far.
  const merged = new Map<GrammarId, { all?: { query: GrammarQuery | undefined }; scoped?: { scope: Set<number>; query: GrammarQuery | undefined } }>();
  const helpers = new Map<string, NativeQuery>();
  const pack: CompiledPack = {
    rules,
    source: { loaded, severities },
    knownIds,
    hash,
    queryFor(grammar, needed) {
      let state = merged.get(grammar);
      if (!state) merged.set(grammar, (state = {}));
      const { scoped } = state;
      if (needed && scoped && [...needed].every((i) => scoped.scope.has(i))) return scoped.query;
      const language = (Object.values(LANGUAGES).find((info) => info.grammars.includes(grammar)) as { id: LanguageId }).id;
      const own = rules.filter((rule) => rule.languages.includes(language));
      const scope = needed ? new Set([...needed, ...(scoped?.scope ?? [])]) : undefined;
      const mine = scope ? own.filter((rule) => scope.has(rule.index)) : own;
      // The first need is compiled as it is (a rule no file needs is not compiled, so it cannot fail).
      const first = !scoped && !state.all;
      if (scope && (first || mine.length * 2 < own.length || patternCount(mine) * 2 < patternCount(own))) {
        state.scoped = { scope, query: mine.length ? compileForGrammar(mine, grammar) : undefined };
        return state.scoped.query;
      }
      state.all ??= { query: own.length ? compileForGrammar(own, grammar) : undefined };
      return state.all.query;
    },
    helperQuery(grammar, source) {
      const key = `${grammar}\u0000${source}`;
      let query = helpers.get(key);
      if (!query) {
        query = compileQuery(grammar, source);
        helpers.set(key, query);
      }
      return query;
    },
    validate() {
      for (const info of Object.values(LANGUAGES)) for (const grammar of info.grammars) this.queryFor(grammar);
      for (const rule of rules) {
        rule.spec.where?.forEach((c, i) => {
          const set = 'textIn' in c ? c.textIn : 'textNotIn' in c ? c.textNotIn : undefined;
          if (!set) return;
          for (const language of rule.languages) {
            for (const grammar of LANGUAGES[language].grammars) {
              try {
                this.helperQuery(grammar, set.query);
              } catch (error) {
                throw new AttractorError('bad-rule', describeProblem(rule.file, `where[${i}].query`, `${queryProblem(error, set.query)} (${grammar} grammar)`));
              }
            }
          }
        });
      }
    },
  };
  if (options.eager !== false) pack.validate();
  return pack;
}
