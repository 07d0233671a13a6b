import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../../../files/write-atomically.js';
import { isAncestor, resolveCommit } from '../../../git/count-commits.js';
import { walkPatches } from '../../../git/walk-patches.js';
import { isTestPath, isVendoredPath } from '../../../mine/classify-commit.js';
import { fileFilter } from '../../../files/collect-paths.js';
import type { EditPattern, LanguageId, RuleSpec } from '../../../model.js';
import { extensionMap, languageOfPath } from '../../../parse/index.js';
import { hashOf } from '../../../shared/hash.js';
import type { Candidate } from '../../generalise.js';
import { resonanceOf } from '../../score.js';
import { saturate, type Assessment, type LearningSource, type Measured, type SourceInput } from '../source.js';
import { replacementsOf, type Replacement, type Role } from './replacements.js';

const YEAR = 365 * 86_400;
// Bump when Replacement or its mining changes: old caches are then simply not found.
const CACHE_FILE = 'migrations-v2.json';
/** A migration finished this long ago, with no old site left, is history, not a rule. */
const STALE_YEARS = 3;

interface Cache {
  head: string;
  replacements: Replacement[];
}

function readCache(file: string): Cache | undefined {
  try {
    const cache = JSON.parse(readFileSync(file, 'utf8')) as Cache;
    return typeof cache.head === 'string' && Array.isArray(cache.replacements) ? cache : undefined;
  } catch {
    return undefined;
  }
}

/** The replacements of the commits of `rev`, in non-test, non-vendored source files. */
async function collectReplacements(root: string, rev: string, inScope: (path: string) => boolean, onTruncated: () => void): Promise<Replacement[]> {
  const languages = extensionMap();
  const found: Replacement[] = [];
  for await (const commit of walkPatches(root, { rev, pathspecs: [...languages.keys()].map((ext) => `*${ext}`), onTruncated })) {
    for (const change of commit.files) {
      const language = languageOfPath(change.path, languages);
      if (!language || isTestPath(change.path) || isVendoredPath(change.path) || !inScope(change.path)) continue;
      for (const hunk of change.hunks) {
        for (const r of replacementsOf(hunk.removed, hunk.added, hunk.oldStart, language)) found.push({ ...r, commit: commit.sha, time: commit.time, subject: commit.subject.slice(0, 100), path: change.path });
      }
    }
  }
  return found;
}

/** Every replacement of the history (all commits, not only fixes), incrementally cached. */
async function allReplacements(input: SourceInput): Promise<Replacement[]> {
  const head = resolveCommit(input.root, input.rev ?? 'HEAD');
  if (!head) return [];
  const dir = input.cacheDir;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, CACHE_FILE);
  const cached = readCache(file);
  if (cached?.head === head) return cached.replacements;
  const base = cached && isAncestor(input.root, cached.head, head) ? cached : undefined;
  let truncated = 0;
  let found: Replacement[];
  try {
    found = await collectReplacements(input.root, base ? `${base.head}..${head}` : head, fileFilter(input.include ?? [], input.exclude ?? []), () => truncated++);
  } catch (error) {
    // A partial or damaged clone: git cannot diff some commits. Other sources still learn.
    input.notes?.push(`migrations: ${(error as Error).message}; no migration rules from this history`);
    return [];
  }
  if (truncated) input.notes?.push(`migrations: ${truncated} commits with more than 20,000 changed lines were read in part`);
  const replacements = [...found, ...(base?.replacements ?? [])];
  try {
    writeAtomically(file, JSON.stringify({ head, replacements }));
  } catch {
    // The cache is an optimisation.
  }
  return replacements;
}

const quote = (text: string): string => JSON.stringify(text);

/** The query that finds `from` in its role, or undefined where the language has no such role. */
export function migrationQuery(language: LanguageId, role: Role, from: string): string | undefined {
  const eq = `(#eq? @match ${quote(from)})`;
  if (language === 'python') {
    switch (role) {
      case 'call':
        return `((call function: [(identifier) @match (attribute attribute: (identifier) @match)]) ${eq})`;
      case 'attribute':
        return `((attribute attribute: (identifier) @match) ${eq})`;
      case 'keyword':
        return `((keyword_argument name: (identifier) @match) ${eq})`;
      case 'decorator':
        return `((decorator [(identifier) @match (attribute attribute: (identifier) @match) (call function: [(identifier) @match (attribute attribute: (identifier) @match)])]) ${eq})`;
      case 'import':
        return `((import_from_statement module_name: (dotted_name) @match) ${eq}) ((import_statement name: (dotted_name) @match) ${eq}) ((import_statement name: (aliased_import name: (dotted_name) @match)) ${eq})`;
      case 'string':
        return `((string (string_content) @match) ${eq})`;
    }
  }
  switch (role) {
    case 'call':
      return `((call_expression function: [(identifier) @match (member_expression property: (property_identifier) @match)]) ${eq})`;
    case 'attribute':
      return `((member_expression property: (property_identifier) @match) ${eq})`;
    case 'string':
      return `((string (string_fragment) @match) ${eq})`;
    default:
      return undefined;
  }
}

const ROLE_WORDS: Record<Role, string> = { call: 'call', attribute: 'attribute', keyword: 'keyword argument', decorator: 'decorator', import: 'import of module', string: 'string' };

/** A replacement site as the member of a candidate (its line before and after, as snippets). */
function asEdit(r: Replacement, signature: string): EditPattern {
  const node = { type: 'line', named: true };
  return {
    commit: r.commit,
    subject: r.subject,
    time: r.time,
    author: '',
    path: r.path,
    language: r.language,
    kind: 'replace',
    signature,
    before: node,
    after: node,
    beforeText: r.before,
    afterText: r.after,
    line: r.line,
    context: { parentType: '', inAsyncFunction: false, inTry: false, inLoop: false, tryCalls: [], imports: [] },
    snippet: { before: lineSnippet(r.before, r.language), after: lineSnippet(r.after, r.language) },
    evidence: { touchesTests: false, redToGreen: [] },
  };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the old name still has something to resolve to in the tree (a definition, a module file). */
function resolves(role: Role, from: string, language: LanguageId, measured: Pick<Measured, 'read' | 'grep'>): boolean {
  if (role === 'string') return true;
  if (role === 'import') {
    const path = from.replace(/\./g, '/');
    return ['', 'src/', 'lib/'].some((dir) => measured.read(`${dir}${path}.py`) !== undefined || measured.read(`${dir}${path}/__init__.py`) !== undefined);
  }
  // A keyword resolves while some function still takes a parameter of that name.
  if (role === 'keyword') return measured.grep(new RegExp(`\\bdef\\s+\\w+\\s*\\([^)]*\\b${escape(from)}\\b`), from);
  const name = escape(from);
  return language === 'python'
    ? measured.grep(new RegExp(`^\\s*(?:async\\s+)?(?:def|class)\\s+${name}\\b|^\\s*${name}\\s*=|\\bself\\.${name}\\s*=`, 'm'), from)
    : measured.grep(new RegExp(`\\bfunction\\s+${name}\\b|\\b${name}\\s*[:=]|\\.${name}\\s*=|\\b${name}\\s*\\(.*\\)\\s*\\{`), from);
}

/**
 * One changed line as a snippet that parses on its own: dedented, brackets it opens closed, and
 * a Python block header given a body (`if x == 'a':` becomes `if x == 'a':\n    pass`).
 */
export function lineSnippet(line: string, language: LanguageId): string {
  let text = line.trim();
  const closers: string[] = [];
  for (const c of text.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '')) {
    if (c === '(' || c === '[' || c === '{') closers.push(c === '(' ? ')' : c === '[' ? ']' : '}');
    else if ((c === ')' || c === ']' || c === '}') && closers.length) closers.pop();
  }
  if (language === 'python' && text.endsWith(':')) text += '\n    pass';
  else if (language === 'python' && /^(elif|else|except|finally)\b/.test(text)) text = `if x:\n    pass\n${text}\n    pass`;
  return `${text}${closers.reverse().join('')}\n`;
}

/** Generic types of Python's typing module and their builtin forms: replacing one by another changes annotations only. */
const TYPING_NAMES = new Set([
  'Any', 'Dict', 'dict', 'List', 'list', 'Set', 'set', 'FrozenSet', 'frozenset', 'Tuple', 'tuple', 'Type', 'type', 'Optional', 'Union',
  'Mapping', 'MutableMapping', 'Sequence', 'MutableSequence', 'Iterable', 'Iterator', 'Collection', 'Container', 'AbstractSet',
  'MutableSet', 'Callable', 'Awaitable', 'Coroutine', 'AsyncIterator', 'AsyncIterable', 'Generator', 'AsyncGenerator', 'AnyStr',
  'Text', 'DefaultDict', 'defaultdict', 'OrderedDict', 'Counter', 'Deque', 'deque', 'ChainMap', 'TypeVar', 'Protocol', 'Literal',
]);

/**
 * Unfinished migrations: from every commit (fixes or not), lines where one API name, a module
 * path of a Python import or a string constant was replaced and nothing else changed. `from`
 * replaced by one `to` in at least 2 commits, or at 3+ sites of one commit, and never put back
 * (`to` replaced by `from` in no commit), makes a ratchet rule for `from`: reported on new code
 * only (old sites are legacy, counted by `check` and shown by `explain` as the migration's progress).
 */
export const migrations: LearningSource = {
  name: 'migration',
  async candidates(input: SourceInput): Promise<Candidate[]> {
    const replacements = await allReplacements(input);
    const groups = new Map<string, Replacement[]>();
    for (const r of replacements) {
      const key = `${r.language}\u0000${r.role}\u0000${r.from}`;
      const list = groups.get(key) ?? [];
      list.push(r);
      groups.set(key, list);
    }
    // Replaced back: `to` -> `from` in the same role, in any commit.
    const putBack = (r: { language: LanguageId; role: Role; from: string; to: string }): boolean =>
      (groups.get(`${r.language}\u0000${r.role}\u0000${r.to}`) ?? []).some((x) => x.to === r.from);
    const out: Candidate[] = [];
    for (const key of [...groups.keys()].sort()) {
      const list = groups.get(key) as Replacement[];
      const first = list[0] as Replacement;
      const byTo = new Map<string, Replacement[]>();
      for (const r of list) byTo.set(r.to, [...(byTo.get(r.to) ?? []), r]);
      const [to, sites] = [...byTo].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))[0] as [string, Replacement[]];
      // One direction: the main replacement covers most sites, and was never undone.
      if (sites.length < 0.8 * list.length || putBack({ ...first, to })) continue;
      const perCommit = new Map<string, number>();
      for (const r of sites) perCommit.set(r.commit, (perCommit.get(r.commit) ?? 0) + 1);
      if (perCommit.size < 2 && Math.max(...perCommit.values()) < 3) continue;
      const query = migrationQuery(first.language, first.role, first.from);
      if (!query) continue;
      const signature = `migration ${first.role} -${first.from} +${to}`;
      const members = sites.map((r) => asEdit(r, signature)).sort((a, b) => b.time - a.time || (a.commit < b.commit ? -1 : 1));
      const newest = members[0] as EditPattern;
      const hash = hashOf('migration', first.language, first.role, first.from);
      const slug = first.from.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 40) || 'name';
      const id = `learned/migrate-${slug}-${hash.slice(0, 4)}`;
      const spec: RuleSpec = {
        id,
        language: first.language,
        message: `\`${first.from}\` was replaced by \`${to}\` in ${perCommit.size} commit${perCommit.size === 1 ? '' : 's'} (${sites.length} sites; newest ${newest.commit.slice(0, 7)} "${newest.subject.slice(0, 60)}"): use \`${to}\` in new code.`,
        severity: 'warning',
        query,
        newCodeOnly: true,
        provenance: { origin: 'learned', source: 'migration' },
        cases: { invalid: [{ code: newest.snippet.before, language: first.language }], valid: [{ code: newest.snippet.after, language: first.language }] },
      };
      if (IDENTIFIER.test(to) || (first.role === 'import' && /^[\w.]+$/.test(to)) || (first.role === 'string' && !/['"\\`]/.test(to))) spec.fix = { target: 'match', template: to, safety: 'unsafe' };
      out.push({ id, language: first.language, signature, members, before: newest.before, after: newest.after, spec, idHash: hash, source: 'migration' });
    }
    return out;
  },
  assess(candidate, measured): Assessment {
    const members = candidate.members;
    const commits = new Map<string, { time: number; sites: number }>();
    for (const m of members) commits.set(m.commit, { time: m.time, sites: (commits.get(m.commit)?.sites ?? 0) + 1 });
    const migrated = members.length;
    const remaining = measured.sites.length;
    const newest = Math.max(...members.map((m) => m.time));
    const parts = {
      support: Math.max(saturate(commits.size + 1), saturate(Math.ceil(migrated / 2))),
      spread: (saturate(new Set(members.map((m) => m.path)).size) + Math.min(1, (newest - Math.min(...members.map((m) => m.time))) / (90 * 86_400)) + 1) / 3,
      tests: 0,
      recency: 2 ** -(Math.max(0, measured.historyEnd - newest) / YEAR),
      consistency: measured.consistency,
      prevalence: migrated / (migrated + remaining),
    };
    const [, role = '', from = '', to = ''] = /^migration (\S+) -(\S+) \+(.*)$/.exec(candidate.signature) ?? [];
    // The strongest migrations leave the old name nothing to resolve to: a removed function or
    // attribute, a moved module. That stands in for test evidence, which plain commits lack.
    parts.tests = resolves(role as Role, from, candidate.language, measured) ? 0.25 : 1;
    const target = /^[\w$.:/-]+/.exec(to)?.[0] ?? to;
    const refusal = (): string | undefined => {
      if (TYPING_NAMES.has(from) && TYPING_NAMES.has(target)) return `\`${from}\` -> \`${target}\` changes type annotations (a choice of type, often per parameter), not behaviour`;
      if (commits.size === 1 && parts.tests < 1) return `one commit, and \`${from}\` still resolves: a rename kept for compatibility is no migration`;
      if (remaining > migrated) return `${remaining} old sites left against ${migrated} migrated: not a migration the repository follows`;
      if (!measured.grep(new RegExp(`(^|[^\\w$])${escape(target)}($|[^\\w$])`), target)) return `the new name \`${target}\` is gone from the tree too (a later change superseded it)`;
      if (remaining === 0 && measured.historyEnd - newest > STALE_YEARS * YEAR) return `finished more than ${STALE_YEARS} years before the end of the history: nothing left to guard`;
      return undefined;
    };
    return {
      parts,
      resonance: resonanceOf(parts),
      newCodeOnly: true,
      refused: refusal(),
      description: `Learned by attractor-lint from ${commits.size} commit${commits.size === 1 ? '' : 's'} that replaced the ${ROLE_WORDS[role as Role] ?? role} \`${from}\` by \`${to}\` at ${migrated} sites; ${remaining} old site${remaining === 1 ? '' : 's'} left (legacy, reported only on new code).`,
      migration: {
        from,
        to,
        steps: [...commits].sort((a, b) => a[1].time - b[1].time).map(([commit, step]) => ({ commit: commit.slice(0, 12), date: new Date(step.time * 1000).toISOString().slice(0, 10), sites: step.sites })),
        migrated,
        remaining,
      },
    };
  },
};
