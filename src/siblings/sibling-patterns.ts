import { checkSource } from '../check/check-source.js';
import { extractEdits, tooManyHunks } from '../learn/extract-edits.js';
import { describeFix, generalise, isNameableFix } from '../learn/generalise.js';
import { leaves } from '../learn/pattern-tree.js';
import { isTestPath } from '../mine/classify-commit.js';
import type { EditPattern, LanguageId, RuleSpec } from '../model.js';
import { compilePack, type CompiledPack } from '../rules/compile-pack.js';
import { validateRuleSpec } from '../rules/validate-spec.js';
import { hashOf } from '../shared/hash.js';
import { SIBLING_RULE_ID } from './sibling-rule.js';


/** A file the change being checked modifies: the version it replaces and the new one. */
export interface ChangedText {
  path: string;
  language: LanguageId;
  before: string;
  after: string;
}

/** One edit of the change, made at one or more sites, as a pattern its siblings match. */
export interface SiblingPattern {
  /** Tells patterns apart (a hash of the edit); the pattern's rule id is `SIBLING_RULE_ID`, so suppression comments name it. */
  id: string;
  language: LanguageId;
  /** The sites the change edited this way. */
  edits: EditPattern[];
  spec: RuleSpec;
  /** The pattern alone, compiled. */
  pack: CompiledPack;
  /** The most telling name of the before-pattern: files without it cannot match (`git grep`). */
  word: string;
  /** "added `timeout`", "replaced `old` with `new`". */
  what: string;
  /** Some edit is in test code: siblings are looked for in test code too. */
  inTests: boolean;
}

/** At most this many tokens added and removed in one edit: a sibling repeats a small change. */
const MAX_CHANGED_TOKENS = 8;
/** Keywords are not names to search for. */
const KEYWORDS = /^(await|async|def|class|return|yield|if|else|elif|for|while|try|except|finally|with|as|not|and|or|in|is|None|True|False|null|undefined|true|false|new|function|const|let|var|this|self|typeof|instanceof)$/;

function changedTokens(signature: string): number {
  const [, removed = '', added = ''] = /^\S+ -(.*) \+(.*)$/.exec(signature) ?? [];
  return removed.split(' ').filter(Boolean).length + added.split(' ').filter(Boolean).length;
}

function compiles(spec: RuleSpec): CompiledPack | undefined {
  try {
    const rule = { spec: validateRuleSpec(spec, spec.id), file: spec.id };
    const pack = compilePack([rule]);
    pack.validate();
    return pack;
  } catch {
    return undefined;
  }
}

const fires = (pack: CompiledPack, code: string, language: LanguageId): boolean =>
  checkSource(code, language === 'python' ? 'case.py' : language === 'javascript' ? 'case.js' : 'case.ts', language, pack, { ignoreSuppressions: true }).findings.length > 0;

/**
 * The patterns of a change (`check --staged`, `check --diff REF`, eval's replay): each edit that
 * changes something nameable (an API name, attribute, keyword argument, `await`, a guard around a
 * call, a string constant), grouped by what it did, generalised at support 1 with the extraction and
 * generaliser of the learner, and kept only when its rule flags every edited site's old code and
 * none of the new. `notes` says what was left out and why (for `--verbose`).
 */
export function siblingPatterns(changes: ChangedText[], options: { maxEdits: number }): { patterns: SiblingPattern[]; notes: string[] } {
  const notes: string[] = [];
  const bySignature = new Map<string, EditPattern[]>();
  for (const change of changes) {
    if (tooManyHunks(change.before, change.after)) {
      notes.push(`${change.path}: too many changed regions to be one fix repeated (a rewrite or a sweep); not looked at`);
      continue;
    }
    const edits = extractEdits({
      commit: { sha: '0'.repeat(40), parents: [], authorEmail: '', time: 0, message: 'the change being checked' },
      path: change.path,
      language: change.language,
      before: change.before,
      after: change.after,
      evidence: { touchesTests: false, redToGreen: [] },
    });
    for (const edit of edits) {
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
    if (!edits.every((e) => fires(pack, e.snippet.before, e.language) && !fires(pack, e.snippet.after, e.language))) {
      notes.push(`${where}: the edit's pattern does not tell its old code from the new; no siblings looked for`);
      continue;
    }
    const words = leaves(candidate.before)
      .filter((leaf) => leaf.hole === undefined && leaf.named && leaf.text !== undefined && /^[A-Za-z_$][\w$]*$/.test(leaf.text) && !KEYWORDS.test(leaf.text))
      .map((leaf) => leaf.text as string);
    const word = words.sort((a, b) => b.length - a.length || (a < b ? -1 : 1))[0];
    if (!word) continue;
    patterns.push({ id, language: first.language, edits, spec, pack, word, what: describeFix(first.signature).replace(/^the fix /, ''), inTests: edits.some((e) => isTestPath(e.path)) });
  }
  return { patterns, notes };
}
