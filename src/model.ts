/**
 * The data that flows between the pipeline stages. Everything here is plain and
 * JSON-serialisable; compiled or native handles live only inside the stage that owns them.
 *
 * Commit -> FixHunk -> EditPattern -> Attractor -> RuleSpec -> Finding -> Patch
 */

export type LanguageId = 'python' | 'javascript' | 'typescript';
export const LANGUAGE_IDS: readonly LanguageId[] = ['python', 'javascript', 'typescript'];

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** A test a syntax node must pass; every given field must hold. */
export interface NodeTest {
  /** Node type(s), e.g. `function_definition` or `["function_declaration", "arrow_function"]`. */
  kind?: string | string[];
  /** Node has (true) or lacks (false) an `async` keyword child. */
  async?: boolean;
  /**
   * JavaScript regular expression the node's text must match. Inside a constraint, `{{name}}` (where
   * `name` is the constraint's own capture) stands for that capture's text, regex-escaped.
   */
  text?: string;
}

/** Conditions that a tree-sitter query cannot express, evaluated on the matched nodes. */
export type Constraint =
  | { capture: string; is: NodeTest }
  | { capture: string; isNot: NodeTest }
  | { capture: string; inside: NodeTest; stopAt?: string[] }
  | { capture: string; notInside: NodeTest; stopAt?: string[] }
  | { capture: string; has: NodeTest }
  | { capture: string; notHas: NodeTest }
  | { capture: string; followedBy: NodeTest }
  | { capture: string; notFollowedBy: NodeTest }
  | { capture: string; textIn: FileNameSet }
  | { capture: string; textNotIn: FileNameSet };

/** The set of texts that `capture` takes over all matches of `query` in the whole file. */
export interface FileNameSet {
  query: string;
  capture: string;
}

/** One replacement: the text of capture `target` becomes `template` with `{{capture}}` filled in. */
export interface FixSpec {
  target: string;
  template: string;
  /** Only applies when capture `capture` has exactly the text `equals`. */
  when?: { capture: string; equals: string };
  /**
   * `safe` (the default): keeps what the code means, applied by `--fix`. `unsafe`: changes
   * behaviour (most bug fixes do, and so do all learned fixes); applied with `--fix-type all`.
   */
  safety?: 'safe' | 'unsafe';
}

export interface RuleCase {
  code: string;
  /** Language of the snippet; defaults to the rule's first language. */
  language?: LanguageId;
  /** For invalid cases of fixable rules: the source after the fix is applied. */
  output?: string;
}

/** The kind of evidence a learned rule comes from: one folder each under `src/learn/sources/`. */
export type EvidenceSource = 'recurring-fix' | 'unfinished-fix' | 'migration' | 'convention';
export const EVIDENCE_SOURCES: readonly EvidenceSource[] = ['recurring-fix', 'unfinished-fix', 'migration', 'convention'];

/** The kinds of conventions mined from the tree's call sites (`learn/sources/conventions/`). */
export type ConventionFamily = 'none_guard' | 'missing_await' | 'required_keyword' | 'unused_result' | 'forwarded_parameter';

/** A convention's evidence: how many call sites of the API follow it and how many do not. */
export interface ConventionEvidence {
  family: ConventionFamily;
  api: string;
  /** `required_keyword`: the keyword most calls pass. */
  keyword?: string;
  /** Call sites that follow the convention, and the deviants the rule reports, in the tree it was learned on. */
  conforming: number;
  deviants: number;
  /** Fix commits that brought a call into the convention (abbreviated SHAs, newest first). */
  fixedBy?: string[];
}

/** A place in a tree: repository-relative path and 1-based line. */
export interface Site {
  path: string;
  line: number;
}

/** A migration's progress: the replacement commits, and the old sites left when it was learned. */
export interface MigrationProgress {
  from: string;
  to: string;
  /** Commits that replaced `from` by `to` (oldest first), with the sites each changed. */
  steps: { commit: string; date: string; sites: number }[];
  /** Sites migrated in all, and old sites left in the tree the rule was learned on. */
  migrated: number;
  remaining: number;
}

export interface Provenance {
  origin: 'curated' | 'learned';
  /** Learned rules: the kind of evidence (default `recurring-fix`, the rules of earlier packs). */
  source?: EvidenceSource;
  /**
   * Learned rules: where the pattern still matched in the tree it was learned on (at most 20):
   * the sites an unfinished fix left, a migration's legacy sites.
   */
  sites?: Site[];
  /** Migrations: how far the replacement has come. */
  migration?: MigrationProgress;
  /** Conventions: the call sites that follow it and those that do not. */
  convention?: ConventionEvidence;
  /** Learned rules: the fix commits behind the rule (abbreviated SHAs), newest first. */
  commits?: string[];
  support?: number;
  resonance?: number;
  tests?: string[];
  learnedAt?: string;
  /** Free text: where the pattern comes from. */
  notes?: string;
  /** Learned rules: the parts of the resonance score (see learn/score.ts). */
  parts?: ResonanceParts;
  /** Learned rules: matches of the pattern in the tree it was learned on that were never fixed. */
  unfixedMatches?: number;
  /** Learned rules: some of the fixes behind the rule, newest first. */
  fixes?: { commit: string; subject: string; path: string; line: number }[];
}

/** A rule as it is stored on disk (`rules/**.json`). */
export interface RuleSpec {
  id: string;
  language: LanguageId | LanguageId[];
  message: string;
  severity: Severity;
  /** Tree-sitter query. The capture named by `at` (default `match`) is where findings are reported. */
  query: string;
  at?: string;
  where?: Constraint[];
  fix?: FixSpec | FixSpec[];
  docs?: { description?: string; url?: string; rationale?: string };
  /**
   * Report only on lines a change adds or modifies (`check --staged`, `check --diff REF`); a whole-tree
   * check counts the other findings as legacy in its summary (`--all-findings` lists them).
   */
  newCodeOnly?: boolean;
  provenance: Provenance;
  cases: { invalid: RuleCase[]; valid: RuleCase[] };
}

/** A rule file after loading: the spec plus where it came from. */
export interface LoadedRule {
  spec: RuleSpec;
  file: string;
}

export interface TextEdit {
  /** Half-open range in UTF-16 code units (the units of ESLint `range` and JS strings). */
  range: [number, number];
  text: string;
}

/** A finding of a peer linter (pyflakes, ESLint) in `eval`'s baseline. */
export interface BaselineFinding {
  /** Rule and message with names replaced, so the same kind of problem has the same key. */
  key: string;
  /** 1-based. */
  line: number;
}

export interface Finding {
  ruleId: string;
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based, UTF-16 code units. */
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  message: string;
  fix?: TextEdit;
  /** Stable across line shifts: rule, path, the matched text and its occurrence index. */
  fingerprint: string;
  /** Other places the finding refers to: for `sibling-of-staged-edit`, the sites the change edited. */
  related?: Site[];
}

export interface FileNote {
  path: string;
  /** `skipped` means the file was not checked; `partial` means parts of it did not parse. */
  kind: 'skipped' | 'partial';
  reason: string;
}

export interface CheckResult {
  findings: Finding[];
  notes: FileNote[];
  files: number;
  errors: number;
  warnings: number;
}

// ---- Learning: Commit -> FixHunk -> EditPattern -> Attractor -> RuleSpec --------------------

/** A commit of the history, as the learner sees it. */
export interface Commit {
  sha: string;
  parents: string[];
  authorEmail: string;
  /** Author time, seconds since the epoch. */
  time: number;
  message: string;
}

/** Linked test evidence for a fix commit. */
export interface TestEvidence {
  /** The commit changes test files together with source files. */
  touchesTests: boolean;
  /** Tests a report (or `--verify`) saw fail at the parent and pass at the fix. */
  redToGreen: string[];
}

/** One changed region of a source file in a fix commit (0-based, half-open line ranges). */
export interface FixHunk {
  commit: string;
  path: string;
  language: LanguageId;
  before: [number, number];
  after: [number, number];
}

/** A syntax tree in plain data: what the learner clusters and anti-unifies. */
export interface PatternNode {
  /** Node type; for anonymous tokens the token itself (e.g. `==`, `await`). */
  type: string;
  named: boolean;
  /** Field name in the parent (`function`, `arguments`...). */
  field?: string;
  /** Source text, for leaves (identifiers, literals, tokens). */
  text?: string;
  /** Offsets of the node's text within the edited root's text. */
  span?: [number, number];
  children?: PatternNode[];
  /** In templates: a metavariable standing for whatever the members had here. */
  hole?: number;
  /**
   * In templates, at an API position (called function, attribute, keyword) where the members
   * disagree: the names they had. The hole then matches only these names, not any.
   */
  alternatives?: string[];
}

/** Where an edit happened, beyond the edited nodes themselves. */
export interface EditContext {
  /** Type of the edited root's parent (anchors patterns rooted at a bare block or argument list). */
  parentType: string;
  inAsyncFunction: boolean;
  inTry: boolean;
  inLoop: boolean;
  /** API names (called functions and attributes) in the enclosing try statement's body. */
  tryCalls: string[];
  functionName?: string;
  className?: string;
  imports: string[];
}

/** A before/after pair of syntax trees from one fix hunk, with its context and evidence. */
export interface EditPattern {
  commit: string;
  /** The fix commit's first parent (where the bug still was). */
  parent?: string;
  subject: string;
  time: number;
  author: string;
  path: string;
  language: LanguageId;
  /** `modify`: same node kind before and after; `replace`: a different kind (e.g. wrapped in an if). */
  kind: 'modify' | 'replace';
  /** Cluster key: the edit with local names and literals abstracted. */
  signature: string;
  before: PatternNode;
  after: PatternNode;
  beforeText: string;
  afterText: string;
  /** 1-based line of the edited node in the fix commit's parent. */
  line: number;
  context: EditContext;
  /** The enclosing function (or statement) before and after, dedented: the rule's test cases. */
  snippet: { before: string; after: string };
  evidence: TestEvidence;
}

/** The parts of an attractor's resonance score, each 0..1 (see learn/score.ts). */
export interface ResonanceParts {
  support: number;
  spread: number;
  tests: number;
  recency: number;
  consistency: number;
  prevalence: number;
}

/** A candidate rule of one learning source: the generalised pattern, its members and its score. */
export interface Attractor {
  id: string;
  language: LanguageId;
  source: EvidenceSource;
  signature: string;
  /** Anti-unified before tree: the rule's query. */
  before: PatternNode;
  /** Anti-unified after tree: the rule's fix. */
  after: PatternNode;
  members: EditPattern[];
  /** Distinct fix commits. */
  support: number;
  /** Unfixed matches of the pattern in the current tree. */
  unfixedMatches: number;
  parts: ResonanceParts;
  resonance: number;
  /** Why its source would not promote it, whatever the resonance. */
  refused?: string;
}
