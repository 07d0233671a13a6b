import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Finding } from '../model.js';
import { AttractorError, describeProblem } from '../shared/errors.js';

interface BaselineFile {
  version: 1;
  /** fingerprint -> where it was first recorded (informational). */
  findings: Record<string, { ruleId: string; path: string }>;
}

/** Fingerprints in the baseline file, or undefined when there is none. */
export function readBaseline(file: string, shownAs: string): Set<string> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AttractorError('io', describeProblem(shownAs, undefined, `cannot read baseline (${(error as NodeJS.ErrnoException).code})`));
  }
  try {
    const data = JSON.parse(text) as BaselineFile;
    if (data.version !== 1 || typeof data.findings !== 'object' || data.findings === null) throw new Error('unexpected shape');
    return new Set(Object.keys(data.findings));
  } catch (error) {
    throw new AttractorError('bad-config', describeProblem(shownAs, undefined, `not a baseline file (${(error as Error).message}); re-create it with "attractor-lint baseline"`));
  }
}

/** The entries of an existing baseline file; none when it is missing or unreadable (it is being re-created). */
function existingEntries(file: string): BaselineFile['findings'] {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as BaselineFile;
    if (data.version === 1 && typeof data.findings === 'object' && data.findings !== null && !Array.isArray(data.findings)) return data.findings;
  } catch {
    // Missing or corrupt: start afresh.
  }
  return {};
}

/**
 * Writes the fingerprints of `findings` (paths are repository-relative ids), sorted for stable diffs.
 * Entries already in the file for paths outside `inScope` (the paths this run did not look at, e.g.
 * when recording one folder) are kept, so a partial run does not forget the rest of the repository.
 * Returns how many findings this run recorded and how many entries were kept.
 */
export function writeBaseline(file: string, findings: Finding[], inScope: (path: string) => boolean = () => true): { recorded: number; kept: number } {
  const kept = Object.entries(existingEntries(file)).filter(([, entry]) => typeof entry?.path === 'string' && !inScope(entry.path));
  const recorded = findings.map((f) => [f.fingerprint, { ruleId: f.ruleId, path: f.path }] as const);
  const entries = [...kept, ...recorded].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const data: BaselineFile = { version: 1, findings: Object.fromEntries(entries) };
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(tmp, file);
  return { recorded: recorded.length, kept: kept.length };
}
