import { newLinesOf, type NewLines } from '../check/new-code.js';
import { diffLines } from '../mine/diff-lines.js';
import { fileFilter } from '../files/collect-paths.js';
import { decodeSource } from '../files/decode.js';
import type { SourceFile } from '../files/source-file.js';
import { readBlobs, type BlobContent } from '../git/index.js';
import type { TreeVersion } from '../git/grep-files.js';
import type { Finding, LanguageId, Severity } from '../model.js';
import { extensionMap, languageOfPath } from '../parse/index.js';
import { findSiblings } from './find-siblings.js';
import { mayRepeatAnEdit, NO_REPEATED_EDIT } from './may-repeat-an-edit.js';
import { siblingPatterns, type ChangedText, type SiblingPattern } from './sibling-patterns.js';
export { siblingFixPack } from './sibling-patterns.js';
import { SIBLING_RULE_ID } from './sibling-rule.js';

/** The bounds of the sibling search (`siblings` in the configuration). */
export interface SiblingLimits {
  /** A pattern with more sites left than this is common code, not a fix left unfinished. */
  maxSites: number;
  /** The same edit made at more sites than this is a sweep. */
  maxEdits: number;
  /** A name in more files than this is not searched. */
  maxFiles: number;
  /** A change of more source files than this is a sweep: no sibling search. */
  maxChangedFiles: number;
}

/** Where and how `changeSiblings` searches (plain data: it also crosses to a worker thread). */
export interface SiblingOptions extends SiblingLimits {
  root: string;
  version: TreeVersion;
  /** The check's globs and extensions: other sites are looked for in the files it would check. */
  include: string[];
  exclude: string[];
  extensions: Record<string, LanguageId>;
  maxFileSize: number;
  severity: Severity;
  subject: string;
}

export interface ChangeSiblings {
  findings: Finding[];
  /** What was left out and why (`--verbose`). */
  notes: string[];
  /** The patterns that found siblings (for `--fix`). */
  patterns: SiblingPattern[];
}

/**
 * `check --staged` / `check --diff REF`: the siblings of what the change being checked does.
 * `files` are the checked files with `base` (the blob each replaces); other sites are read from
 * `version` (the index for `--staged`, the working tree for `--diff`).
 */
export function changeSiblings(files: SourceFile[], options: SiblingOptions): ChangeSiblings {
  const languages = extensionMap(options.extensions);
  const inScope = fileFilter(options.include, options.exclude);
  const languageOf = (path: string): LanguageId | undefined => (inScope(path) ? languageOfPath(path, languages) : undefined);
  const modified = files.filter((f): f is SourceFile & { base: { blob: string } } => typeof f.base === 'object');
  if (modified.length > options.maxChangedFiles) {
    return { findings: [], patterns: [], notes: [`the change modifies ${modified.length} source files, more than ${options.maxChangedFiles} (siblings.maxChangedFiles): a sweep, not a fix; no siblings looked for`] };
  }
  // Bases the collector did not read with the files (`--diff`, the ESLint rule) in one `git cat-file`.
  const unread = modified.filter((f) => !f.loadBase);
  const bases = unread.length ? readBlobs(options.root, unread.map((f) => f.base.blob), options.maxFileSize) : new Map<string, BlobContent>();
  const baseOf = (file: SourceFile & { base: { blob: string } }): Buffer | undefined => {
    if (file.loadBase) {
      const loaded = file.loadBase();
      return 'bytes' in loaded ? loaded.bytes : undefined;
    }
    const content = bases.get(file.base.blob);
    return content?.kind === 'ok' ? content.bytes : undefined;
  };
  const changes: ChangedText[] = [];
  const notes: string[] = [];
  for (const file of modified) {
    const base = baseOf(file);
    const loaded = file.load();
    if (!base || !('bytes' in loaded)) continue;
    const before = decodeSource(base, options.maxFileSize);
    const after = decodeSource(loaded.bytes, options.maxFileSize);
    if ('skip' in before || 'skip' in after) {
      notes.push(`${file.id}: ${'skip' in after ? after.skip : (before as { skip: string }).skip}; no siblings looked for`);
      continue;
    }
    // One line diff per file, shared by every step below.
    changes.push({ path: file.id, language: file.language, before: before.text, after: after.text, hunks: diffLines(before.text.split('\n'), after.text.split('\n')) });
  }
  if (!mayRepeatAnEdit(changes)) return { findings: [], patterns: [], notes: [...notes, NO_REPEATED_EDIT] };
  const made = siblingPatterns(changes, options);
  const changed = changedLinesOf(changes);
  const found = findSiblings(made.patterns, { ...options, languageOf, changedPaths: changes.map((c) => c.path) }, changed);
  return { findings: found.findings, notes: [...made.notes, ...found.notes], patterns: found.groups.map((g) => g.pattern) };
}

export const isSiblingRule = (ruleId: string): boolean => ruleId === SIBLING_RULE_ID || ruleId.startsWith(`${SIBLING_RULE_ID}/`);

/** The lines each changed file's new text adds or modifies, computed when first asked for. */
export function changedLinesOf(changes: ChangedText[]): (path: string) => NewLines | undefined {
  const byPath = new Map(changes.map((c) => [c.path, c]));
  const done = new Map<string, NewLines>();
  return (path) => {
    const change = byPath.get(path);
    if (!change) return undefined;
    if (!done.has(path)) done.set(path, newLinesOf(change.before, change.after));
    return done.get(path);
  };
}
