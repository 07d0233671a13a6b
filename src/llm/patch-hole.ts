import type { PatchRequest } from './patch-types.js';

/** The part of the file a patch replaces, in whole lines where the region allows it. */
export interface PatchHole {
  start: number;
  end: number;
  /** `text.slice(start, end)`. */
  text: string;
  /** 1-based line of `start`. */
  firstLine: number;
  /** Offset of the finding's start. */
  findingStart: number;
  /** Offset where the finding's first line starts (not before `start`). */
  findingLineStart: number;
  /** 1-based lines of the finding, clipped to the hole. */
  findingLines: [number, number];
  /** `\r\n` when the hole uses it, so model output (always `\n`) can be converted back. */
  eol: '\n' | '\r\n';
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The region of a request as a hole to fill, or why the request cannot be served. The region
 * grows to the start of its first line when only indentation is before it, so the model sees and
 * writes whole lines.
 */
export function patchHole(request: PatchRequest): PatchHole | { reason: string } {
  const { text, region, finding } = request;
  if (!(region.start >= 0 && region.start <= region.end && region.end <= text.length)) return { reason: `the region [${region.start}, ${region.end}) is not inside the file (${text.length} characters)` };
  const starts = lineStarts(text);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const regionLine = lineOf(region.start);
  const lineStart = starts[regionLine - 1] as number;
  const start = /^[ \t]*$/.test(text.slice(lineStart, region.start)) ? lineStart : region.start;
  const findingLineStart = starts[finding.line - 1];
  if (findingLineStart === undefined) return { reason: `the finding's line ${finding.line} is not in the file` };
  const findingStart = findingLineStart + finding.column - 1;
  if (findingStart < region.start || findingStart > region.end) return { reason: `the finding (line ${finding.line}) is outside the region` };
  const lastLine = lineOf(Math.max(region.start, region.end - 1));
  const holeText = text.slice(start, region.end);
  return {
    start,
    end: region.end,
    text: holeText,
    firstLine: regionLine,
    findingStart,
    findingLineStart: Math.max(findingLineStart, start),
    findingLines: [Math.max(finding.line, regionLine), Math.min(finding.endLine, lastLine)],
    eol: holeText.includes('\r\n') ? '\r\n' : '\n',
  };
}
