import { changedSince, diffBase, repoToplevel } from '../git/index.js';
import type { FileNote } from '../model.js';
import { collectPaths, type CollectOptions } from './collect-paths.js';
import type { SourceFile } from './source-file.js';

/**
 * `check --diff REF`: of the files `paths` select (the current directory when none), those the
 * working tree changed since the merge base of REF and HEAD, read from disk, each with the blob it
 * replaces (`base`) so new-code-only rules can tell the lines the change adds or modifies.
 */
export function collectChanged(paths: string[], ref: string, options: Omit<CollectOptions, 'root'>): { files: SourceFile[]; notes: FileNote[]; root: string; base: string } {
  const root = repoToplevel(options.cwd);
  const base = diffBase(root, ref);
  const changed = new Map(changedSince(root, base).map((file) => [file.path, file]));
  const { files, notes } = collectPaths(paths, { ...options, root });
  const kept: SourceFile[] = [];
  for (const file of files) {
    const change = changed.get(file.id);
    if (!change) continue;
    kept.push({ ...file, base: change.base ? { blob: change.base } : 'added' });
  }
  return { files: kept, notes, root, base };
}
