import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readBaseline } from '../../check/baseline.js';
import { checkFiles } from '../../check/check-files-parallel.js';
import { summarise } from '../../check/check-files.js';
import { separateLegacyFindings } from '../../check/legacy-findings.js';
import { ResultCache } from '../../check/result-cache.js';
import { loadConfig } from '../../config/index.js';
import { collectChanged } from '../../files/collect-changed.js';
import { collectPaths } from '../../files/collect-paths.js';
import { collectStaged } from '../../files/collect-staged.js';
import type { SourceFile } from '../../files/source-file.js';
import { gitDirOnDisk } from '../../git/git-dir-on-disk.js';
import { findWorktreeRoot } from '../../git/index.js';
import type { FindingFix } from '../../fix/fix-text.js';
import type { FileNote, Finding } from '../../model.js';
import type { CompiledPack } from '../../rules/compile-pack.js';
import { validatePack } from '../../rules/probe-regexes.js';
import { AttractorError } from '../../shared/errors.js';
import { hashOf } from '../../shared/hash.js';
import { packageVersion } from '../../shared/version.js';
import type { ChangeSiblings, SiblingOptions } from '../../siblings/change-siblings.js';
import { SIBLING_RULE_ID } from '../../siblings/sibling-rule.js';
import { intOption, parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { loadPack } from '../../rules/load-pack.js';

export const CHECK_OPTIONS = {
  staged: { type: 'boolean' },
  diff: { type: 'string' },
  'all-findings': { type: 'boolean' },
  rules: { type: 'string', multiple: true },
  'no-builtin': { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  config: { type: 'string', short: 'c' },
  'no-cache': { type: 'boolean' },
  'no-baseline': { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  'fix-type': { type: 'string' },
  llm: { type: 'boolean' },
  'no-siblings': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

const FORMATS = ['stylish', 'json', 'sarif'];

export interface PreparedCheck {
  files: SourceFile[];
  notes: FileNote[];
  root: string;
}

export function noteLines(notes: FileNote[]): string {
  return notes.map((n) => `attractor-lint: ${n.kind === 'skipped' ? 'skipped' : 'partly checked'} ${n.path}: ${n.reason}\n`).join('');
}

/**
 * What cached results depend on: the pack's hash covers the rules that run, but suppression
 * comments are also checked against the ids of rules turned off, which it leaves out.
 */
function cacheKeyOf(pack: CompiledPack): string {
  return hashOf(pack.hash, ...[...pack.knownIds].sort());
}

function validateOnce(pack: CompiledPack, cacheDir: string): void {
  // v2: validation also probes the regexes (a marker of an older version says less).
  const marker = join(cacheDir, `pack-v2-${pack.hash.slice(0, 24)}.valid`);
  if (existsSync(marker)) return;
  validatePack(pack);
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(marker, '');
  } catch {
    // Read-only checkout: validate again next time.
  }
}

/** "fixed 3 of 5 findings (2 by template, 1 by model); 1 more with --fix-type all". */
function fixSummary(fixes: FindingFix[], mode: string): string {
  if (fixes.length === 0) return '';
  const fixed = fixes.filter((f) => f.fixed);
  const byModel = fixed.filter((f) => f.how === 'llm').length;
  const unsafe = fixes.filter((f) => !f.fixed && f.reason?.includes('--fix-type all')).length;
  const verb = mode === 'dry-run' ? 'would fix' : 'fixed';
  // Fixes that exist but were refused by verification: say why, or the finding looks forgotten.
  const refused = fixes.filter((f) => !f.fixed && f.reason?.startsWith('the template fix was not applied')).map((f) => `attractor-lint: not fixed ${f.finding.path}:${f.finding.line} ${f.finding.ruleId}: ${(f.reason as string).replace('the template fix was not applied: ', '')}\n`);
  return `${refused.join('')}attractor-lint: ${verb} ${fixed.length} of ${fixes.length} findings${byModel ? ` (${byModel} by model)` : ''}${unsafe ? `; ${unsafe} more with --fix-type all` : ''}\n`;
}

export async function checkCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, CHECK_OPTIONS);
  // The hooks' skip switch, honoured here too so it works under lint-staged and other runners.
  if (io.env.ATTRACTOR_LINT === '0') {
    io.stderr('attractor-lint: skipped (ATTRACTOR_LINT=0)\n');
    return 0;
  }
  const format = (values.format as string | undefined) ?? 'stylish';
  if (!FORMATS.includes(format)) throw new AttractorError('bad-args', `--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  const maxWarnings = intOption(values['max-warnings'], '--max-warnings');
  const jobs = intOption(values.jobs, '--jobs');
  const staged = Boolean(values.staged);
  if (staged && positionals.length) throw new AttractorError('bad-args', '--staged checks the index; do not pass paths with it');
  const diffRef = values.diff as string | undefined;
  if (diffRef !== undefined && staged) throw new AttractorError('bad-args', '--diff and --staged do not go together (--staged checks the index against HEAD)');
  if (diffRef !== undefined && diffRef.trim() === '') throw new AttractorError('bad-args', '--diff needs a revision, e.g. --diff origin/main');
  const allFindings = Boolean(values['all-findings']);
  const fixType = (values['fix-type'] as string | undefined) ?? 'all';
  if (fixType !== 'safe' && fixType !== 'all') throw new AttractorError('bad-args', `--fix-type must be safe or all, got "${fixType}"`);
  const fixing = Boolean(values.fix) || Boolean(values['fix-dry-run']);
  if (!fixing && (values['fix-type'] !== undefined || values.llm)) throw new AttractorError('bad-args', `${values.llm ? '--llm' : '--fix-type'} needs --fix or --fix-dry-run`);

  // The sibling search's thread starts now, so that its start overlaps this one's (stopped unused
  // when the configuration turns siblings off or the change repeats no edit). The check server
  // keeps one thread for every check (`keepSiblingWorker`).
  const served = Boolean(io.env.ATTRACTOR_LINT_SERVED);
  const early = (staged || diffRef !== undefined) && !fixing && !values['no-siblings'] ? (await import('../../siblings/search-in-worker.js')).startSiblingWorker() : undefined;
  const stopDir = findWorktreeRoot(io.cwd) ?? io.cwd;
  const config = await loadConfig(io.cwd, stopDir, values.config as string | undefined);
  // Queries compile lazily, for the grammars and rules the files need (compiling costs ~0.7 ms a
  // pattern). A pack is validated in full once per content hash; the marker says it was.
  const pack = loadPack(config, { rules: values.rules as string[] | undefined, noBuiltin: Boolean(values['no-builtin']) }, io.cwd, { eager: false });
  if (config.cache.enabled && !values['no-cache']) validateOnce(pack, config.cache.dir);
  else validatePack(pack);

  let files: SourceFile[];
  let notes: FileNote[];
  let root: string;
  if (staged) {
    ({ files, notes, root } = await collectStaged({ cwd: io.cwd, include: config.include, exclude: config.exclude, extensions: config.extensions, maxFileSize: config.maxFileSize }));
  } else if (diffRef !== undefined) {
    ({ files, notes, root } = collectChanged(positionals, diffRef, { cwd: io.cwd, include: config.include, exclude: config.exclude, extensions: config.extensions }));
  } else {
    root = stopDir;
    ({ files, notes } = collectPaths(positionals, { cwd: io.cwd, root, include: config.include, exclude: config.exclude, extensions: config.extensions }));
  }

  // What the change itself does, repeated where it left the same code (`sibling-of-staged-edit`),
  // looked for on a worker thread while the check runs here; in-process under --fix, which needs
  // the patterns themselves. Loaded only then: whole-tree checks need none of the learner's code.
  const siblingSeverity = config.rules[SIBLING_RULE_ID] ?? 'info';
  let siblingSearch: (() => Promise<ChangeSiblings>) | undefined;
  if ((staged || diffRef !== undefined) && config.siblings.enabled && siblingSeverity !== 'off' && !values['no-siblings']) {
    const options: SiblingOptions = {
      ...config.siblings,
      root,
      version: staged ? { index: true } : { worktree: true },
      include: config.include,
      exclude: config.exclude,
      extensions: config.extensions,
      maxFileSize: config.maxFileSize,
      severity: siblingSeverity,
      subject: staged ? 'This commit' : 'This change',
    };
    if (fixing) {
      const { changeSiblings } = await import('../../siblings/change-siblings.js');
      const done = changeSiblings(files, options);
      siblingSearch = () => Promise.resolve(done);
    } else if (early) {
      const running = early.search(files, options);
      siblingSearch = async () => ({ ...(await running()), patterns: [] });
    }
  }
  if (!siblingSearch) early?.cancel();

  const useCache = !staged && config.cache.enabled && !values['no-cache'];
  const cache = useCache ? new ResultCache(config.cache.dir, cacheKeyOf(pack)) : undefined;
  if (cache?.problem) io.stderr(`attractor-lint: note: ${cache.problem}\n`);
  const checked = await checkFiles(files, pack, { maxFileSize: config.maxFileSize, ...(cache ? { cache } : {}), ...(jobs !== undefined ? { jobs } : {}) });
  cache?.save();

  // New-code-only rules: what is not on a line the change adds or modifies (in a whole-tree check,
  // all of it) is legacy, counted but not listed unless --all-findings.
  const split = separateLegacyFindings(files, checked.findings, pack, { root, maxFileSize: config.maxFileSize });
  let findings = allFindings ? checked.findings : split.current;
  let legacy = allFindings ? [] : split.legacy;

  // The sibling search (started before the check, on its own thread unless fixing) ends here.
  const siblings = await siblingSearch?.();
  if (siblings && values.verbose) for (const note of siblings.notes) io.stderr(`attractor-lint: siblings: ${note}\n`);
  let siblingFindings = siblings?.findings ?? [];
  const legacyListed = allFindings ? new Set(split.legacy.map((f) => f.fingerprint)) : undefined;
  let fixes: FindingFix[] | undefined;
  if (fixing) {
    const { runFixes } = await import('./fix-run.js');
    const model = values.llm || config.llm.enabled ? await (await import('./model-patcher.js')).modelPatcher(config, pack, io) : undefined;
    const mode = values['fix-dry-run'] ? 'dry-run' : staged ? 'staged' : 'write';
    const fixed = await runFixes(files, findings, pack, { mode, fixType, root, maxFileSize: config.maxFileSize, ...(model ? { model } : {}) }, io);
    findings = fixed.remaining;
    let allFixes = fixed.fixes;
    const checkedIds = new Set(files.map((f) => f.id));
    const fixable = siblingFindings.filter((f) => checkedIds.has(f.path) && f.fix);
    if (siblings && fixable.length) {
      // A second pass with the siblings' own patterns, on the content the first pass left (the
      // index was rewritten if it fixed staged files). Siblings outside the checked files are only reported.
      const current = staged && fixed.fixes.some((f) => f.fixed) ? (await collectStaged({ cwd: io.cwd, include: config.include, exclude: config.exclude, extensions: config.extensions, maxFileSize: config.maxFileSize })).files : files;
      const { isSiblingRule, siblingFixPack } = await import('../../siblings/change-siblings.js');
      const again = await runFixes(current, fixable, siblingFixPack(siblings.patterns), { mode, fixType, root, maxFileSize: config.maxFileSize }, io);
      const original = new Map(siblingFindings.map((f) => [`${f.path}:${f.line}:${f.column}`, f]));
      const asSibling = (f: Finding): Finding => original.get(`${f.path}:${f.line}:${f.column}`) ?? { ...f, ruleId: SIBLING_RULE_ID, severity: siblingSeverity === 'off' ? 'info' : siblingSeverity };
      const fixedKeys = new Set(again.fixes.filter((f) => f.fixed).map((f) => `${f.finding.path}:${f.finding.line}:${f.finding.column}`));
      siblingFindings = siblingFindings.filter((f) => !fixedKeys.has(`${f.path}:${f.line}:${f.column}`));
      allFixes = [...allFixes, ...again.fixes.filter((f) => isSiblingRule(f.finding.ruleId)).map((f) => ({ ...f, finding: asSibling(f.finding) }))];
      if (again.diff) io.stdout(again.diff);
    }
    const display = new Map(files.map((f) => [f.id, f.display]));
    fixes = allFixes.map((f) => ({ ...f, finding: { ...f.finding, path: display.get(f.finding.path) ?? f.finding.path } }));
    if (fixed.diff) io.stdout(fixed.diff);
    if (format === 'stylish') io.stderr(fixSummary(fixes, mode));
  }
  if (!values['no-baseline']) {
    const baseline = readBaseline(config.baseline, relative(io.cwd, config.baseline) || config.baseline);
    if (baseline) {
      findings = findings.filter((f) => !baseline.has(f.fingerprint));
      legacy = legacy.filter((f) => !baseline.has(f.fingerprint));
    }
  }
  if (siblingFindings.length) {
    // Sibling sites outside the checked files are shown by their repository path.
    const display = new Map(files.map((f) => [f.id, f.display]));
    const shown = (path: string): string => display.get(path) ?? (relative(io.cwd, resolve(root, path)).split('\\').join('/') || path);
    findings = [...findings, ...siblingFindings.map((f) => ({ ...f, path: shown(f.path) }))];
  }
  if (values.quiet) {
    findings = findings.filter((f) => f.severity === 'error');
    legacy = legacy.filter((f) => f.severity === 'error');
  }
  const legacyCount = legacyListed ? findings.filter((f) => legacyListed.has(f.fingerprint)).length : legacy.length;
  const result = summarise(files, findings, [...notes, ...checked.notes], { count: legacyCount, ...(legacyListed ? { listed: legacyListed } : {}) });

  io.stderr(noteLines(result.notes));
  if (format === 'json') io.stdout((await import('../format/format-json.js')).formatJson(result, fixes));
  else if (format === 'sarif') {
    const ids = new Map(files.map((f) => [f.display, f.id]));
    const { formatSarif } = await import('../format/format-sarif.js');
    io.stdout(formatSarif(result, pack, packageVersion(), (path) => ids.get(path) ?? relative(root, resolve(io.cwd, path))));
  } else io.stdout((await import('../format/format-stylish.js')).formatStylish(result, io.isTTY && !io.env.NO_COLOR));

  // Opt-in: the next commits' checks go to a warm process (started here when none runs).
  if (config.server.enabled && staged && !served) {
    const dir = gitDirOnDisk(io.cwd, io.env);
    if (dir) (await import('../spawn-server.js')).spawnServer(root, dir, config.server.idleMinutes, io.env);
  }
  if (result.errors > 0) return 1;
  if (maxWarnings !== undefined && result.warnings > maxWarnings) {
    if (format === 'stylish') io.stderr(`attractor-lint: ${result.warnings} warnings exceed --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}
