import { AttractorError } from '../../shared/errors.js';
import type { Io } from '../io.js';

/**
 * `attractor-lint lsp [--stdio]`: the language server for editors (lsp/serve-lsp.ts), over stdio.
 * Its output is the protocol itself, so it writes nothing else to stdout.
 */
export async function lspCommand(argv: string[], _io: Io): Promise<number> {
  const unknown = argv.filter((a) => a !== '--stdio');
  if (unknown.length) throw new AttractorError('bad-args', `lsp: unknown argument ${unknown[0]} (the server speaks over stdio: attractor-lint lsp --stdio)`);
  const { serveLsp } = await import('../../lsp/serve-lsp.js');
  await serveLsp();
  return 0;
}
