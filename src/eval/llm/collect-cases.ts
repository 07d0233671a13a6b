import { checkSource } from '../../check/check-source.js';
import { patchRegion } from '../../fix/model-verify.js';
import type { Finding } from '../../model.js';
import { LANGUAGES, grammarFor, parseText } from '../../parse/index.js';
import { changedLines } from '../changed-lines.js';
import { hitOf } from '../hit.js';
import type { PointPack } from '../learn-along.js';
import type { HeldOutFile } from '../read-window.js';

/** The rule id of a held-out fix no rule flags (`--all-fixes`): the model is told the lines and the commit's subject. */
export const HELD_OUT_FIX = 'held-out-fix';

/** One held-out fix the model is asked to make, in both arms. */
export interface LlmCase {
  /** `flagged`: a finding of the pack on a line the fix changed, gone after it; `fix`: a single-hunk fix, its lines given. */
  kind: 'flagged' | 'fix';
  file: HeldOutFile;
  /** The pack's finding, or for `fix` a finding made up of the hunk's lines (rule HELD_OUT_FIX). */
  finding: Finding;
  /** What the model may rewrite: the finding's enclosing function, else its statement (UTF-16 offsets of `file.before`). */
  region: [number, number];
  /** The learn point whose pack judges the fix (the newest learned before it). */
  point: number;
}

const lineStart = (text: string, line: number): number => {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1;
  return at;
};

/** A finding standing for a fix's only hunk: its old lines (for a pure insertion, the line it goes before). */
function hunkFinding(file: HeldOutFile): Finding {
  const hunk = file.hunks[0] as HeldOutFile['hunks'][number];
  const lines = file.before.split('\n');
  const first = hunk.oldLines === 0 ? Math.min(Math.max(1, hunk.oldStart + 1), lines.length) : hunk.oldStart + 1;
  const last = hunk.oldLines === 0 ? first : hunk.oldStart + hunk.oldLines;
  const text = lines[first - 1] ?? '';
  const lastText = lines[last - 1] ?? '';
  return {
    ruleId: HELD_OUT_FIX,
    path: file.path,
    line: first,
    column: text.length - text.trimStart().length + 1,
    endLine: last,
    endColumn: lastText.length + 1,
    severity: 'info',
    message: file.subject,
    fingerprint: `${HELD_OUT_FIX}:${file.commit}:${file.path}`,
  };
}

/**
 * The cases of `eval --llm`: each held-out fix that the pack of its time (curated plus learned
 * rules above the threshold, what `check` runs, suppressions honoured) flags on a line the fix changed, with the finding
 * gone after it; with `allFixes`, also every other held-out fix of one file and one hunk.
 */
export function collectCases(heldOut: HeldOutFile[][], points: PointPack[], pointFor: (commit: string) => number, curated: Set<string>, allFixes: boolean): LlmCase[] {
  const cases: LlmCase[] = [];
  for (const files of heldOut) {
    const point = pointFor((files[0] as HeldOutFile).commit);
    const { pack, main, newCodeOnly } = points[point] as PointPack;
    const shown = (ruleId: string): boolean => (curated.has(ruleId) || main.has(ruleId)) && !newCodeOnly.has(ruleId);
    let found: LlmCase | undefined;
    for (const file of files) {
      const before = checkSource(file.before, file.path, file.language, pack).findings.filter((f) => shown(f.ruleId));
      const after = checkSource(file.after, file.path, file.language, pack).findings.filter((f) => shown(f.ruleId));
      const lines = changedLines(file.hunks);
      for (const rule of new Set(before.map((f) => f.ruleId))) {
        const hit = hitOf(before.filter((f) => f.ruleId === rule).map((f) => ({ ...f, key: f.ruleId })), after.filter((f) => f.ruleId === rule).map((f) => ({ ...f, key: f.ruleId })), lines);
        if (!hit) continue;
        const { key: _key, ...finding } = hit;
        found = { kind: 'flagged', file, finding, region: regionOf(file, finding), point };
        break;
      }
      if (found) break;
    }
    const only = files[0] as HeldOutFile;
    if (!found && allFixes && files.length === 1 && only.hunks.length === 1) {
      const finding = hunkFinding(only);
      found = { kind: 'fix', file: only, finding, region: regionOf(only, finding), point };
    }
    if (found) cases.push(found);
  }
  return cases;
}

/** The enclosing function of the finding and of its last line (a hunk may span statements), else its statement. */
function regionOf(file: HeldOutFile, finding: Finding): [number, number] {
  const root = parseText(grammarFor(file.language, file.path), file.before).rootNode;
  const kinds = new Set(LANGUAGES[file.language].functionKinds);
  const [start, end] = patchRegion(root, file.before, finding, kinds);
  const lastLineEnd = lineStart(file.before, finding.endLine) + (file.before.split('\n')[finding.endLine - 1] ?? '').length;
  if (lastLineEnd <= end) return [start, end];
  // The hunk runs past the first statement's function: take the whole file's lines it spans.
  return [lineStart(file.before, finding.line), lastLineEnd];
}
