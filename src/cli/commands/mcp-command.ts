import { AttractorError } from '../../shared/errors.js';
import type { Io } from '../io.js';

/**
 * `attractor-lint mcp`: the Model Context Protocol server for coding agents (mcp/serve-mcp.ts), over
 * stdio, on the repository around the current folder. Its output is the protocol itself.
 */
export async function mcpCommand(argv: string[], io: Io): Promise<number> {
  if (argv.length) throw new AttractorError('bad-args', `mcp: unknown argument ${argv[0]} (the server speaks over stdio: attractor-lint mcp)`);
  const { serveMcp } = await import('../../mcp/serve-mcp.js');
  await serveMcp(io.cwd);
  return 0;
}
