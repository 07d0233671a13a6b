import type { EvidenceSource } from '../../model.js';
import { recurringFixes } from './recurring-fixes/recurring-fixes.js';
import { migrations } from './migrations/migrations.js';
import type { LearningSource } from './source.js';
import { unfinishedFixes } from './unfinished-fixes/unfinished-fixes.js';
import { conventions } from './conventions/conventions.js';

/** The learning sources, in the order their candidates are named (earlier ones keep clashing ids). */
export const SOURCES: readonly LearningSource[] = [recurringFixes, unfinishedFixes, migrations, conventions];

export function sourceNamed(name: EvidenceSource): LearningSource {
  return SOURCES.find((s) => s.name === name) ?? recurringFixes;
}
