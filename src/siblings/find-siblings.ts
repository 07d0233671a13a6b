import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkSource } from '../check/check-source.js';
import { decodeSource } from '../files/decode.js';
import { grepWords, readTrackedFiles, type TreeVersion } from '../git/grep-files.js';
import { isTestPath } from '../mine/classify-commit.js';
import { plural } from '../shared/plural.js';
import { onNewLines, type NewLines } from '../check/new-code.js';
import type { Finding, LanguageId, Severity } from '../model.js';
import { grammarFor, parseText, type SyntaxTree } from '../parse/index.js';
import { ruleIdOf, type SiblingPattern } from './sibling-patterns.js';
import { SIBLING_RULE_ID } from './sibling-rule.js';

export interface SiblingSearch {
  root: string;
  /** Where the other sites are read: the index (`--staged`), a revision (eval), the working tree (`--diff`). */
  version: TreeVersion;
  /** The language of a repository-relative path the check covers (its globs and extensions), else undefined. */
  languageOf(path: string): LanguageId | undefined;
  /** More sites than this: the pattern is common code, not a fix left unfinished. */
  maxSites: number;
  /** More files holding all the pattern's names than this: not searched (names used everywhere). */
  maxFiles: number;
  maxFileSize: number;
  severity: Severity;
  /** "This commit" / "This change": how messages name what is checked. */
  subject: string;
  /** The files the change modifies (with `index`: candidates whatever the working tree holds). */
  changedPaths?: string[];
}

/** `name` as a whole word (identifiers may hold `$`). */
const wordIn = (name: string, text: string): boolean => new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text);

/**
 * The siblings of a change's edits: other sites of the repository's tracked files that match an
 * edit's before-pattern and not its after-pattern, in comparable context (a file of an edited
 * site's folder, or one of the same name). One `git grep` finds the files holding all the
 * names of a pattern; each candidate file is parsed once and checked with the patterns it may match. A
 * pattern with more sites than `maxSites` is dropped (with a note), as is one whose names are
 * together in more than `maxFiles` files. `changedLines(path)`: the lines the change adds or
 * modifies in a file it changes; a site there is not one the change left as it was. `groups`:
 * each pattern that found siblings, with its findings.
 */
export function findSiblings(patterns: SiblingPattern[], search: SiblingSearch, changedLines: (path: string) => NewLines | undefined): { findings: Finding[]; notes: string[]; groups: { pattern: SiblingPattern; findings: Finding[] }[] } {
  const notes: string[] = [];
  const allWords = [...new Set(patterns.flatMap((p) => p.words))].sort();
  // The index is searched through the working tree (git grep reads files there, many times faster
  // than the index's blobs), then every candidate is read from the index and checked again below.
  // The changed files are always candidates: their staged content is what counts.
  const words = grepWords(search.root, allWords, 'index' in search.version ? { worktree: true } : search.version);
  if ('index' in search.version) for (const path of search.changedPaths ?? []) words.set(path, new Set(allWords));
  // The candidate files of each pattern, by its internal rule id.
  const candidates = new Map<string, Set<string>>();
  const live: SiblingPattern[] = [];
  for (const pattern of patterns) {
    const where = `${pattern.sites[0]?.path}:${pattern.sites[0]?.line}`;
    // Comparable context: a file of an edited site's folder, or of the same name elsewhere.
    const folders = new Set(pattern.sites.map((s) => dirname(s.path)));
    const names = new Set(pattern.sites.map((s) => basename(s.path)));
    const paths = [...words]
      .filter(([path, has]) => pattern.words.every((w) => has.has(w)) && search.languageOf(path) === pattern.language && (isTestPath(path) ? pattern.inTests : pattern.inSource) && (folders.has(dirname(path)) || names.has(basename(path))))
      .map(([path]) => path);
    if (paths.length > search.maxFiles) {
      notes.push(`${where}: \`${pattern.words.join('`, `')}\` are together in ${paths.length} files, more than ${search.maxFiles} (siblings.maxFiles); siblings not looked for`);
      continue;
    }
    if (paths.length === 0) continue;
    candidates.set(ruleIdOf(pattern), new Set(paths));
    live.push(pattern);
  }
  const union = [...new Set([...candidates.values()].flatMap((paths) => [...paths]))].sort();
  const texts = readTexts(search, union);
  if ('index' in search.version) {
    // What the working tree said of a file may not hold for its staged content.
    for (const [path, text] of texts) {
      const has = new Set(allWords.filter((w) => wordIn(w, text)));
      for (const pattern of live) if (!pattern.words.every((w) => has.has(w))) candidates.get(ruleIdOf(pattern))?.delete(path);
    }
  }
  // Each candidate file is parsed once; each pattern's own pack (compiled when the pattern was
  // made) runs on the files it may match.
  const byRule = new Map<string, Finding[]>();
  for (const [path, text] of texts) {
    const changed = changedLines(path);
    const language = search.languageOf(path) as LanguageId;
    let tree: SyntaxTree | undefined;
    for (const pattern of live) {
      if (!candidates.get(ruleIdOf(pattern))?.has(path)) continue;
      tree ??= parseText(grammarFor(language, path), text);
      for (const f of checkSource(text, path, language, pattern.pack, { tree }).findings) {
        if (f.ruleId !== SIBLING_RULE_ID || (changed && onNewLines(f, changed))) continue;
        // The code a replacement or removal was about must be at the site itself, not only around it.
        const code = spanText(text, f);
        if (!pattern.removed.every((name) => wordIn(name, code))) continue;
        byRule.set(ruleIdOf(pattern), [...(byRule.get(ruleIdOf(pattern)) ?? []), f]);
      }
    }
  }
  const findings: Finding[] = [];
  const groups: { pattern: SiblingPattern; findings: Finding[] }[] = [];
  const seen = new Set<string>();
  for (const pattern of live) {
    const found = byRule.get(ruleIdOf(pattern)) ?? [];
    if (found.length === 0) continue;
    const edited = pattern.sites;
    if (found.length > search.maxSites) {
      notes.push(`${edited[0]?.path}:${edited[0]?.line}: ${plural(found.length, 'other site')} still match the old code, more than ${search.maxSites} (siblings.maxSites): common code, not a fix left unfinished`);
      continue;
    }
    const group = { pattern, findings: [] as Finding[] };
    groups.push(group);
    const shown = edited.slice(0, 3).map((s) => `${s.path}:${s.line}`).join(', ');
    const more = edited.length > 3 ? `, and ${edited.length - 3} more` : '';
    const message = `${search.subject} ${pattern.what} at ${plural(edited.length, 'site')} (${shown}${more}); this site was left as it was.`;
    for (const f of found) {
      const key = `${f.path}:${f.line}:${f.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const finding = { ...f, ruleId: SIBLING_RULE_ID, severity: search.severity, message, related: edited };
      findings.push(finding);
      group.findings.push(finding);
    }
  }
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
  notes.push(`searched ${plural(live.length, 'pattern')} of ${patterns.length} in ${plural(texts.size, 'file')}; ${plural(findings.length, 'sibling')} found`);
  return { findings, notes, groups };
}

/** The text a finding covers (1-based lines, UTF-16 columns). */
export function spanText(text: string, f: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>): string {
  const lines = text.split('\n');
  if (f.line === f.endLine) return (lines[f.line - 1] ?? '').slice(f.column - 1, f.endColumn - 1);
  return [(lines[f.line - 1] ?? '').slice(f.column - 1), ...lines.slice(f.line, f.endLine - 1), (lines[f.endLine - 1] ?? '').slice(0, f.endColumn - 1)].join('\n');
}

/** The candidate files' texts, from the working tree or from git (`version`). */
function readTexts(search: SiblingSearch, paths: string[]): Map<string, string> {
  const texts = new Map<string, string>();
  if ('worktree' in search.version) {
    for (const path of paths) {
      try {
        const decoded = decodeSource(readFileSync(join(search.root, path)), search.maxFileSize);
        if ('text' in decoded) texts.set(path, decoded.text);
      } catch {
        // Deleted in the working tree since: nothing to check there.
      }
    }
    return texts;
  }
  for (const [path, content] of readTrackedFiles(search.root, paths, search.version, search.maxFileSize)) {
    if (content.kind !== 'ok') continue;
    const decoded = decodeSource(content.bytes, search.maxFileSize);
    if ('text' in decoded) texts.set(path, decoded.text);
  }
  return texts;
}
