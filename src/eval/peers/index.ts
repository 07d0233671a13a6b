import { eslintRecommended } from '../../eslint/recommended-baseline.js';
import type { BaselineFinding, LanguageId } from '../../model.js';
import { pyflakesCommand, runPyflakes } from './pyflakes.js';
import { ruffPeer } from './ruff.js';

/** A peer linter scored like the pack (evaluation.md): one batch of texts in, findings by key out. */
export interface PeerTool {
  tool: string;
  languages: LanguageId[];
  run(inputs: Map<string, { text: string; path: string }>): Map<string, BaselineFinding[]> | Promise<Map<string, BaselineFinding[]>>;
}


/**
 * The peers installed here: pyflakes (a command), Ruff's WebAssembly build with its defaults and with
 * the bug selection (an optional dependency), and ESLint's recommended set (an optional peer). Each
 * is left out, with a note, when it is missing.
 */
export function peerTools(notes: string[] = []): PeerTool[] {
  const tools: PeerTool[] = [];
  const pyflakes = pyflakesCommand();
  if (pyflakes) tools.push({ tool: 'pyflakes', languages: ['python'], run: (inputs) => runPyflakes(pyflakes, new Map([...inputs].map(([key, file]) => [key, file.text]))) });
  else notes.push('pyflakes not found (apt-get install python3-pyflakes): no pyflakes baseline');
  const ruffDefault = ruffPeer('default');
  const ruffBugs = ruffPeer('bugs');
  if (ruffDefault) tools.push({ tool: 'Ruff default', languages: ['python'], run: ruffDefault });
  if (ruffBugs) tools.push({ tool: 'Ruff bugs', languages: ['python'], run: ruffBugs });
  if (!ruffDefault || !ruffBugs) notes.push('@astral-sh/ruff-wasm-nodejs not installed (npm install @astral-sh/ruff-wasm-nodejs): no Ruff baselines');
  const eslint = eslintRecommended();
  if (eslint) tools.push({ tool: 'ESLint recommended', languages: ['javascript'], run: (inputs) => new Map([...inputs].map(([key, file]) => [key, eslint(file.text, file.path)])) });
  else notes.push('eslint not installed (npm install eslint): no ESLint baseline');
  return tools;
}
