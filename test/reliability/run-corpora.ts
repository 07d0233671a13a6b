// The bad-input corpus and the history cases, run for the figures of `npm run reliability`
// (including the cases `npm test` leaves out: the known hang and the slow 10 MB parse).
import { BAD_INPUTS, LIMIT_MS, judgeBadInput, runBadInput } from './bad-inputs.js';
import { HISTORY_CASES, PLAIN_HISTORY, judgeHistoryCase, runHistoryCase } from './history-cases.js';

export interface CorpusRow {
  name: string;
  what: string;
  /** Exit code, or "killed after 20 s". */
  result: string;
  /** The first stderr line (or the learn summary). */
  message: string;
  ms: number;
  ok: boolean;
  problems: string[];
  finding?: string;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** A code span that survives backticks inside it. */
const code = (text: string): string => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

export async function runBadInputRows(onRow?: (row: CorpusRow) => void): Promise<CorpusRow[]> {
  const rows: CorpusRow[] = [];
  for (const c of BAD_INPUTS) {
    const r = await runBadInput(c);
    const problems = judgeBadInput(c, r);
    const row: CorpusRow = {
      name: c.name,
      what: c.what,
      result: r.timedOut ? `killed after ${LIMIT_MS / 1000} s` : `exit ${r.code}`,
      message: r.stderr.split('\n').find((line) => line !== '') ?? '',
      ms: r.ms,
      ok: problems.length === 0,
      problems,
      ...(c.finding ? { finding: c.finding } : {}),
    };
    rows.push(row);
    onRow?.(row);
  }
  return rows;
}

export async function runHistoryRows(onRow?: (row: CorpusRow) => void): Promise<CorpusRow[]> {
  const plain = await runHistoryCase(PLAIN_HISTORY);
  const planted = plain.summary?.rules.promoted ?? 0;
  const rows: CorpusRow[] = [];
  for (const c of HISTORY_CASES) {
    const r = await runHistoryCase(c);
    const problems = judgeHistoryCase(c, r, planted);
    const s = r.summary;
    const message = s ? `${s.commitsScanned} commits, ${s.fixCandidates} fix candidates, ${s.sweepsSkipped} sweeps skipped, ${s.rules.promoted} rules (plain history: ${planted}); ${s.skipped.length} notes${s.skipped[0] ? `, e.g. "${s.skipped[0]}"` : ''}` : r.run.stderr.split('\n')[0] ?? '';
    const row: CorpusRow = { name: c.name, what: c.what, result: r.run.timedOut ? 'killed' : `exit ${r.run.code}`, message, ms: r.run.ms, ok: problems.length === 0, problems, ...(c.finding ? { finding: c.finding } : {}) };
    rows.push(row);
    onRow?.(row);
  }
  return rows;
}

/** A Markdown table of the rows, as in docs/reliability.md. */
export function formatRows(rows: CorpusRow[], messageColumn = 'stderr (first line)'): string {
  const lines = [`| case | input | result | ${messageColumn} | time | verdict |`, '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const verdict = r.ok ? (r.finding ? `ok; finding: ${r.finding}` : 'ok') : `FAIL: ${r.problems[0]?.split('\n')[0] ?? ''}${r.finding ? `; finding: ${r.finding}` : ''}`;
    lines.push(`| ${r.name} | ${cell(r.what)} | ${r.result} | ${cell(r.message ? code(r.message) : '(none)')} | ${(r.ms / 1000).toFixed(1)} s | ${cell(verdict)} |`);
  }
  return lines.join('\n');
}
