import type { LanguageId, RuleSpec } from '../model.js';
import { fixExamples, ruleApis, type FixExample } from './fix-examples.js';
import { lineDiff } from './line-diff.js';

/** Hard cap on the `<consider>` block in UTF-8 bytes: a 3B model drowns in longer guidance. */
export const CONSIDER_MAX_BYTES = 1536;

export interface ConsiderOptions {
  language: LanguageId;
  /** The finding's rule id; that rule comes first and is described by the finding's own message. */
  ruleId: string;
  findingMessage: string;
  /** The APIs the finding's fix is expected to use. */
  expected: string[];
  /** Before/after examples of the finding's own rule (1-3); retries show more. */
  examples: number;
}

interface Detail {
  text: number;
  examples: number;
  diffLines: number;
  width: number;
}

// From most to least detailed; an entry takes the first that fits what is left of the cap.
const DETAILS: Detail[] = [
  { text: 200, examples: 3, diffLines: 8, width: 100 },
  { text: 120, examples: 1, diffLines: 4, width: 80 },
  { text: 80, examples: 0, diffLines: 0, width: 0 },
];

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

function clip(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** The longest prefix of `text` (whole code points) that fits in `max` bytes, marked when cut. */
function clipBytes(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  const room = max - bytes('…');
  let out = '';
  let used = 0;
  for (const ch of text) {
    used += bytes(ch);
    if (used > room) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * The changed lines of an example, each change with the line before it as context, dedented, as
 * `  `/`- `/`+ ` lines; at most `max` lines, the rest marked with `…`.
 */
function diffLines(example: FixExample, max: number, width: number): string[] {
  const diff = lineDiff(example.before.replace(/\n$/, '').split('\n'), example.after.replace(/\n$/, '').split('\n'));
  const shown = diff.filter((d, k) => d.mark !== ' ' || (diff[k + 1]?.mark ?? ' ') !== ' ');
  const kept = shown.slice(0, max);
  const indent = Math.min(...kept.filter((d) => d.line.trim() !== '').map((d) => d.line.length - d.line.trimStart().length));
  const lines = kept.map((d) => {
    const body = d.line.slice(Number.isFinite(indent) ? indent : 0);
    return `${d.mark} ${body.slice(0, body.length - body.trimStart().length)}${clip(body, width)}`.trimEnd();
  });
  if (shown.length > max) lines.push('…');
  return lines;
}

/**
 * Where an example comes from. A learned rule's first invalid case is the newest fix's snippet and
 * `provenance.fixes` is newest first, so case 0 is `fixes[0]`; later cases are deduplicated and
 * need not line up, so they are not attributed to a commit.
 */
function sourceOf(spec: RuleSpec, example: FixExample): string {
  if (spec.provenance.origin !== 'learned') return "the rule's test case";
  const fix = example.caseIndex === 0 ? spec.provenance.fixes?.[0] : undefined;
  return fix ? `fix ${fix.commit.slice(0, 7)} "${clip(fix.subject, 60)}"` : 'a fix in this repository';
}

function renderEntry(spec: RuleSpec, own: boolean, options: ConsiderOptions, detail: Detail): string {
  const generic = spec.message.replace(/\{\{[^}]*\}\}/g, '…');
  const lines = [`[${spec.id}] ${own ? '(the rule of this finding)' : '(a related pattern)'}`];
  lines.push(`pattern: ${clip(spec.docs?.description ?? generic, detail.text)}`);
  lines.push(`anti-pattern: ${clip(own ? options.findingMessage : generic, detail.text)}`);
  const count = Math.min(detail.examples, own ? options.examples : 1);
  fixExamples(spec, options.language)
    .slice(0, count)
    .forEach((example) => {
      lines.push(`example (${sourceOf(spec, example)}):`);
      lines.push(...diffLines(example, detail.diffLines, detail.width));
    });
  const uses = own ? options.expected : ruleApis(spec, options.language);
  if (uses.length) lines.push(`fix uses: ${uses.join(', ')}`);
  // Rule text is repository data: it must not be able to close the block and speak for us.
  return lines.join('\n').replace(/<(\/?consider)>/gi, '‹$1›');
}

/**
 * The `<consider>` block: for each rule (the finding's own first, then the related ones in the
 * given order) the pattern, the anti-pattern, real before/after examples from its cases and the
 * APIs its fix uses. Entries lose detail, then later ones are left out, to stay within
 * CONSIDER_MAX_BYTES; the own rule is cut short rather than dropped. `patterns` lists the rule ids
 * the block shows.
 */
export function considerBlock(rules: RuleSpec[], options: ConsiderOptions): { text: string; patterns: string[] } {
  const open = '<consider>\n';
  const close = '\n</consider>';
  const room = CONSIDER_MAX_BYTES - bytes(open) - bytes(close);
  let body = '';
  const patterns: string[] = [];
  for (const spec of rules) {
    const own = spec.id === options.ruleId;
    const sep = body ? '\n\n' : '';
    let entry: string | undefined;
    for (const detail of DETAILS) {
      const rendered = renderEntry(spec, own, options, detail);
      if (bytes(body + sep + rendered) <= room) {
        entry = rendered;
        break;
      }
    }
    if (entry === undefined && own && body === '') entry = clipBytes(renderEntry(spec, own, options, DETAILS[DETAILS.length - 1] as Detail), room);
    if (entry === undefined) continue;
    body += sep + entry;
    patterns.push(spec.id);
  }
  return { text: `${open}${body}${close}`, patterns };
}
