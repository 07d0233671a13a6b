import type { PatchHole } from './patch-hole.js';

export interface ModelText {
  content: string;
  /** Ollama's `done_reason`: `stop`, or `length` when `num_predict` cut the answer off. */
  doneReason: string;
}

const leadingSpace = (line: string): string => (/^[ \t]*/.exec(line) as RegExpExecArray)[0];

/**
 * The replacement for the hole from a model answer, or why there is none. The answer continues our
 * prefill; a model that ignores the prefill and opens its own fenced block is read from that block.
 * Only the first block counts, and the text is only read, never run. The result keeps the hole's
 * trailing whitespace and line endings, and a block the model dedented as a whole gets the region's
 * indentation back.
 */
export function readCandidate(prefill: string, answer: ModelText, hole: PatchHole): { code: string } | { reason: string } {
  const content = answer.content;
  if (content.trim() === '') return { reason: 'the answer is empty' };
  const whole = /^\s*`{3,}/.test(content) ? content.trimStart() : prefill + content;
  const open = /^(`{3,})[^\n`]*\n/.exec(whole);
  if (!open) return { reason: 'the answer is not a fenced code block' };
  let body = whole.slice(open[0].length);
  const close = new RegExp(`^[ \\t]*${open[1]}\`*[ \\t]*$`, 'm').exec(body);
  if (close) body = body.slice(0, close.index);
  else if (answer.doneReason === 'length') return { reason: 'the answer was cut off before its code block ended' };
  body = body.replace(/\r\n/g, '\n').replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
  if (body === '') return { reason: 'the answer holds no code' };

  const lines = body.split('\n');
  const want = leadingSpace(hole.text);
  const got = leadingSpace(lines[0] as string);
  if (got.length < want.length && want.startsWith(got)) {
    const add = want.slice(got.length);
    for (let i = 0; i < lines.length; i++) if ((lines[i] as string).trim() !== '') lines[i] = add + lines[i];
  }
  const trailing = (/\s*$/.exec(hole.text) as RegExpExecArray)[0];
  const code = lines.join('\n') + trailing.replace(/\r\n/g, '\n');
  return { code: hole.eol === '\r\n' ? code.replace(/\n/g, '\r\n') : code };
}
