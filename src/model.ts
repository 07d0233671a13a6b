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
}

export interface RuleCase {
  code: string;
  /** Language of the snippet; defaults to the rule's first language. */
  language?: LanguageId;
  /** For invalid cases of fixable rules: the source after the fix is applied. */
  output?: string;
}

export interface Provenance {
  origin: 'curated' | 'learned';
  /** Learned rules: the fix commits behind the rule (abbreviated SHAs), newest first. */
  commits?: string[];
  support?: number;
  resonance?: number;
  tests?: string[];
  learnedAt?: string;
  /** Free text: where the pattern comes from. */
  notes?: string;
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
