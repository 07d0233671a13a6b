import type { CheckResult, FileNote, Finding } from '../model.js';
import type { ResultCache } from './result-cache.js';
import type { SourceFile } from '../files/source-file.js';

export interface CheckFilesOptions {
  maxFileSize: number;
  cache?: ResultCache;
}

/** A run's result as the formatters show it. */
export interface CheckReport extends CheckResult {
  /**
   * Legacy findings: of new-code-only rules, on no line the checked change adds or modifies (in a
   * whole-tree check, all of theirs). Left out of `findings` and the counts unless `--all-findings`.
   */
  legacy: number;
  /** Under `--all-findings`: fingerprints of the listed findings that are legacy. */
  legacyListed?: Set<string>;
}

/** Tallies findings into a result, relabelling paths from file ids to display paths. */
export function summarise(files: SourceFile[], findings: Finding[], notes: FileNote[], legacy: { count: number; listed?: Set<string> } = { count: 0 }): CheckReport {
  const display = new Map(files.map((f) => [f.id, f.display]));
  const shown = findings.map((f) => ({ ...f, path: display.get(f.path) ?? f.path }));
  const report: CheckReport = {
    findings: shown,
    notes,
    files: files.length,
    errors: shown.filter((f) => f.severity === 'error').length,
    warnings: shown.filter((f) => f.severity === 'warning').length,
    legacy: legacy.count,
  };
  if (legacy.listed) report.legacyListed = legacy.listed;
  return report;
}
