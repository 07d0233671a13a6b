import { isAttractorError } from '../shared/errors.js';
import { packageVersion } from '../shared/version.js';
import { baselineCommand } from './commands/baseline-command.js';
import { checkCommand } from './commands/check-command.js';
import { testCommand } from './commands/test-command.js';
import { HELP } from './help.js';
import type { Io } from './io.js';

type Command = (argv: string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  check: checkCommand,
  test: testCommand,
  baseline: baselineCommand,
};

/**
 * Runs one CLI invocation and returns its exit code: 0 clean, 1 findings, 2 fatal. Expected
 * failures print one line; unexpected ones are rethrown for main.ts to show with a stack.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  const command = first !== undefined ? COMMANDS[first] : undefined;
  try {
    return command ? await command(rest, io) : await checkCommand(argv, io);
  } catch (error) {
    if (isAttractorError(error)) {
      io.stderr(`attractor-lint: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
