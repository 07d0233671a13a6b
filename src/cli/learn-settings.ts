import type { ResolvedConfig } from '../config/index.js';
import { AttractorError } from '../shared/errors.js';
import { intOption } from './args.js';

/** The learner settings `learn` and `eval` share: configuration, overridden by their flags. */
export function learnSettings(config: ResolvedConfig, values: Record<string, unknown>): { maxFilesPerCommit: number; minSupport: number; threshold: number; maxFileSize: number; include: string[]; exclude: string[]; sources: { conventions: boolean } } {
  const threshold = values.threshold === undefined ? config.learn.threshold : Number(values.threshold);
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new AttractorError('bad-args', `--threshold expects a number from 0 to 1, got "${String(values.threshold)}"`);
  return {
    maxFilesPerCommit: config.learn.maxFilesPerCommit,
    minSupport: intOption(values['min-support'], '--min-support') ?? config.learn.minSupport,
    threshold,
    maxFileSize: config.maxFileSize,
    include: config.include,
    exclude: config.exclude,
    sources: { conventions: config.learn.conventions },
  };
}
