import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AttractorError } from '../shared/errors.js';

/** Test outcomes in one JUnit XML report: test id ("classname.name") -> passed. */
export function parseJUnit(xml: string): Map<string, boolean> {
  const outcomes = new Map<string, boolean>();
  for (const m of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const attrs = m[1] ?? '';
    const name = /\bname="([^"]*)"/.exec(attrs)?.[1];
    if (!name) continue;
    const classname = /\bclassname="([^"]*)"/.exec(attrs)?.[1];
    const body = m[3] ?? '';
    const failed = /<(failure|error)\b/.test(body);
    const skipped = /<skipped\b/.test(body);
    if (!skipped) outcomes.set(classname ? `${classname}.${name}` : name, !failed);
  }
  return outcomes;
}

export type TestReports = Map<string, Map<string, boolean>>;

/**
 * Reads JUnit XML reports laid out by commit: `DIR/<sha>.xml` or `DIR/<sha>/*.xml` (full or
 * abbreviated SHAs, at least 7 characters), each holding the test results at that commit.
 */
export function readTestReports(dir: string): TestReports {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    throw new AttractorError('bad-args', `${dir}: --test-reports folder not found`);
  }
  const reports: TestReports = new Map();
  for (const entry of entries.sort()) {
    const sha = basename(entry, '.xml').toLowerCase();
    if (!/^[0-9a-f]{7,40}$/.test(sha)) continue;
    const full = join(dir, entry);
    const files = statSync(full).isDirectory() ? readdirSync(full).filter((f) => f.endsWith('.xml')).sort().map((f) => join(full, f)) : entry.endsWith('.xml') ? [full] : [];
    const outcomes = new Map<string, boolean>();
    for (const file of files) for (const [test, passed] of parseJUnit(readFileSync(file, 'utf8'))) outcomes.set(test, passed);
    reports.set(sha, outcomes);
  }
  return reports;
}

function reportOf(reports: TestReports, sha: string): Map<string, boolean> | undefined {
  for (const [key, outcomes] of reports) if (sha.startsWith(key)) return outcomes;
  return undefined;
}

/** Tests that failed at `parent` and pass at `commit`, when both have a report; sorted. */
export function redToGreen(reports: TestReports, commit: string, parent: string | undefined): string[] {
  const after = reportOf(reports, commit);
  const before = parent ? reportOf(reports, parent) : undefined;
  if (!after || !before) return [];
  return [...after].filter(([test, passed]) => passed && before.get(test) === false).map(([test]) => test).sort();
}
