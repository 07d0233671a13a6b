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

/** Writes the fingerprints of `findings` (paths are repository-relative ids), sorted for stable diffs. */
export function writeBaseline(file: string, findings: Finding[]): number {
  const entries = findings.map((f) => [f.fingerprint, { ruleId: f.ruleId, path: f.path }] as const).sort(([a], [b]) => (a < b ? -1 : 1));
  const data: BaselineFile = { version: 1, findings: Object.fromEntries(entries) };
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(tmp, file);
  return entries.length;
}
