import type { ConventionEvidence, ConventionFamily, EditPattern, FixSpec, RuleSpec } from '../../../model.js';
import { releaseSyntaxTrees } from '../../../parse/index.js';
import { hashOf } from '../../../shared/hash.js';
import type { Candidate } from '../../generalise.js';
import { signatureTokens } from '../../signature.js';
import { resonanceOf } from '../../score.js';
import { saturate, type Assessment, type LearningSource, type SourceInput } from '../source.js';
import { pythonCallSites, type CallSite, type Definition } from './call-sites.js';
import { conventionQuery, type Callee } from './convention-query.js';

/** A convention needs this many call sites that follow it. */
const MIN_CONFORMING = 5;
/** The lower bound (Wilson, 95%) of the share of calls that follow it must reach this. */
const MIN_LOWER_BOUND: Record<ConventionFamily, number> = { none_guard: 0.5, missing_await: 0.5, required_keyword: 0.6, unused_result: 0.85, forwarded_parameter: 0.6 };
/** A name defined more often than this is too ambiguous to resolve a call by (`get`, `run`). */
const MAX_DEFINITIONS = 3;
/** More deviants than this, and no fix ever moved one into the convention: two ways of doing it, not a convention. */
const MAX_UNFIXED_DEVIANTS = 3;
/**
 * Method names of Python's builtin types and common standard-library objects: a call
 * `x.join()` may be `str.join`, `Thread.join` or `os.path.join` as well as the repository's own
 * `join`, and the file does not say which.
 */
const LIBRARY_METHODS = new Set(
  (
    'join split rsplit strip lstrip rstrip format replace lower upper startswith endswith encode decode find rfind index rindex count ' +
    'partition rpartition splitlines title capitalize zfill center ljust rjust expandtabs casefold isdigit isalpha isspace ' +
    'append extend insert remove pop clear copy sort reverse get items keys values setdefault update popitem fromkeys ' +
    'add discard union intersection difference issubset issuperset ' +
    'read write readline readlines writelines close flush seek tell open fileno truncate ' +
    'send recv connect bind listen accept shutdown sendall settimeout ' +
    'start stop run wait notify notify_all acquire release locked is_set set cancel cancelled done result exception add_done_callback ' +
    'put get_nowait put_nowait qsize empty full task_done submit map shutdown ' +
    'debug info warning warn error critical exception log ' +
    'exists isfile isdir mkdir makedirs unlink rename stat resolve iterdir glob rglob relative_to with_suffix with_name ' +
    'match search fullmatch sub subn group groups groupdict span ' +
    'dumps loads dump load isoformat strftime timestamp total_seconds ' +
    'call execute fetchone fetchall fetchmany commit rollback cursor ' +
    'register unregister emit connect disconnect handle process setup teardown'
  ).split(' '),
);

/**
 * Methods of `str` and `bytes` that only compute a new value: a call of one of them as a statement of
 * its own does nothing. They are counted by name whatever the receiver, so a name the repository
 * defines itself (sqlalchemy's `ColumnCollection.replace`) is left out. Of `join`, only the calls
 * with one argument that is not a number or a timeout count: `thread.join()`, `process.join(5)`,
 * `th.join(join_timeout)` are dropped on purpose in every repository that starts one.
 */
const PURE_METHODS = new Set('join split rsplit splitlines strip lstrip rstrip replace lower upper casefold format encode decode startswith endswith zfill partition rpartition removeprefix removesuffix'.split(' '));

const GENERIC = new Set(['__init__', 'main', 'run', 'get', 'set', 'setup', 'close', 'start', 'stop', 'update', 'process', 'handle', 'execute', 'call']);

/** Lower bound of the Wilson score interval (95%) of `k` successes in `n`. */
export function wilsonLowerBound(k: number, n: number): number {
  if (n === 0) return 0;
  const z = 1.96;
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = p + (z * z) / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return Math.max(0, (centre - margin) / denominator);
}

interface Convention {
  family: ConventionFamily;
  api: string;
  /** How the API is called: by its name (a function) or on a receiver (a method). */
  callee: Callee;
  keyword?: string;
  /** A method of the builtin string types, by name: dropping its result is never on purpose. */
  pure?: boolean;
  conforming: CallSite[];
  /** Deviants as the call-site facts see them (the rule's own tree sites are what counts). */
  deviants: CallSite[];
  fixedBy: EditPattern[];
  /** Fix edits that moved a call of the API out of the convention: it was broken on purpose. */
  brokenBy: EditPattern[];
}

/** What `assess` needs of a candidate, by its signature (candidates are copied on their way). */
const found = new Map<string, Convention>();

const WORDS: Record<ConventionFamily, (c: Convention, n: number) => string> = {
  none_guard: (c, n) => `${c.conforming.length} of ${n} calls of \`${c.api}\` test the result for None before using it (it can return None); this one does not`,
  missing_await: (c, n) => `\`${c.api}\` is a coroutine: ${c.conforming.length} of ${n} calls of it in async code await it; this one does not, so it never runs`,
  required_keyword: (c, n) => `${c.conforming.length} of ${n} calls of \`${c.api}\` pass \`${c.keyword}=\`; this one does not`,
  unused_result: (c, n) => `${c.conforming.length} of ${n} calls of \`${c.api}\` use its result; this one drops it`,
  forwarded_parameter: (c, n) => `${c.conforming.length} of ${n} calls of \`${c.api}\` in a function that takes \`${c.keyword}\` pass it on (\`${c.keyword}=${c.keyword}\`); this one does not`,
};

const countOf = (pattern: RegExp, text: string): number => [...text.matchAll(pattern)].length;

/**
 * The fix edits of the history that brought a call of `api` into the family's convention
 * (`into`), or took one out of it (`out`: the convention was broken on purpose).
 */
function fixesMoving(direction: 'into' | 'out', family: ConventionFamily, api: string, keyword: string | undefined, edits: EditPattern[]): EditPattern[] {
  const calls = new RegExp(`(?<![\\w$])${api}\\s*\\(`);
  const every = new RegExp(`(?<!def\\s+)(?<![\\w$])${api}\\s*\\(`, 'g');
  const awaited = new RegExp(`\\bawait\\s+(?:[\\w.]+\\.)?${api}\\s*\\(`, 'g');
  return edits.filter((e) => {
    const [from, to] = direction === 'into' ? [e.beforeText, e.afterText] : [e.afterText, e.beforeText];
    if (e.language !== 'python' || !calls.test(from) || !calls.test(to)) return false;
    const { removed, added } = signatureTokens(e.signature);
    const [lost, got] = direction === 'into' ? [removed, added] : [added, removed];
    const gained = (token: string): boolean => got.filter((t) => t === token).length > lost.filter((t) => t === token).length;
    // Out of it: the same calls before and after, one of them now without what the others do
    // (a refactoring that moves a call elsewhere does not break a convention).
    if (direction === 'out' && countOf(every, from) !== countOf(every, to)) return false;
    if (family === 'missing_await') return direction === 'into' ? gained('await') : countOf(awaited, from) < countOf(awaited, to);
    if (family === 'required_keyword' || family === 'forwarded_parameter') return gained(`api:${keyword}`);
    if (family === 'none_guard') return gained('None') || gained('is') || gained('not');
    // unused_result: a statement that was only the call now keeps its result.
    const bare = new RegExp(`^\\s*(?:[\\w.]+\\.)?${api}\\s*\\(`);
    const kept = new RegExp(`^\\s*(?:return\\b|[\\w.\\[\\], ]+=(?!=)).*(?<![\\w$])${api}\\s*\\(`);
    return bare.test(from) && kept.test(to);
  });
}

/** A synthetic member: the deviant form of a real call and its conforming form, as snippets that parse. */
function member(c: Convention, site: CallSite, before: string, after: string): EditPattern {
  const node = { type: 'module', named: true };
  return {
    commit: '',
    subject: '',
    time: 0,
    author: '',
    path: site.path,
    language: 'python',
    kind: 'replace',
    signature: `convention ${c.family} ${c.api}${c.keyword ? ` ${c.keyword}` : ''}`,
    before: node,
    after: node,
    beforeText: before,
    afterText: after,
    line: site.line,
    context: { parentType: '', inAsyncFunction: c.family === 'missing_await', inTry: false, inLoop: false, tryCalls: [], imports: [] },
    snippet: { before, after },
    evidence: { touchesTests: false, redToGreen: [] },
  };
}

const single = (site: CallSite): boolean => /^[^\n]*\)$/.test(site.text) && !site.text.includes('lambda');

/** Up to three members from real calls: the convention's deviant form (before) and its own form (after). */
function membersOf(c: Convention): EditPattern[] {
  const out: EditPattern[] = [];
  const seen = new Set<string>();
  for (const site of [...c.deviants, ...c.conforming].filter(single)) {
    if (out.length >= 3) break;
    let pair: [string, string] | undefined;
    const call = site.text.replace(/^await\s+/, '');
    switch (c.family) {
      case 'missing_await':
        pair = [`async def example():\n    ${call}\n`, `async def example():\n    await ${call}\n`];
        break;
      case 'unused_result':
        pair = [`def example():\n    ${call}\n`, `def example():\n    result = ${call}\n    return result\n`];
        break;
      case 'none_guard': {
        const name = site.assignedTo ?? 'found';
        const attribute = site.usedAttribute && site.usedAttribute !== '[]' ? site.usedAttribute : 'value';
        pair = [`def example():\n    ${name} = ${call}\n    return ${name}.${attribute}\n`, `def example():\n    ${name} = ${call}\n    if ${name} is None:\n        return None\n    return ${name}.${attribute}\n`];
        break;
      }
      case 'forwarded_parameter': {
        if (!site.forwarded.includes(c.keyword as string)) break;
        const keyword = new RegExp(`,?\\s*\\b${c.keyword}\\s*=\\s*${c.keyword}(?=\\s*[,)])`);
        if (!keyword.test(call)) break;
        const without = call.replace(keyword, '').replace(/\(\s*,\s*/, '(');
        const params = ['*', ...new Set([...(site.enclosingParams.filter((p) => /^\w+$/.test(p) && p !== c.keyword)), c.keyword as string])].map((p) => (p === '*' ? p : `${p}=None`));
        const head = `def example(${params.join(', ')}):\n    return `;
        pair = [`${head}${without}\n`, `${head}${call}\n`];
        break;
      }
      case 'required_keyword': {
        const keyword = new RegExp(`,?\\s*\\b${c.keyword}\\s*=\\s*[\\w.'"]+(?=\\s*[,)])`);
        if (!site.keywords.includes(c.keyword as string) || !keyword.test(call)) break;
        const without = call.replace(keyword, '').replace(/\(\s*,\s*/, '(');
        pair = [`value = ${without}\n`, `value = ${call}\n`];
        break;
      }
    }
    if (!pair || seen.has(pair[0])) continue;
    seen.add(pair[0]);
    out.push(member(c, site, pair[0], pair[1]));
  }
  return out;
}

/** The conventions of the tree's call sites, each with its conforming and deviant calls. */
function conventionsOf(definitions: Definition[], calls: CallSite[], edits: EditPattern[]): Convention[] {
  const defsByName = new Map<string, Definition[]>();
  for (const d of definitions) defsByName.set(d.name, [...(defsByName.get(d.name) ?? []), d]);
  const callsByName = new Map<string, CallSite[]>();
  for (const c of calls) callsByName.set(c.api, [...(callsByName.get(c.api) ?? []), c]);
  const out: Convention[] = [];
  let callee: Callee = 'name';
  const add = (family: ConventionFamily, api: string, conforming: CallSite[], deviants: CallSite[], keyword?: string): boolean => {
    if (conforming.length < MIN_CONFORMING) return false;
    if (wilsonLowerBound(conforming.length, conforming.length + deviants.length) < MIN_LOWER_BOUND[family]) return false;
    out.push({ family, api, callee, conforming, deviants, fixedBy: fixesMoving('into', family, api, keyword, edits), brokenBy: fixesMoving('out', family, api, keyword, edits), ...(keyword ? { keyword } : {}) });
    return true;
  };
  for (const [api, defs] of [...defsByName].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (defs.length > MAX_DEFINITIONS || GENERIC.has(api) || /^__\w+__$/.test(api)) continue;
    // Calls resolved as far as the file allows: a function by its name in scope (defined or
    // imported there); a method by a name no builtin type or common library object also has.
    let sites: CallSite[];
    callee = defs.every((d) => !d.method) ? 'name' : 'method';
    if (defs.every((d) => !d.method)) sites = (callsByName.get(api) ?? []).filter((s) => s.inScope && s.receiver === undefined);
    else if (defs.every((d) => d.method) && !LIBRARY_METHODS.has(api)) sites = (callsByName.get(api) ?? []).filter((s) => s.receiver !== undefined);
    else continue;
    // Test functions call APIs the odd way on purpose: they neither make nor break a convention.
    sites = sites.filter((s) => !s.inTest);
    if (sites.length < MIN_CONFORMING) continue;
    if (defs.every((d) => d.async)) {
      const inAsync = sites.filter((s) => s.inAsync);
      add('missing_await', api, inAsync.filter((s) => s.awaited), inAsync.filter((s) => s.discarded));
      continue;
    }
    if (defs.some((d) => d.async)) continue;
    if (defs.every((d) => d.mayReturnNone)) {
      const conforming = sites.filter((s) => s.tested || s.guarded === true);
      add('none_guard', api, conforming, sites.filter((s) => s.dereferenced || s.guarded === false));
    } else if (defs.every((d) => !d.mayReturnNone && !d.returnsSelf)) {
      add('unused_result', api, sites.filter((s) => !s.discarded), sites.filter((s) => s.discarded));
    }
    // Keywords with a default that every definition takes: most calls pass one, a few do not.
    const optional = defs.map((d) => new Set(d.defaults));
    for (const keyword of [...(optional[0] ?? [])].sort()) {
      if (!optional.every((set) => set.has(keyword))) continue;
      // Passed by position somewhere: the rule cannot tell those calls apart; no convention to state.
      const byPosition = sites.some((s) => defs.some((d) => d.params.indexOf(keyword) >= 0 && !d.keywordOnly.includes(keyword) && s.positional > d.params.indexOf(keyword)));
      if (byPosition) continue;
      const open = sites.filter((s) => !s.splat);
      // Where the calling function has a parameter of the keyword's name, most calls pass it on.
      const forwarding = open.filter((s) => s.enclosingParams.includes(keyword));
      const forwarded = forwarding.filter((s) => s.forwarded.includes(keyword));
      if (add('forwarded_parameter', api, forwarded, forwarding.filter((s) => !s.keywords.includes(keyword)), keyword)) continue;
      add('required_keyword', api, open.filter((s) => s.keywords.includes(keyword)), open.filter((s) => !s.keywords.includes(keyword)), keyword);
    }
  }
  // Methods of the string types by name, whatever the receiver: when nearly every call uses the
  // result, the few that drop it are the convention's deviants (a `thread.join()` repository fails the bound).
  callee = 'method';
  for (const api of [...PURE_METHODS].sort()) {
    if (defsByName.has(api)) continue;
    const joins = (s: CallSite): boolean => api !== 'join' || (s.positional === 1 && s.keywords.length === 0 && !/timeout|\(\s*[\d.]+\s*\)/.test(s.text));
    const sites = (callsByName.get(api) ?? []).filter((s) => s.receiver !== undefined && !s.inTest && joins(s));
    const before = out.length;
    if (add('unused_result', api, sites.filter((s) => !s.discarded), sites.filter((s) => s.discarded))) (out[before] as Convention).pure = true;
  }
  return out;
}

/**
 * Conventions: what most call sites of one of the repository's own functions do, and the few that
 * do not (Engler et al.'s "bugs as deviant behaviour"). One pass over the tree's Python files
 * collects every call of a name the repository defines (`call-sites.ts`); a fact that holds at many
 * calls and fails at few (ranked by the lower bound of its share, not a fixed ratio) becomes a
 * rule whose findings are the deviants: `none_guard` (a function that can return None, tested
 * first at most calls), `missing_await` (a coroutine awaited at most calls in async code),
 * `required_keyword` (an optional keyword most calls pass), `unused_result`. A fix commit that
 * brought a call into the convention raises its score and is named in the message.
 */
/** Characters parsed between two releases of the syntax trees (see `releaseSyntaxTrees`). */
const RELEASE_EVERY = 2_000_000;

export const conventions: LearningSource = {
  name: 'convention',
  async candidates(input: SourceInput): Promise<Candidate[]> {
    if (input.settings.conventions === false || !input.tree) return [];
    const started = Date.now();
    // One learn's conventions at a time (a process may learn several revisions: eval).
    found.clear();
    const files = [...input.tree()].filter((f) => f.language === 'python');
    // Names the tree defines: only their calls are collected.
    const defined = new Set<string>(PURE_METHODS);
    for (const f of files) for (const m of f.text.matchAll(/^[ \t]*(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)/gm)) defined.add(m[1] as string);
    const definitions: Definition[] = [];
    const calls: CallSite[] = [];
    let parsed = 0;
    for (const f of files) {
      parsed += f.text.length;
      if (parsed > RELEASE_EVERY) {
        parsed = 0;
        await releaseSyntaxTrees();
      }
      try {
        const found = pythonCallSites(f.path, f.text, defined);
        definitions.push(...found.definitions);
        calls.push(...found.calls);
      } catch {
        // A file the parser cannot take: its calls are not counted.
      }
    }
    const out: Candidate[] = [];
    for (const c of conventionsOf(definitions, calls, input.edits)) {
      const query = conventionQuery(c.family, c.api, c.callee, c.keyword, { pure: c.pure });
      const members = membersOf(c);
      if (members.length === 0) continue;
      const signature = `convention ${c.family} ${c.api}${c.keyword ? ` ${c.keyword}` : ''}`;
      found.set(signature, c);
      const hash = hashOf('convention', c.family, c.api, c.keyword ?? '');
      const slug = `${c.family.replace(/_/g, '-')}-${c.api}${c.keyword ? `-${c.keyword}` : ''}`.replace(/[^A-Za-z0-9-]+/g, '-').toLowerCase().slice(0, 50);
      const id = `learned/${slug}-${hash.slice(0, 4)}`;
      const fix: FixSpec | FixSpec[] | undefined =
        c.family === 'missing_await'
          ? { target: 'match', template: 'await {{match}}', safety: 'unsafe' }
          : c.family === 'forwarded_parameter'
            ? [
                { target: 'last', template: `{{last}}, ${c.keyword}=${c.keyword}`, safety: 'unsafe' },
                { target: 'args', template: `(${c.keyword}=${c.keyword})`, when: { capture: 'args', equals: '()' }, safety: 'unsafe' },
              ]
            : undefined;
      const spec: RuleSpec = {
        id,
        language: 'python',
        message: `${WORDS[c.family](c, c.conforming.length + c.deviants.length)}.`,
        severity: 'warning',
        ...query,
        ...(fix ? { fix } : {}),
        provenance: { origin: 'learned', source: 'convention' },
        cases: { invalid: members.map((m) => ({ code: m.snippet.before, language: 'python' as const })), valid: members.map((m) => ({ code: m.snippet.after, language: 'python' as const })) },
      };
      out.push({ id, language: 'python', signature, members, before: members[0]?.before as EditPattern['before'], after: members[0]?.after as EditPattern['after'], spec, idHash: hash, source: 'convention' });
    }
    input.notes?.push(`conventions: ${calls.length} calls of ${defined.size} names the tree defines, in ${files.length} Python files: ${out.length} candidate conventions (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return out;
  },
  assess(candidate, measured): Assessment {
    const c = found.get(candidate.signature) as Convention;
    const deviants = measured.sites.length;
    const n = c.conforming.length + deviants;
    const lower = wilsonLowerBound(c.conforming.length, n);
    const fixedBy = [...new Set(c.fixedBy.sort((a, b) => b.time - a.time).map((e) => e.commit.slice(0, 12)))];
    const lastFix = Math.max(0, ...c.fixedBy.map((e) => e.time));
    // A fix that took a call out of the convention after the last fix into it: broken on purpose.
    const broken = c.brokenBy.filter((e) => e.time >= lastFix).sort((a, b) => b.time - a.time);
    const parts = {
      support: saturate(Math.ceil(c.conforming.length / 2)),
      spread: saturate(new Set(c.conforming.map((s) => s.path)).size),
      tests: fixedBy.length ? (c.brokenBy.length ? 0.5 : 1) : 0,
      // The tree is today's: its conventions are current.
      recency: 1,
      consistency: measured.consistency,
      prevalence: c.conforming.length / n,
    };
    const evidence: ConventionEvidence = { family: c.family, api: c.api, conforming: c.conforming.length, deviants, ...(c.keyword ? { keyword: c.keyword } : {}), ...(fixedBy.length ? { fixedBy } : {}) };
    const refusal = (): string | undefined => {
      if (broken.length) return `a fix took a call of \`${c.api}\` out of it (${broken[0]?.commit.slice(0, 12)}${fixedBy.length ? ', after the last fix into it' : ''}): broken on purpose`;
      if (lower < MIN_LOWER_BOUND[c.family]) return `${c.conforming.length} of ${n} calls follow it: lower bound ${lower.toFixed(2)} below ${MIN_LOWER_BOUND[c.family]}`;
      if (c.family === 'required_keyword' && fixedBy.length === 0) return `no fix ever added \`${c.keyword}=\` to a call of \`${c.api}\`: a keyword chosen call by call`;
      if (c.family === 'unused_result' && !c.pure && fixedBy.length === 0) return `no fix ever used a dropped result of \`${c.api}\`: calls that drop it may do so on purpose (for its side effects)`;
      // A coroutine called and dropped never runs, and a string method's dropped result is lost: always a bug.
      const alwaysWrong = c.family === 'missing_await' || c.pure === true;
      if (deviants === 0 && fixedBy.length === 0 && !alwaysWrong) return `all ${n} calls follow it and no fix ever moved one into it: nothing has gone wrong with it yet`;
      if (deviants > MAX_UNFIXED_DEVIANTS && fixedBy.length === 0 && !c.pure) return `${deviants} calls do otherwise and no fix ever moved one into it: two ways of calling it, not a convention`;
      return undefined;
    };
    const fixNote = fixedBy.length ? ` (fixed into it by ${fixedBy.slice(0, 2).join(', ')})` : '';
    return {
      parts,
      resonance: resonanceOf(parts),
      refused: refusal(),
      // Many deviants: the old ones are legacy; new code is held to the convention.
      newCodeOnly: deviants > 2,
      message: `${WORDS[c.family](c, n)}${fixNote}.`,
      description: `Learned by attractor-lint from the tree's calls of \`${c.api}\`: ${c.conforming.length} of ${n} follow the convention (${c.family}${c.keyword ? `, \`${c.keyword}=\`` : ''})${fixNote}; the others are reported.`,
      convention: evidence,
    };
  },
};
