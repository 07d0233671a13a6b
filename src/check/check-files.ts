import type { CheckResult, FileNote, Finding } from '../model.js';
import type { ResultCache } from './result-cache.js';
import type { SourceFile } from '../files/source-file.js';

export interface CheckFilesOptions {
  maxFileSize: number;
  cache?: ResultCache;
}

/** Tallies findings into a result, relabelling paths from file ids to display paths. */
export function summarise(files: SourceFile[], findings: Finding[], notes: FileNote[]): CheckResult {
  const display = new Map(files.map((f) => [f.id, f.display]));
  const shown = findings.map((f) => ({ ...f, path: display.get(f.path) ?? f.path }));
  return {
    findings: shown,
    notes,
    files: files.length,
    errors: shown.filter((f) => f.severity === 'error').length,
    warnings: shown.filter((f) => f.severity === 'warning').length,
  };
}
