import { decodeSource } from '../files/decode.js';
import type { SourceFile } from '../files/source-file.js';
import { readBlobs } from '../git/index.js';
import type { Finding } from '../model.js';
import type { CompiledPack } from '../rules/compile-pack.js';
import { newCodeOnlyRules, newLinesOf, separateLegacy, type NewLines } from './new-code.js';

/** Lenient: a base version that is not clean UTF-8 still gives lines to compare with. */
const lenient = new TextDecoder();

/**
 * Separates a run's legacy findings: findings of new-code-only rules (`newCodeOnly`) that are on no
 * line the checked change adds or modifies. Files without a `base` (a whole-tree or path check) have
 * no new lines, so all such findings there are legacy. Only files with such findings are compared
 * with their base, whose blobs are read in one batch; when a version cannot be read, every line
 * counts as new (the findings are reported rather than hidden).
 */
export function separateLegacyFindings(files: SourceFile[], findings: Finding[], pack: CompiledPack, options: { root: string; maxFileSize: number }): { current: Finding[]; legacy: Finding[] } {
  const isNewCodeOnly = newCodeOnlyRules(pack);
  const byId = new Map(files.map((file) => [file.id, file]));
  const applies = (finding: Finding): boolean => {
    const file = byId.get(finding.path);
    return file !== undefined && isNewCodeOnly(finding.ruleId, file.language);
  };
  const compared = new Map<string, NewLines | undefined>();
  const wanted = new Set<SourceFile>();
  for (const finding of findings) {
    const file = byId.get(finding.path);
    if (file?.base && applies(finding)) wanted.add(file);
  }
  const blobIds = [...wanted].flatMap((file) => (file.base && file.base !== 'added' && !file.loadBase ? [file.base.blob] : []));
  const blobs = blobIds.length ? readBlobs(options.root, blobIds, options.maxFileSize) : new Map();
  for (const file of wanted) {
    const base = file.base as NonNullable<SourceFile['base']>;
    if (base === 'added') {
      compared.set(file.id, 'all');
      continue;
    }
    const loaded = file.load();
    const after = 'bytes' in loaded ? decodeSource(loaded.bytes, options.maxFileSize) : undefined;
    const read = file.loadBase?.();
    const before: Buffer | undefined = read ? ('bytes' in read ? read.bytes : undefined) : blobs.get(base.blob)?.kind === 'ok' ? blobs.get(base.blob).bytes : undefined;
    if (!after || !('text' in after) || !before) compared.set(file.id, 'all');
    else compared.set(file.id, newLinesOf(lenient.decode(before), after.text));
  }
  return separateLegacy(findings, applies, (path) => compared.get(path));
}
