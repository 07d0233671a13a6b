import type { ResolvedConfig } from '../../config/index.js';
import type { ModelPatcher } from '../../fix/fix-text.js';
import type { CompiledPack } from '../../rules/compile-pack.js';
import { AttractorError } from '../../shared/errors.js';
import type { Io } from '../io.js';

/** The `--llm` patcher: wired to src/llm once it lands. */
export async function modelPatcher(_config: ResolvedConfig, _pack: CompiledPack, _io: Io): Promise<ModelPatcher> {
  throw new AttractorError('bad-args', '--llm is not available yet');
}
