import { loadConfig } from '../../config/index.js';
import { findWorktreeRoot } from '../../git/index.js';
import { explainRule } from '../../learn/explain-rule.js';
import { AttractorError } from '../../shared/errors.js';
import { parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { loadPack } from '../../rules/load-pack.js';

/** `attractor-lint explain RULE`: prints a rule, its score's parts and the commits behind it. */
export async function explainCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    rules: { type: 'string', multiple: true },
    'no-builtin': { type: 'boolean' },
    config: { type: 'string', short: 'c' },
  });
  if (positionals.length !== 1) throw new AttractorError('bad-args', 'explain takes one rule id, e.g. "attractor-lint explain eq-none"');
  const id = positionals[0] as string;
  const config = await loadConfig(io.cwd, findWorktreeRoot(io.cwd) ?? io.cwd, values.config as string | undefined);
  const pack = loadPack(config, { rules: values.rules as string[] | undefined, noBuiltin: Boolean(values['no-builtin']) }, io.cwd, { applySeverities: false, eager: false });
  const matches = pack.source.loaded.filter((rule) => rule.spec.id === id);
  if (matches.length === 0) throw new AttractorError('bad-args', `no rule "${id}" in the pack (see "attractor-lint test" for the list)`);
  io.stdout(matches.map((rule) => explainRule(rule.spec, rule.file)).join('\n'));
  return 0;
}
