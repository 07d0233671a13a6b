import { relative, resolve, sep } from 'node:path';
import { writeBaseline } from '../../check/baseline.js';
import { checkFiles } from '../../check/check-files-parallel.js';
import { loadConfig } from '../../config/index.js';
import { collectPaths } from '../../files/collect-paths.js';
import { findWorktreeRoot } from '../../git/index.js';
import { parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { loadPack } from '../../rules/load-pack.js';
import { noteLines } from './check-command.js';

/**
 * Whether a root-relative file id lies under one of the paths this run was given (the current
 * directory when none): entries of the baseline outside them are kept, not forgotten.
 */
function scopeOf(paths: string[], cwd: string, root: string): (id: string) => boolean {
  const prefixes = (paths.length ? paths : ['.']).map((p) => relative(root, resolve(cwd, p)).split(sep).join('/'));
  return (id) => prefixes.some((prefix) => prefix === '' || id === prefix || id.startsWith(`${prefix}/`));
}

/** `attractor-lint baseline [paths]`: records today's findings so `check` reports only new ones. */
export async function baselineCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    rules: { type: 'string', multiple: true },
    'no-builtin': { type: 'boolean' },
    config: { type: 'string', short: 'c' },
  });
  const root = findWorktreeRoot(io.cwd) ?? io.cwd;
  const config = await loadConfig(io.cwd, root, values.config as string | undefined);
  const pack = loadPack(config, { rules: values.rules as string[] | undefined, noBuiltin: Boolean(values['no-builtin']) }, io.cwd);
  const { files, notes } = collectPaths(positionals, { cwd: io.cwd, root, include: config.include, exclude: config.exclude, extensions: config.extensions });
  const checked = await checkFiles(files, pack, { maxFileSize: config.maxFileSize });
  io.stderr(noteLines([...notes, ...checked.notes]));
  const { recorded, kept } = writeBaseline(config.baseline, checked.findings, scopeOf(positionals, io.cwd, root));
  const others = kept ? ` (kept ${kept} recorded earlier for other paths)` : '';
  io.stdout(`attractor-lint: recorded ${recorded} finding${recorded === 1 ? '' : 's'} in ${relative(io.cwd, config.baseline)}${others}; "check" now reports only new ones.\n`);
  return 0;
}
