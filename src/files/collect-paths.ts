import { lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { findWorktreeRoot, listRepoFiles } from '../git/index.js';
import type { LanguageId } from '../model.js';
import { extensionMap, languageOfPath } from '../parse/index.js';
import type { FileNote } from '../model.js';
import type { SourceFile } from './source-file.js';

export interface CollectOptions {
  cwd: string;
  /** Root the include/exclude globs and file ids are relative to. */
  root: string;
  include: string[];
  exclude: string[];
  extensions: Record<string, LanguageId>;
}

const toPosix = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

/**
 * The path the globs see: root-relative, with the leading `../` of a path outside the root left
 * out: globs never match `..` segments, so the default `dist` exclusion would otherwise miss
 * `../x/dist/a.py`.
 */
function globPath(id: string): string {
  return id.replace(/^(?:\.\.\/)+/, '');
}

/** Builds the predicate that says whether a root-relative path is in scope. */
export function fileFilter(include: string[], exclude: string[]): (id: string) => boolean {
  const included = include.length ? picomatch(include, { dot: true }) : () => true;
  const excluded = exclude.length ? picomatch(exclude, { dot: true }) : () => false;
  return (id) => included(globPath(id)) && !excluded(globPath(id));
}

function walk(dir: string, out: string[], skipDir: (abs: string) => boolean): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git' && entry.name !== 'node_modules' && !skipDir(full)) walk(full, out, skipDir);
    } else if (entry.isFile()) out.push(full);
  }
}

export function diskFile(absolute: string, id: string, display: string, language: LanguageId): SourceFile {
  return {
    id,
    display,
    language,
    absolute,
    load() {
      try {
        return { bytes: readFileSync(absolute) };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return { skip: code === 'EISDIR' ? 'is a directory' : code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? 'error'})` };
      }
    },
  };
}

/**
 * The files to check for the given paths (files or directories), or for the current directory when
 * none are given. A directory inside a git repository lists what that repository tracks plus
 * untracked files that .gitignore does not exclude; a directory in no repository is walked.
 * Explicitly named files are checked even when excluded by a glob; files of unknown languages are
 * reported in `notes` only when named.
 */
export function collectPaths(paths: string[], options: CollectOptions): { files: SourceFile[]; notes: FileNote[] } {
  const languages = extensionMap(options.extensions);
  const inScope = fileFilter(options.include, options.exclude);
  const notes: FileNote[] = [];
  const files = new Map<string, SourceFile>();
  const add = (absolute: string, explicit: boolean): void => {
    const id = toPosix(relative(options.root, absolute));
    const display = toPosix(relative(options.cwd, absolute)) || absolute;
    const language = languageOfPath(absolute, languages);
    if (!language) {
      if (explicit) notes.push({ path: display, kind: 'skipped', reason: 'no language is configured for this file extension' });
      return;
    }
    if (!explicit && !inScope(id)) return;
    if (!files.has(absolute)) files.set(absolute, diskFile(absolute, id, display, language));
  };
  const targets = paths.length ? paths : ['.'];
  const dirs: string[] = [];
  for (const target of targets) {
    const absolute = resolve(options.cwd, target);
    let stats;
    try {
      stats = lstatSync(absolute);
    } catch {
      notes.push({ path: target, kind: 'skipped', reason: 'no such file or directory' });
      continue;
    }
    if (stats.isSymbolicLink()) {
      try {
        stats = statSync(absolute);
      } catch {
        notes.push({ path: target, kind: 'skipped', reason: 'broken symbolic link' });
        continue;
      }
    }
    if (stats.isDirectory()) dirs.push(absolute);
    else add(absolute, true);
  }
  // Each directory is listed by the repository it is in (not necessarily the current one: git
  // refuses pathspecs outside its own work tree), or walked when it is in none.
  const byRepo = new Map<string, string[]>();
  const walked: string[] = [];
  for (const dir of dirs) {
    const repo = findWorktreeRoot(dir);
    if (repo === undefined) walked.push(dir);
    else byRepo.set(repo, [...(byRepo.get(repo) ?? []), dir]);
  }
  for (const [repo, repoDirs] of byRepo) {
    for (const rel of listRepoFiles(repo, repoDirs.map((d) => relative(repo, d) || '.'))) {
      const absolute = resolve(repo, rel);
      try {
        if (!lstatSync(absolute).isFile()) continue;
      } catch {
        continue; // deleted in the working tree, or a submodule
      }
      add(absolute, false);
    }
  }
  if (walked.length) {
    const excluded = options.exclude.length ? picomatch(options.exclude, { dot: true }) : () => false;
    const skipDir = (abs: string): boolean => excluded(globPath(`${toPosix(relative(options.root, abs))}/x`));
    for (const dir of walked) {
      const found: string[] = [];
      walk(dir, found, skipDir);
      for (const file of found) add(file, false);
    }
  }
  const sorted = [...files.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { files: sorted, notes };
}

