import type { ConventionEvidence, EditPattern, EvidenceSource, LanguageId, MigrationProgress, ResonanceParts, Site } from '../../model.js';
import type { Candidate } from '../generalise.js';

/**
 * One way of turning what the history teaches into candidate rules. Every source produces
 * `Candidate`s (a generalised rule with its members); `learn-repo.ts` then measures each one the
 * same way (does it fire on its members' code before and not after the fix? where does it match in
 * the current tree?), asks the source to assess it, and promotes, tests and writes the winners
 * through one path. A new source is a folder here and one line in `sources/index.ts`.
 */
export interface LearningSource {
  name: EvidenceSource;
  /** Candidate rules from the history (`SourceInput`); their ids must start with `learned/`. */
  candidates(input: SourceInput): Candidate[] | Promise<Candidate[]>;
  /** The score of a measured candidate and whether it may be promoted at all. */
  assess(candidate: Candidate, measured: Measured, input: SourceInput): Assessment;
}

export interface SourceInput {
  /** The repository (its working tree is the tree the rules are learned on) and the revision learned. */
  root: string;
  rev?: string;
  /** The configuration's include/exclude globs (history outside them is not mined). */
  include?: string[];
  exclude?: string[];
  /** A folder each source may cache its own extraction in. */
  cacheDir: string;
  /** Notes for the learn summary. */
  notes?: string[];
  /** Every fix commit's edits, deduplicated (a backported fix counts once). */
  edits: EditPattern[];
  minSupport: number;
  /** The repository's coroutines per language, when some fix added `await`. */
  coroutines?: Map<LanguageId, Set<string>>;
  /** The current tree's non-test source files (read when first asked for; the conventions source mines them). */
  tree?: () => Iterable<{ path: string; text: string; language: LanguageId }>;
  /** Newest author time of the history, seconds. */
  historyEnd: number;
  settings: SourceSettings;
  /**
   * Also make the candidates a cheap filter of the source skips (marked `filtered`, then refused):
   * eval's `--what-if` scores them to show what each filter costs in hits and saves in noise.
   */
  whatIf?: boolean;
}

export interface SourceSettings {
  /** Unfinished fixes: promote only when at most this many sites are left (and no more than the fix changed). */
  maxSiblings: number;
  /** Conventions of the tree's call sites (`conventions/`): on unless false. */
  conventions?: boolean;
}

export const DEFAULT_SOURCE_SETTINGS: SourceSettings = { maxSiblings: 3, conventions: true };

/** A site in the current tree, with the last line of the code matched there (not kept in rules). */
export type TreeSite = Site & { endLine: number };

/** What `learn-repo.ts` measured of a candidate. */
export interface Measured {
  /** Members whose before-snippet the rule flags and whose after-snippet it does not. */
  consistent: EditPattern[];
  consistency: number;
  /** Where the rule matches in the current tree (non-test source files). */
  sites: TreeSite[];
  historyEnd: number;
  /** The current text of a tree file (repository-relative path), if it is there. */
  read(path: string): string | undefined;
  /**
   * Whether some non-test source file of the current tree matches `pattern`; `literal`, when given,
   * is text every match contains (files without it are not searched).
   */
  grep(pattern: RegExp, literal?: string): boolean;
  /** How many times the rule matches in the tree's test files (counted on demand: it checks them all). */
  inTests(): number;
}

export interface Assessment {
  parts: ResonanceParts;
  resonance: number;
  /** Why the candidate cannot be promoted whatever its resonance (for `--verbose` and tests). */
  refused?: string;
  /** Report only on changed lines (`newCodeOnly` in the rule). */
  newCodeOnly?: boolean;
  /** A migration's progress, for the rule's provenance. */
  migration?: MigrationProgress;
  /** A convention's counts, for the rule's provenance. */
  convention?: ConventionEvidence;
  /** The rule's message, when the source words it itself. */
  message?: string;
  /** One line for the rule's docs: where it comes from. */
  description: string;
}

/** 1 - 2^-(n-1): 0 for one, 0.5 for two, 0.75 for three, approaching 1. */
export const saturate = (n: number): number => (n <= 1 ? 0 : 1 - 2 ** -(n - 1));

/** Distinct commits of a list of edits. */
export const commitCount = (edits: EditPattern[]): number => new Set(edits.map((m) => m.commit)).size;
