import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AttractorError } from '../shared/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `node:util` parseArgs with one-line errors instead of its multi-sentence ones. */
export function parseCommandArgs(argv: string[], options: Options): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, unknown>, positionals };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    // node quotes the option as '--staged' or, for options with a short alias, '-f, --format <value>'.
    const quoted = /'(-[^']+)'/.exec(message)?.[1] ?? '';
    const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(' ')[0] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new AttractorError('bad-args', `unknown option ${option} (see attractor-lint --help)`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (/does not take an argument/.test(message)) throw new AttractorError('bad-args', `option ${option} does not take a value`);
      throw new AttractorError('bad-args', `option ${option} needs a value`);
    }
    throw new AttractorError('bad-args', message.split('\n')[0] ?? message);
  }
}

export function intOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new AttractorError('bad-args', `${name} expects a whole number, got "${String(value)}"`);
  return n;
}
