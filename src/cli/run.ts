import { isAttractorError } from '../shared/errors.js';
import { packageVersion } from '../shared/version.js';
import { HELP } from './help.js';
import type { Io } from './io.js';

type Command = (argv: string[], io: Io) => Promise<number>;

/** Commands load on demand: a pre-commit run should not pay for modules it never uses. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./commands/check-command.js')).checkCommand,
  test: async () => (await import('./commands/test-command.js')).testCommand,
  baseline: async () => (await import('./commands/baseline-command.js')).baselineCommand,
  learn: async () => (await import('./commands/learn-command.js')).learnCommand,
  explain: async () => (await import('./commands/explain-command.js')).explainCommand,
  eval: async () => (await import('./commands/eval-command.js')).evalCommand,
  init: async () => (await import('./commands/init-command.js')).initCommand,
  doctor: async () => (await import('./commands/doctor-command.js')).doctorCommand,
  docs: async () => (await import('./commands/docs-command.js')).docsCommand,
  server: async () => (await import('./commands/server-command.js')).serverCommand,
  lsp: async () => (await import('./commands/lsp-command.js')).lspCommand,
  mcp: async () => (await import('./commands/mcp-command.js')).mcpCommand,
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
  const named = first !== undefined ? COMMANDS[first] : undefined;
  try {
    const command = await (named ?? (COMMANDS.check as () => Promise<Command>))();
    return await command(named ? rest : argv, io);
  } catch (error) {
    if (isAttractorError(error)) {
      io.stderr(`attractor-lint: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
