import { loadConfig } from '../../config/index.js';
import { findWorktreeRoot } from '../../git/index.js';
import { testRules } from '../../rules/test-rules.js';
import { AttractorError } from '../../shared/errors.js';
import { parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { loadPack } from '../../rules/load-pack.js';

/** `attractor-lint test`: runs every rule's valid/invalid cases and fix expectations. */
export async function testCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    rules: { type: 'string', multiple: true },
    'no-builtin': { type: 'boolean' },
    config: { type: 'string', short: 'c' },
    format: { type: 'string', short: 'f' },
  });
  if (values.format !== undefined && values.format !== 'stylish' && values.format !== 'json') {
    throw new AttractorError('bad-args', `--format must be one of stylish, json, got "${String(values.format)}"`);
  }
  const config = await loadConfig(io.cwd, findWorktreeRoot(io.cwd) ?? io.cwd, values.config as string | undefined);
  const pack = loadPack(config, { rules: values.rules as string[] | undefined, noBuiltin: Boolean(values['no-builtin']) }, io.cwd, { applySeverities: false });
  const only = new Set(positionals);
  // A mistyped id would otherwise run nothing and pass.
  const unknown = positionals.filter((id) => !pack.knownIds.has(id));
  if (unknown.length) throw new AttractorError('bad-args', `no rule has the id ${unknown.map((id) => `"${id}"`).join(', ')}`);
  const results = testRules(pack, only.size ? (rule) => only.has(rule.id) : undefined);
  const failed = results.filter((r) => r.failures.length);
  if (values.format === 'json') {
    io.stdout(`${JSON.stringify({ rules: results, passed: results.length - failed.length, failed: failed.length })}\n`);
  } else {
    for (const r of results) {
      io.stdout(`${r.failures.length ? 'FAIL' : 'ok  '} ${r.ruleId} (${r.cases} cases) ${r.file}\n`);
      for (const failure of r.failures) io.stdout(`     - ${failure}\n`);
    }
    io.stdout(`\n${results.length - failed.length} rules passed, ${failed.length} failed\n`);
  }
  return failed.length ? 1 : 0;
}
