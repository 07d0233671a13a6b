import { join, relative, resolve } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { countCommits, resolvesToCommit } from '../../git/count-commits.js';
import { repoToplevel } from '../../git/index.js';
import type { RuleSpec } from '../../model.js';
import { acquireLearnLock } from '../../learn/learn-lock.js';
import { learnRepo, type LearnOptions } from '../../learn/learn-repo.js';
import { readTestReports } from '../../mine/test-reports.js';
import { AttractorError } from '../../shared/errors.js';
import { intOption, parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { learnSettings } from '../learn-settings.js';

/** A learned rule's evidence in a few words, by its source. */
function evidenceOf(spec: RuleSpec): string {
  const p = spec.provenance;
  if (p.source === 'migration' && p.migration) return `migration: ${p.migration.migrated} sites migrated, ${p.migration.remaining} left; new code only`;
  if (p.source === 'convention' && p.convention) return `convention: ${p.convention.conforming} of ${p.convention.conforming + p.convention.deviants} calls${p.convention.fixedBy?.length ? `, fixed into it ${p.convention.fixedBy.length}x` : ''}`;
  if (p.source === 'unfinished-fix') return `unfinished fix: ${p.sites?.length ?? 0} site${p.sites?.length === 1 ? '' : 's'} left`;
  return `${p.support} fixes`;
}

/** `attractor-lint learn`: mine the history into a rule pack (default `.attractor/rules/`). */
export async function learnCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    rev: { type: 'string' },
    since: { type: 'string' },
    'max-commits': { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    full: { type: 'boolean' },
    'test-reports': { type: 'string' },
    verify: { type: 'string' },
    'verify-timeout': { type: 'string' },
    'verify-max': { type: 'string' },
    'min-support': { type: 'string' },
    threshold: { type: 'string' },
    config: { type: 'string', short: 'c' },
  });
  if (positionals.length) throw new AttractorError('bad-args', `learn takes no paths (got "${positionals[0]}"); use --rev to choose the history`);
  const root = repoToplevel(io.cwd);
  const config = await loadConfig(io.cwd, root, values.config as string | undefined);
  const out = values.out ? resolve(io.cwd, values.out as string) : config.learn.out;
  const options: LearnOptions = { root, out, cacheDir: config.cache.dir, ...learnSettings(config, values) };
  if (values.rev) options.rev = values.rev as string;
  if (values.full) options.full = true;
  if (values.since) options.since = values.since as string;
  const maxCommits = intOption(values['max-commits'], '--max-commits');
  if (maxCommits !== undefined) options.maxCommits = maxCommits;
  if (values.verify) {
    options.verify = {
      command: values.verify as string,
      timeoutMs: (intOption(values['verify-timeout'], '--verify-timeout') ?? 120) * 1000,
      maxCommits: intOption(values['verify-max'], '--verify-max') ?? 20,
    };
  }
  if (values['test-reports']) options.testReports = readTestReports(resolve(io.cwd, values['test-reports'] as string));

  if (!options.rev && !resolvesToCommit(root)) {
    io.stderr('attractor-lint: nothing to learn: this repository has no commits yet\n');
    return 0;
  }
  if (options.rev && !resolvesToCommit(root, options.rev.split('..').pop() || 'HEAD')) {
    throw new AttractorError('bad-args', `--rev ${options.rev}: no such revision`);
  }
  if (io.isTTY && !values.json) {
    const total = countCommits(root, options.rev, options.since);
    const started = Date.now();
    let last = 0;
    options.onProgress = (done) => {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const rate = done / Math.max(0.001, (now - started) / 1000);
      const eta = total ? ` ETA ${Math.max(0, Math.round((Math.min(total, options.maxCommits ?? total) - done) / rate))} s` : '';
      io.stderr(`\rlearn: ${done}${total ? `/${total}` : ''} commits, ${Math.round(rate)}/s${eta}   `);
    };
  }
  const release = acquireLearnLock(join(config.cache.dir, 'learn.lock'));
  let result;
  try {
    result = await learnRepo(options);
  } finally {
    release();
  }
  if (io.isTTY && !values.json) io.stderr('\r\u001b[K');
  const { summary } = result;
  if (values.json) {
    io.stdout(`${JSON.stringify({ commitsScanned: summary.commitsScanned, fixCandidates: summary.fixCandidates, sweepsSkipped: summary.sweepsSkipped, hunks: summary.hunks, attractors: summary.attractors, rules: summary.rules, skipped: summary.notes })}\n`);
    return 0;
  }
  for (const note of summary.notes.slice(0, 20)) io.stderr(`attractor-lint: note: ${note}\n`);
  if (summary.notes.length > 20) io.stderr(`attractor-lint: note: ... and ${summary.notes.length - 20} more\n`);
  const r = summary.rules;
  io.stdout(`learned from ${summary.commitsScanned} commits: ${summary.fixCandidates} fix candidates (${summary.sweepsSkipped} sweeps skipped), ${summary.hunks} edits, ${summary.attractors} candidate rules\n`);
  io.stdout(`rules in ${relative(io.cwd, out) || '.'}: ${r.promoted} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.retired} retired, ${r.keptByHuman} kept as edited by hand\n`);
  for (const spec of result.specs) io.stdout(`  ${spec.severity.padEnd(7)} ${spec.id}  resonance ${spec.provenance.resonance}  (${evidenceOf(spec)})\n`);
  return 0;
}
