import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSource } from '../check/check-source.js';
import { decodeSource } from '../files/decode.js';
import { grepFiles, readTrackedFiles, type TreeVersion } from '../git/grep-files.js';
import { isTestPath } from '../mine/classify-commit.js';
import { onNewLines, type NewLines } from '../check/new-code.js';
import type { Finding, LanguageId, Severity } from '../model.js';
import type { SiblingPattern } from './sibling-patterns.js';
import { SIBLING_RULE_ID } from './sibling-rule.js';

export interface SiblingSearch {
  root: string;
  /** Where the other sites are read: the index (`--staged`), a revision (eval), the working tree (`--diff`). */
  version: TreeVersion;
  /** The language of a repository-relative path the check covers (its globs and extensions), else undefined. */
  languageOf(path: string): LanguageId | undefined;
  /** More sites than this: the pattern is common code, not a fix left unfinished. */
  maxSites: number;
  /** More files holding the pattern's name than this: not searched (a name used everywhere). */
  maxFiles: number;
  maxFileSize: number;
  severity: Severity;
  /** "This commit" / "This change": how messages name what is checked. */
  subject: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The siblings of a change's edits: other sites of the repository's tracked files that match an
 * edit's before-pattern and not its after-pattern. Candidate files are those `git grep` finds the
 * pattern's name in; a pattern with more sites than `maxSites` is dropped (with a note), as is one
 * whose name is in more than `maxFiles` files. `changedLines(path)`: the lines the change adds or
 * modifies in a file it changes; a site there is not one the change left as it was. `groups`: each pattern that found siblings, with its findings.
 */
export function findSiblings(patterns: SiblingPattern[], search: SiblingSearch, changedLines: (path: string) => NewLines | undefined): { findings: Finding[]; notes: string[]; groups: { pattern: SiblingPattern; findings: Finding[] }[] } {
  const findings: Finding[] = [];
  const groups: { pattern: SiblingPattern; findings: Finding[] }[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const edited = pattern.sites;
    const where = `${edited[0]?.path}:${edited[0]?.line}`;
    const paths = grepFiles(search.root, pattern.word, search.version).filter((p) => search.languageOf(p) === pattern.language && (isTestPath(p) ? pattern.inTests : pattern.inSource));
    if (paths.length > search.maxFiles) {
      notes.push(`${where}: \`${pattern.word}\` is in ${paths.length} files, more than ${search.maxFiles} (siblings.maxFiles); siblings not looked for`);
      continue;
    }
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
    } else {
      for (const [path, content] of readTrackedFiles(search.root, paths, search.version, search.maxFileSize)) {
        if (content.kind !== 'ok') continue;
        const decoded = decodeSource(content.bytes, search.maxFileSize);
        if ('text' in decoded) texts.set(path, decoded.text);
      }
    }
    const found: Finding[] = [];
    for (const [path, text] of texts) {
      const changed = changedLines(path);
      found.push(...checkSource(text, path, pattern.language, pattern.pack).findings.filter((f) => !changed || !onNewLines(f, changed)));
    }
    if (found.length === 0) continue;
    if (found.length > search.maxSites) {
      notes.push(`${where}: ${plural(found.length, 'other site')} still match the old code, more than ${search.maxSites} (siblings.maxSites): common code, not a fix left unfinished`);
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
  return { findings, notes, groups };
}
