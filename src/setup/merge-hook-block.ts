import { BLOCK_BEGIN, BLOCK_END } from './hook-block.js';

export type MergedHook = { text: string } | { refused: string };

const SHELLS = /^#!\s*(?:\/usr\/bin\/env\s+)?(?:\/[\w/.-]*\/)?(?:sh|bash|dash|zsh|ksh|ash)\b/;

/** The last line that is not blank or a comment. */
function lastCommand(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .pop() ?? ''
  );
}

/**
 * A hook's text with `block` in it, leaving everything else as it was: a new hook is the block
 * (after `shebang`, for hooks git starts directly); an earlier block is replaced in place; otherwise
 * the block is appended. Appending is refused when it would never run or could not run: a script
 * in another language, one that `exec`s or ends with `exit`, or markers that no longer pair up.
 */
export function mergeHookBlock(existing: string | undefined, block: string, shebang: string | undefined): MergedHook {
  if (existing === undefined || existing.trim() === '') return { text: `${shebang ? `${shebang}\n` : ''}${block}` };
  const begins = existing.split(BLOCK_BEGIN).length - 1;
  const ends = existing.split(BLOCK_END).length - 1;
  if (begins || ends) {
    const start = existing.indexOf(BLOCK_BEGIN);
    const endAt = existing.indexOf(BLOCK_END);
    if (begins !== 1 || ends !== 1 || endAt < start || (start > 0 && existing[start - 1] !== '\n')) {
      return { refused: `its "${BLOCK_BEGIN}" / "${BLOCK_END}" markers do not pair up; remove the damaged block and run init again` };
    }
    let stop = endAt + BLOCK_END.length;
    if (existing[stop] === '\n') stop += 1;
    return { text: `${existing.slice(0, start)}${block}${existing.slice(stop)}` };
  }
  const firstLine = existing.split('\n')[0] ?? '';
  if (firstLine.startsWith('#!') && !SHELLS.test(firstLine)) return { refused: `it is not a shell script (${firstLine}); call attractor-lint from it yourself` };
  if (/^exec\s/m.test(existing)) return { refused: 'it ends by exec-ing another program, so lines added after it would never run; add the attractor-lint lines before that yourself' };
  if (/^exit\b/.test(lastCommand(existing))) return { refused: 'its last command is exit, so lines added after it would never run; add the attractor-lint lines before it yourself' };
  return { text: `${existing}${existing.endsWith('\n') ? '' : '\n'}\n${block}` };
}
