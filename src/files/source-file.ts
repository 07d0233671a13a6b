import type { LanguageId } from '../model.js';

export type LoadResult = { bytes: Buffer } | { skip: string };

/** A file to check, wherever its content comes from (working tree or index). */
export interface SourceFile {
  /** POSIX path relative to the project root: the identity used for globs, cache keys and baselines. */
  id: string;
  /** Path as shown to the user (relative to the current directory). */
  display: string;
  language: LanguageId;
  /** Absolute path on disk when the content is the working-tree file (lets workers read it). */
  absolute?: string;
  /** For staged content: the index entry it was read from (`--staged --fix` writes a new one). */
  staged?: { blob: string; mode: string };
  /**
   * When the run checks a change (`--staged`, `--diff REF`): what this content replaces, to tell
   * the lines the change adds or modifies; the blob of the earlier version, or `added` for a file
   * the change adds (every line is new).
   */
  base?: { blob: string } | 'added';
  load(): LoadResult;
  /** The bytes of `base`, when the collector read them with the file's own (`--staged`: one `git cat-file` for both). */
  loadBase?(): LoadResult;
}
