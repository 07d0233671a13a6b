import { checkSource } from '../check/check-source.js';
import { extractEdits, MAX_HUNKS_PER_FILE } from '../learn/extract-edits.js';
import { describeFix, generalise, isNameableFix } from '../learn/generalise.js';
import { leaves } from '../learn/pattern-tree.js';
import { apiNames, signatureTokens } from '../learn/signature.js';
import { typeOnly } from '../learn/type-only.js';
import { isTestPath } from '../mine/classify-commit.js';
import { diffLines, type LineHunk } from '../mine/diff-lines.js';
import type { EditPattern, LanguageId, RuleSpec, Site } from '../model.js';
import { compilePack, type CompiledPack } from '../rules/compile-pack.js';
import { snippetPath } from '../parse/index.js';
import { validateRuleSpec } from '../rules/validate-spec.js';
import { hashOf } from '../shared/hash.js';
import { GENERIC_NAMES, KEYWORDS } from './may-repeat-an-edit.js';
import { SIBLING_RULE_ID } from './sibling-rule.js';


/** A file the change being checked modifies: the version it replaces and the new one. */
export interface ChangedText {
  path: string;
  language: LanguageId;
  before: string;
  after: string;
  /** The line diff of the two, when the caller made it (it is made once per file and shared). */
  hunks?: LineHunk[];
}

/** The line diff of a change: the one it carries, or a new one. */
export function hunksOf(change: Pick<ChangedText, 'before' | 'after' | 'hunks'>): LineHunk[] {
  return change.hunks ?? diffLines(change.before.split('\n'), change.after.split('\n'));
}

/** One edit of the change, made at one or more sites, as a pattern its siblings match. */
export interface SiblingPattern {
  /** Tells patterns apart (a hash of the edit); the pattern's rule id is `SIBLING_RULE_ID`, so suppression comments name it. */
  id: string;
  language: LanguageId;
  /** The sites the change edited this way (`line`: in the old text). */
  edits: EditPattern[];
  /** The same sites in the new text. */
  sites: Site[];
  spec: RuleSpec;
  /** The pattern alone, compiled. */
  pack: CompiledPack;
  /** The names of the before-pattern: files without all of them cannot match (`git grep`). */
  words: string[];
  /** API names the edit removed (replaced or dropped): a sibling's code must have them itself. */
  removed: string[];
  /** "added `timeout`", "replaced `old` with `new`". */
  what: string;
  /** Where siblings are looked for: test code when some edit is in test code, other code when some edit is. */
  inTests: boolean;
  inSource: boolean;
}

/** At most this many tokens added and removed in one edit: a sibling repeats a small change. */
const MAX_CHANGED_TOKENS = 8;

/** The line of `after` where line `line` (1-based) of `before` went, by a line diff. */
export function newLine(before: string, after: string, line: number): number {
  let shift = 0;
  for (const hunk of diffLines(before.split('\n'), after.split('\n'))) {
    if (line - 1 < hunk.oldStart) break;
    if (line - 1 < hunk.oldStart + hunk.oldLines) return hunk.newStart + Math.min(line - 1 - hunk.oldStart, Math.max(0, hunk.newLines - 1)) + 1;
    shift = hunk.newStart + hunk.newLines - (hunk.oldStart + hunk.oldLines);
  }
  return line + shift;
}

/** A line that starts a top-level statement: a name, keyword or decorator at column 0. */
const TOP_LEVEL = /^[A-Za-z_@$]/;
/** Files longer than this are cut to the top-level statements around their changes before extraction. */
const TRIM_LINES = 400;

/** Leading lines up to the end of the last top-level import before line `limit` (imported names stay concrete in patterns). */
function importHeader(lines: string[], limit: number): number {
  const balance = (line: string): number => (line.match(/[({]/g)?.length ?? 0) - (line.match(/[)}]/g)?.length ?? 0);
  let end = 0;
  let depth = 0;
  for (let i = 0; i < limit; i++) {
    const line = lines[i] ?? '';
    if (depth > 0) {
      depth += balance(line);
      if (depth <= 0) [end, depth] = [i + 1, 0];
    } else if (/^(import|from)\s|^import[{*]|^(const|let|var)\s.*=\s*require\(/.test(line)) {
      depth = balance(line);
      if (depth <= 0) [end, depth] = [i + 1, 0];
    }
  }
  return end;
}

/**
 * The part of a long changed file that holds its changes: its import lines, then from the
 * top-level statement before the first changed line to the one after the last, on both sides (the
 * lines in between are unchanged, so both cuts fall on the same statements). Extraction scans and
 * parses only that. `toLine` maps a 1-based line of the old part back to the old file.
 */
function changedPart(change: ChangedText): { before: string; after: string; toLine(line: number): number } {
  const whole = { before: change.before, after: change.after, toLine: (line: number) => line };
  const before = change.before.split('\n');
  const after = change.after.split('\n');
  if (before.length <= TRIM_LINES && after.length <= TRIM_LINES) return whole;
  const hunks = hunksOf(change);
  const first = hunks[0];
  const last = hunks[hunks.length - 1];
  if (!first || !last) return whole;
  let start = first.oldStart;
  while (start > 0 && !TOP_LEVEL.test(before[start] ?? '')) start--;
  let end = last.oldStart + last.oldLines;
  while (end < before.length && !TOP_LEVEL.test(before[end] ?? '')) end++;
  const header = importHeader(before, start);
  // Unchanged lines before the first hunk keep their numbers; after the last, they shift by its delta.
  const shift = last.newStart + last.newLines - (last.oldStart + last.oldLines);
  const head = before.slice(0, header);
  return {
    before: [...head, ...before.slice(start, end)].join('\n'),
    after: [...head, ...after.slice(start, end + shift)].join('\n'),
    toLine: (line) => (line <= header ? line : line - header + start),
  };
}


/** Whether the edit adds or removes an API name (called, attribute, keyword) that is not a common built-in. */
function namesAnApi(signature: string): boolean {
  const { removed, added } = signatureTokens(signature);
  return apiNames([...removed, ...added]).some((name) => !GENERIC_NAMES.has(name));
}

function changedTokens(signature: string): number {
  const { removed, added } = signatureTokens(signature);
  return removed.length + added.length;
}

function compiles(spec: RuleSpec): CompiledPack | undefined {
  try {
    const rule = { spec: validateRuleSpec(spec, spec.id), file: spec.id };
    return compilePack([rule], { eager: false });
  } catch {
    return undefined;
  }
}

/** Whether the pattern flags `code`; undefined when its query does not compile for the language. */
function fires(pack: CompiledPack, code: string, language: LanguageId): boolean | undefined {
  try {
    return checkSource(code, snippetPath(language), language, pack, { ignoreSuppressions: true }).findings.length > 0;
  } catch {
    return undefined;
  }
}

/**
 * The patterns of a change (`check --staged`, `check --diff REF`, eval's replay): each edit that
 * changes something nameable (an API name, attribute, keyword argument, `await`, a guard around a
 * call, a string constant), grouped by what it did, generalised at support 1 with the extraction and
 * generaliser of the learner, and kept only when the change makes it at two sites or more, outside
 * test code only, about an API name of its own, and its rule flags every edited site's old code and
 * none of the new (a maintainer's reading of 30 replayed findings: edits made at one site were all
 * false alarms). `notes` says what was left out and why (for `--verbose`).
 */
export function siblingPatterns(changes: ChangedText[], options: { maxEdits: number }): { patterns: SiblingPattern[]; notes: string[] } {
  const notes: string[] = [];
  const bySignature = new Map<string, EditPattern[]>();
  const texts = new Map(changes.map((c) => [c.path, c]));
  const tooMany = (change: ChangedText): void => void notes.push(`${change.path}: too many changed regions to be one fix repeated (a rewrite or a sweep); not looked at`);
  for (const change of changes) {
    // More changed regions than one fix makes, counted before any parse (extraction counts them
    // again, split line for line, on what is left).
    if (hunksOf(change).length > MAX_HUNKS_PER_FILE) {
      tooMany(change);
      continue;
    }
    const part = changedPart(change);
    const edits = extractEdits(
      {
        commit: { sha: '0'.repeat(40), parents: [], authorEmail: '', time: 0, message: 'the change being checked' },
        path: change.path,
        language: change.language,
        before: part.before,
        after: part.after,
        evidence: { touchesTests: false, redToGreen: [] },
      },
      { onTooManyHunks: () => tooMany(change) },
    );
    for (const edit of edits) {
      edit.line = part.toLine(edit.line);
      const key = `${edit.language}\u0000${edit.signature}`;
      bySignature.set(key, [...(bySignature.get(key) ?? []), edit]);
    }
  }
  const patterns: SiblingPattern[] = [];
  for (const key of [...bySignature.keys()].sort()) {
    const edits = bySignature.get(key) as EditPattern[];
    const first = edits[0] as EditPattern;
    const where = `${first.path}:${first.line}`;
    if (!isNameableFix(first.signature)) continue;
    if (changedTokens(first.signature) > MAX_CHANGED_TOKENS) {
      notes.push(`${where}: the edit changes more than ${MAX_CHANGED_TOKENS} tokens (a rewrite, not a repeatable fix); no siblings looked for`);
      continue;
    }
    if (edits.every(typeOnly)) {
      notes.push(`${where}: the edit only changes type annotations; no siblings looked for`);
      continue;
    }
    if (edits.length < 2) {
      notes.push(`${where}: the edit is made at one site only; siblings are looked for when the change repeats an edit`);
      continue;
    }
    if (edits.every((e) => isTestPath(e.path))) {
      notes.push(`${where}: the edit is in test code only (tests differ on purpose); no siblings looked for`);
      continue;
    }
    if (!namesAnApi(first.signature)) {
      notes.push(`${where}: the edit adds or removes no API name of its own (only keywords or common built-ins); no siblings looked for`);
      continue;
    }
    if (edits.length > options.maxEdits) {
      notes.push(`${where}: the same edit is made at ${edits.length} sites, more than ${options.maxEdits} (siblings.maxEdits): a sweep, not a fix; no siblings looked for`);
      continue;
    }
    const candidate = generalise(edits, undefined, undefined, undefined, 1);
    if (!candidate) continue;
    const id = hashOf(key).slice(0, 12);
    const spec: RuleSpec = { ...candidate.spec, id: SIBLING_RULE_ID, severity: 'info', provenance: { origin: 'learned' } };
    const pack = compiles(spec);
    if (!pack) continue;
    // The pattern must tell the old code from the new at every edited site.
    if (!edits.every((e) => fires(pack, e.snippet.before, e.language) === true && fires(pack, e.snippet.after, e.language) === false)) {
      notes.push(`${where}: the edit's pattern does not tell its old code from the new; no siblings looked for`);
      continue;
    }
    const words = [
      ...new Set(
        leaves(candidate.before)
          .filter((leaf) => leaf.hole === undefined && leaf.named && leaf.text !== undefined && /^[A-Za-z_$][\w$]*$/.test(leaf.text) && !KEYWORDS.test(leaf.text))
          .map((leaf) => leaf.text as string),
      ),
    ].sort();
    if (words.length === 0) continue;
    const sites = edits.map((e) => {
      const change = texts.get(e.path) as ChangedText;
      return { path: e.path, line: newLine(change.before, change.after, e.line) };
    });
    const inTests = edits.some((e) => isTestPath(e.path));
    const inSource = edits.some((e) => !isTestPath(e.path));
    const tokens = signatureTokens(first.signature);
    const removed = [...new Set(apiNames(tokens.removed.filter((t) => !tokens.added.includes(t))))];
    patterns.push({ id, language: first.language, edits, sites, spec, pack, words, removed, what: describeFix(first.signature).replace(/^the fix /, ''), inTests, inSource });
  }
  return { patterns, notes };
}

/** A pattern's rule id in a pack of several (`sibling-of-staged-edit/<hash>`). */
export const ruleIdOf = (pattern: SiblingPattern): string => `${SIBLING_RULE_ID}/${pattern.id}`;

/** Patterns as one pack, each rule under its own id (`ruleIdOf`): one parse and one query per file for all, and `--fix`. */
export function siblingFixPack(patterns: SiblingPattern[]): CompiledPack {
  return compilePack(
    patterns.map((p) => ({ spec: { ...p.spec, id: ruleIdOf(p) }, file: ruleIdOf(p) })),
    { eager: false },
  );
}
