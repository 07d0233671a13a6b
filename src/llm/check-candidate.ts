import type { LanguageId } from '../model.js';
import { definedNames } from '../parse/index.js';
import { importedModules, isImported } from './imported-modules.js';
import type { PatchHole } from './patch-hole.js';

/**
 * A candidate may lose at most this share of the region's non-blank lines that are not on the
 * finding's lines (a line counts as kept when the candidate has a line with the same text, up to
 * whitespace). A fix rewrites the flagged lines and may add some; a model that returns only the
 * fixed line, or "simplifies" the function around it, loses many.
 */
export const MAX_DROPPED_SHARE = 0.25;

const normalise = (line: string): string => line.trim().replace(/\s+/g, ' ');

/** How many of the region's other lines the candidate drops, out of how many there are. */
export function droppedLines(hole: PatchHole, candidate: string): { dropped: number; total: number } {
  const pool = new Map<string, number>();
  for (const line of candidate.split(/\r?\n/)) {
    const key = normalise(line);
    if (key) pool.set(key, (pool.get(key) ?? 0) + 1);
  }
  const [from, to] = hole.findingLines;
  let dropped = 0;
  let total = 0;
  hole.text.split(/\r?\n/).forEach((line, i) => {
    const number = hole.firstLine + i;
    const key = normalise(line);
    if (!key || (number >= from && number <= to)) return;
    total++;
    const left = pool.get(key) ?? 0;
    if (left > 0) pool.set(key, left - 1);
    else dropped++;
  });
  return { dropped, total };
}

/**
 * Our own checks of a candidate region before the caller's verification: it changes something, it
 * imports no module the file does not already import (a model's favourite way to "fix" things, and
 * a dependency nobody asked for), it defines no function the region does not (a model pasting the
 * module back in), and it keeps the code around the finding (MAX_DROPPED_SHARE).
 * Returns why the candidate is rejected, or undefined.
 */
export function checkCandidate(text: string, language: LanguageId, hole: PatchHole, candidate: string): string | undefined {
  if (candidate === hole.text) return 'the answer leaves the region as it was';
  const fileModules = importedModules(text, language);
  const added = importedModules(candidate, language).filter((m) => !isImported(m, fileModules, language));
  if (added.length) return `the answer imports ${added.map((m) => `\`${m}\``).join(', ')}, which the file does not import`;
  // A model that pastes the module back in duplicates the functions around the region.
  const was = definedNames(hole.text, language);
  const twice = [...definedNames(candidate, language)].find(([name, n]) => n > (was.get(name) ?? 0));
  if (twice) return `the answer defines \`${twice[0]}\`, which the region does not (it would exist twice)`;
  const { dropped, total } = droppedLines(hole, candidate);
  if (dropped > MAX_DROPPED_SHARE * total) return `the answer drops ${dropped} of the region's ${total} lines outside the finding (at most a quarter may go)`;
  return undefined;
}
