import { relative, resolve, sep } from 'node:path';
import { readBlobsKept, repoToplevel, stagedEntries } from '../git/index.js';
import type { FileNote, LanguageId } from '../model.js';
import { extensionMap, languageOfPath } from '../parse/index.js';
import { fileFilter } from './collect-paths.js';
import type { LoadResult, SourceFile } from './source-file.js';

const toPosix = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

/**
 * The staged content of added, copied, modified and renamed files, read from the index (never the
 * working tree). Ids are repository-relative; the globs apply to those.
 */
export async function collectStaged(options: {
  cwd: string;
  include: string[];
  exclude: string[];
  extensions: Record<string, LanguageId>;
  maxFileSize: number;
}): Promise<{ files: SourceFile[]; notes: FileNote[]; root: string }> {
  const root = repoToplevel(options.cwd);
  const languages = extensionMap(options.extensions);
  const inScope = fileFilter(options.include, options.exclude);
  const notes: FileNote[] = [];
  const wanted = stagedEntries(root).filter((entry) => languageOfPath(entry.path, languages) && inScope(entry.path));
  // The versions the staged ones replace come in the same `git cat-file` (the sibling search and
  // new-code-only rules compare with them): one process instead of two, none in the check server.
  const blobs = await readBlobsKept(root, [...wanted.map((e) => e.blob), ...wanted.flatMap((e) => (e.base ? [e.base] : []))], options.maxFileSize);
  const asLoad = (content: ReturnType<typeof blobs.get>): LoadResult => {
    if (!content || content.kind === 'missing') return { skip: 'staged blob not found' };
    if (content.kind === 'too-large') return { skip: `larger than ${options.maxFileSize} bytes (maxFileSize)` };
    return { bytes: content.bytes };
  };
  const files: SourceFile[] = wanted.map((entry) => {
    const display = toPosix(relative(options.cwd, resolve(root, entry.path)));
    const content = blobs.get(entry.blob);
    return {
      id: entry.path,
      display,
      language: languageOfPath(entry.path, languages) as LanguageId,
      staged: { blob: entry.blob, mode: entry.mode },
      base: entry.base ? { blob: entry.base } : 'added',
      load: () => asLoad(content),
      ...(entry.base ? { loadBase: () => asLoad(blobs.get(entry.base as string)) } : {}),
    };
  });
  return { files, notes, root };
}
