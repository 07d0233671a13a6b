import { queryRegexes, superLinearReason } from './super-linear.js';
import type { Constraint, ConventionEvidence, ConventionFamily, EvidenceSource, FixSpec, LanguageId, MigrationProgress, NodeTest, RuleCase, RuleSpec, Site } from '../model.js';
import { EVIDENCE_SOURCES, LANGUAGE_IDS, SEVERITIES } from '../model.js';
import { AttractorError, describeProblem } from '../shared/errors.js';

/** A query whose `#match?` regexes could hang a run is refused (see super-linear.ts). */
function checkQueryRegexes(c: { fail(field: string, why: string): never }, query: string): string {
  for (const pattern of queryRegexes(query)) {
    const slow = superLinearReason(pattern);
    if (slow) c.fail('query', slow);
  }
  return query;
}

/** `{{name}}` in a constraint's text test: the regex-escaped text of the constraint's capture. */
export const CAPTURE_PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** Rule ids: kebab-case words, optionally namespaced with one slash (`learned/await-fetch`). */
export const RULE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)?$/;

const CONSTRAINT_KINDS = ['is', 'isNot', 'inside', 'notInside', 'has', 'notHas', 'followedBy', 'notFollowedBy', 'textIn', 'textNotIn'] as const;

type Json = unknown;

class Checker {
  constructor(private readonly file: string) {}

  fail(field: string, why: string): never {
    throw new AttractorError('bad-rule', describeProblem(this.file, field, why));
  }

  object(value: Json, field: string, allowed: readonly string[]): Record<string, Json> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, 'expected an object');
    const record = value as Record<string, Json>;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) this.fail(field ? `${field}.${key}` : key, `unknown key (expected one of ${allowed.join(', ')})`);
    }
    return record;
  }

  string(value: Json, field: string, options: { optional?: boolean; nonEmpty?: boolean } = {}): string | undefined {
    if (value === undefined && options.optional) return undefined;
    if (typeof value !== 'string') this.fail(field, value === undefined ? 'is required' : 'expected a string');
    if (options.nonEmpty !== false && value.trim() === '') this.fail(field, 'must not be empty');
    return value;
  }

  array(value: Json, field: string, optional = false): Json[] | undefined {
    if (value === undefined && optional) return undefined;
    if (!Array.isArray(value)) this.fail(field, value === undefined ? 'is required' : 'expected a list');
    return value;
  }

  number(value: Json, field: string): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(field, 'expected a number');
    return value;
  }

  /** A whole number of at least `min` (a line: 1, a count: 0); required. */
  whole(value: Json, field: string, min: number): number {
    if (value === undefined) this.fail(field, 'is required');
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) this.fail(field, `expected a whole number of at least ${min}`);
    return value;
  }

  regex(value: Json, field: string, subject?: string): string | undefined {
    const text = this.string(value, field, { optional: true });
    if (text === undefined) return undefined;
    for (const m of text.matchAll(CAPTURE_PLACEHOLDER)) {
      if (subject === undefined) this.fail(field, `{{${m[1]}}} placeholders only work inside a constraint`);
      if (m[1] !== subject) this.fail(field, `{{${m[1]}}} must name the constraint's own capture ("${subject}")`);
    }
    try {
      new RegExp(text.replace(CAPTURE_PLACEHOLDER, 'x'));
    } catch (error) {
      this.fail(field, `invalid regular expression (${(error as Error).message})`);
    }
    const slow = superLinearReason(text);
    if (slow) this.fail(field, slow);
    return text;
  }

  language(value: Json, field: string): LanguageId {
    if (typeof value !== 'string' || !(LANGUAGE_IDS as readonly string[]).includes(value)) {
      this.fail(field, `expected one of ${LANGUAGE_IDS.join(', ')}`);
    }
    return value as LanguageId;
  }

  stringList(value: Json, field: string): string[] {
    const list = this.array(value, field) ?? [];
    return list.map((item, i) => this.string(item, `${field}[${i}]`) as string);
  }

  /** `subject`: the capture of the enclosing constraint, which `{{...}}` in `text` may name. */
  nodeTest(value: Json, field: string, subject?: string): NodeTest {
    const record = this.object(value, field, ['kind', 'async', 'text']);
    const test: NodeTest = {};
    if (record.kind !== undefined) {
      test.kind = typeof record.kind === 'string' ? this.string(record.kind, `${field}.kind`) : this.stringList(record.kind, `${field}.kind`);
    }
    if (record.async !== undefined) {
      if (typeof record.async !== 'boolean') this.fail(`${field}.async`, 'expected true or false');
      test.async = record.async;
    }
    const text = this.regex(record.text, `${field}.text`, subject);
    if (text !== undefined) test.text = text;
    if (Object.keys(test).length === 0) this.fail(field, 'needs at least one of kind, async, text');
    return test;
  }
}

function checkConstraint(c: Checker, value: Json, field: string): Constraint {
  const record = c.object(value, field, ['capture', 'stopAt', ...CONSTRAINT_KINDS]);
  const capture = c.string(record.capture, `${field}.capture`) as string;
  const kinds = CONSTRAINT_KINDS.filter((kind) => record[kind] !== undefined);
  if (kinds.length !== 1) c.fail(field, `needs exactly one of ${CONSTRAINT_KINDS.join(', ')}`);
  const kind = kinds[0] as (typeof CONSTRAINT_KINDS)[number];
  if (record.stopAt !== undefined && kind !== 'inside' && kind !== 'notInside') c.fail(`${field}.stopAt`, 'only goes with inside or notInside');
  if (kind === 'textIn' || kind === 'textNotIn') {
    const set = c.object(record[kind], `${field}.${kind}`, ['query', 'capture']);
    const query = c.string(set.query, `${field}.${kind}.query`) as string;
    const setCapture = c.string(set.capture, `${field}.${kind}.capture`) as string;
    return { capture, [kind]: { query, capture: setCapture } } as Constraint;
  }
  const test = c.nodeTest(record[kind], `${field}.${kind}`, capture);
  const constraint = { capture, [kind]: test } as Record<string, unknown>;
  if (record.stopAt !== undefined) constraint.stopAt = c.stringList(record.stopAt, `${field}.stopAt`);
  return constraint as unknown as Constraint;
}

function checkFix(c: Checker, value: Json, field: string): FixSpec {
  const record = c.object(value, field, ['target', 'template', 'when', 'safety']);
  const fix: FixSpec = {
    target: c.string(record.target, `${field}.target`) as string,
    template: c.string(record.template, `${field}.template`, { nonEmpty: false }) as string,
  };
  if (record.safety !== undefined) {
    const safety = c.string(record.safety, `${field}.safety`) as string;
    if (safety !== 'safe' && safety !== 'unsafe') c.fail(`${field}.safety`, 'expected one of safe, unsafe');
    else fix.safety = safety;
  }
  if (record.when !== undefined) {
    const when = c.object(record.when, `${field}.when`, ['capture', 'equals']);
    fix.when = {
      capture: c.string(when.capture, `${field}.when.capture`) as string,
      equals: c.string(when.equals, `${field}.when.equals`, { nonEmpty: false }) as string,
    };
  }
  return fix;
}

function checkSite(c: Checker, value: Json, field: string): Site {
  const site = c.object(value, field, ['path', 'line']);
  return { path: c.string(site.path, `${field}.path`) as string, line: c.whole(site.line, `${field}.line`, 1) };
}

function checkMigration(c: Checker, value: Json, field: string): MigrationProgress {
  const record = c.object(value, field, ['from', 'to', 'steps', 'migrated', 'remaining']);
  const steps = (c.array(record.steps, `${field}.steps`) ?? []).map((item, i) => {
    const where = `${field}.steps[${i}]`;
    const step = c.object(item, where, ['commit', 'date', 'sites']);
    return { commit: c.string(step.commit, `${where}.commit`) as string, date: c.string(step.date, `${where}.date`) as string, sites: c.whole(step.sites, `${where}.sites`, 0) };
  });
  return {
    from: c.string(record.from, `${field}.from`) as string,
    // Empty when the old call is removed rather than replaced.
    to: c.string(record.to, `${field}.to`, { nonEmpty: false }) as string,
    steps,
    migrated: c.whole(record.migrated, `${field}.migrated`, 0),
    remaining: c.whole(record.remaining, `${field}.remaining`, 0),
  };
}

const CONVENTION_FAMILIES: readonly ConventionFamily[] = ['none_guard', 'missing_await', 'required_keyword', 'unused_result', 'forwarded_parameter'];

function checkConvention(c: Checker, value: Json, field: string): ConventionEvidence {
  const record = c.object(value, field, ['family', 'api', 'keyword', 'conforming', 'deviants', 'fixedBy']);
  if (!CONVENTION_FAMILIES.includes(record.family as ConventionFamily)) c.fail(`${field}.family`, `expected one of ${CONVENTION_FAMILIES.map((f) => `"${f}"`).join(', ')}`);
  const out: ConventionEvidence = {
    family: record.family as ConventionFamily,
    api: c.string(record.api, `${field}.api`) as string,
    conforming: c.whole(record.conforming, `${field}.conforming`, 0),
    deviants: c.whole(record.deviants, `${field}.deviants`, 0),
  };
  const keyword = c.string(record.keyword, `${field}.keyword`, { optional: true });
  if (keyword !== undefined) out.keyword = keyword;
  if (record.fixedBy !== undefined) out.fixedBy = c.stringList(record.fixedBy, `${field}.fixedBy`);
  return out;
}

function checkCases(c: Checker, value: Json, field: string, languages: LanguageId[]): RuleCase[] {
  const list = c.array(value, field) ?? [];
  return list.map((item, i) => {
    const where = `${field}[${i}]`;
    if (typeof item === 'string') return { code: item };
    const record = c.object(item, where, ['code', 'language', 'output']);
    const out: RuleCase = { code: c.string(record.code, `${where}.code`, { nonEmpty: false }) as string };
    if (record.language !== undefined) {
      out.language = c.language(record.language, `${where}.language`);
      if (!languages.includes(out.language)) c.fail(`${where}.language`, `${out.language} is not one of the rule's languages`);
    }
    const output = c.string(record.output, `${where}.output`, { optional: true, nonEmpty: false });
    if (output !== undefined) out.output = output;
    return out;
  });
}

/**
 * Checks the shape of a parsed rule file and returns it typed. Query compilation (node kinds,
 * capture names) is checked later by `compileRule`, which knows the grammars.
 */
export function validateRuleSpec(value: Json, file: string): RuleSpec {
  const c = new Checker(file);
  const record = c.object(value, '', ['$schema', 'id', 'language', 'message', 'severity', 'query', 'at', 'where', 'fix', 'docs', 'newCodeOnly', 'provenance', 'cases']);
  c.string(record.$schema, '$schema', { optional: true });
  const id = c.string(record.id, 'id') as string;
  if (!RULE_ID_PATTERN.test(id)) c.fail('id', `"${id}" is not a kebab-case id (e.g. "eq-none" or "learned/await-fetch")`);
  const languages =
    typeof record.language === 'string'
      ? [c.language(record.language, 'language')]
      : (c.array(record.language, 'language') ?? []).map((item, i) => c.language(item, `language[${i}]`));
  if (languages.length === 0) c.fail('language', 'must name at least one language');
  if (new Set(languages).size !== languages.length) c.fail('language', 'lists a language twice');
  const severity = c.string(record.severity, 'severity') as string;
  if (!(SEVERITIES as readonly string[]).includes(severity)) c.fail('severity', `expected one of ${SEVERITIES.join(', ')}`);

  const spec: RuleSpec = {
    id,
    language: typeof record.language === 'string' ? languages[0]! : languages,
    message: c.string(record.message, 'message') as string,
    severity: severity as RuleSpec['severity'],
    query: checkQueryRegexes(c, c.string(record.query, 'query') as string),
    provenance: { origin: 'curated' },
    cases: { invalid: [], valid: [] },
  };
  const at = c.string(record.at, 'at', { optional: true });
  if (at !== undefined) spec.at = at;
  const where = c.array(record.where, 'where', true);
  if (where) spec.where = where.map((item, i) => checkConstraint(c, item, `where[${i}]`));
  if (record.fix !== undefined) {
    spec.fix = Array.isArray(record.fix)
      ? record.fix.map((item, i) => checkFix(c, item, `fix[${i}]`))
      : checkFix(c, record.fix, 'fix');
    if (Array.isArray(spec.fix) && spec.fix.length === 0) c.fail('fix', 'must not be an empty list');
  }
  if (record.docs !== undefined) {
    const docs = c.object(record.docs, 'docs', ['description', 'url', 'rationale']);
    spec.docs = {};
    for (const key of ['description', 'url', 'rationale'] as const) {
      const text = c.string(docs[key], `docs.${key}`, { optional: true });
      if (text !== undefined) spec.docs[key] = text;
    }
  }
  const newCodeOnly = record.newCodeOnly;
  if (newCodeOnly !== undefined) {
    if (typeof newCodeOnly !== 'boolean') c.fail('newCodeOnly', 'expected true or false');
    else spec.newCodeOnly = newCodeOnly;
  }
  const prov = c.object(record.provenance, 'provenance', ['origin', 'source', 'commits', 'support', 'resonance', 'tests', 'learnedAt', 'notes', 'parts', 'unfixedMatches', 'fixes', 'sites', 'migration', 'convention']);
  if (prov.origin !== 'curated' && prov.origin !== 'learned') c.fail('provenance.origin', 'expected "curated" or "learned"');
  spec.provenance = { origin: prov.origin as 'curated' | 'learned' };
  if (prov.source !== undefined) {
    if (!EVIDENCE_SOURCES.includes(prov.source as EvidenceSource)) c.fail('provenance.source', `expected one of ${EVIDENCE_SOURCES.map((s) => `"${s}"`).join(', ')}`);
    spec.provenance.source = prov.source as EvidenceSource;
  }
  if (prov.commits !== undefined) spec.provenance.commits = c.stringList(prov.commits, 'provenance.commits');
  if (prov.tests !== undefined) spec.provenance.tests = c.stringList(prov.tests, 'provenance.tests');
  const support = c.number(prov.support, 'provenance.support');
  if (support !== undefined) spec.provenance.support = support;
  const resonance = c.number(prov.resonance, 'provenance.resonance');
  if (resonance !== undefined) spec.provenance.resonance = resonance;
  const learnedAt = c.string(prov.learnedAt, 'provenance.learnedAt', { optional: true });
  if (learnedAt !== undefined) spec.provenance.learnedAt = learnedAt;
  const notes = c.string(prov.notes, 'provenance.notes', { optional: true });
  if (notes !== undefined) spec.provenance.notes = notes;
  if (prov.parts !== undefined) {
    const names = ['support', 'spread', 'tests', 'recency', 'consistency', 'prevalence'] as const;
    const parts = c.object(prov.parts, 'provenance.parts', names);
    const out = {} as NonNullable<RuleSpec['provenance']['parts']>;
    for (const name of names) {
      out[name] = c.number(parts[name], `provenance.parts.${name}`) ?? c.fail(`provenance.parts.${name}`, 'is required');
    }
    spec.provenance.parts = out;
  }
  const unfixed = c.number(prov.unfixedMatches, 'provenance.unfixedMatches');
  if (unfixed !== undefined) spec.provenance.unfixedMatches = unfixed;
  const fixes = c.array(prov.fixes, 'provenance.fixes', true);
  if (fixes) {
    spec.provenance.fixes = fixes.map((item, i) => {
      const where = `provenance.fixes[${i}]`;
      const fix = c.object(item, where, ['commit', 'subject', 'path', 'line']);
      return {
        commit: c.string(fix.commit, `${where}.commit`) as string,
        subject: c.string(fix.subject, `${where}.subject`, { nonEmpty: false }) as string,
        path: c.string(fix.path, `${where}.path`) as string,
        line: c.number(fix.line, `${where}.line`) ?? c.fail(`${where}.line`, 'is required'),
      };
    });
  }
  const sites = c.array(prov.sites, 'provenance.sites', true);
  if (sites) spec.provenance.sites = sites.map((item, i) => checkSite(c, item, `provenance.sites[${i}]`));
  if (prov.migration !== undefined) spec.provenance.migration = checkMigration(c, prov.migration, 'provenance.migration');
  if (prov.convention !== undefined) spec.provenance.convention = checkConvention(c, prov.convention, 'provenance.convention');

  const cases = c.object(record.cases, 'cases', ['invalid', 'valid']);
  spec.cases = { invalid: checkCases(c, cases.invalid, 'cases.invalid', languages), valid: checkCases(c, cases.valid, 'cases.valid', languages) };
  if (spec.cases.invalid.length === 0) c.fail('cases.invalid', 'needs at least one snippet the rule must flag');
  if (spec.cases.valid.length === 0) c.fail('cases.valid', 'needs at least one snippet the rule must not flag');
  return spec;
}

/** The rule's languages as a list. */
export function ruleLanguages(spec: RuleSpec): LanguageId[] {
  return Array.isArray(spec.language) ? spec.language : [spec.language];
}
