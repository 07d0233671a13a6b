import { relative } from 'node:path';
import { writeBaseline } from '../../check/baseline.js';
import { checkFiles } from '../../check/check-files-parallel.js';
import { loadConfig } from '../../config/index.js';
import { collectPaths } from '../../files/collect-paths.js';
import { findWorktreeRoot } from '../../git/index.js';
import { parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { loadPack } from '../load-pack.js';

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
  const { files } = collectPaths(positionals, { cwd: io.cwd, root, include: config.include, exclude: config.exclude, extensions: config.extensions });
  const { findings } = await checkFiles(files, pack, { maxFileSize: config.maxFileSize });
  const count = writeBaseline(config.baseline, findings);
  io.stdout(`attractor-lint: recorded ${count} finding${count === 1 ? '' : 's'} in ${relative(io.cwd, config.baseline)}; "check" now reports only new ones.\n`);
  return 0;
}
