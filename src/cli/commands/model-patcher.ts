import type { ResolvedConfig } from '../../config/index.js';
import type { ModelPatcher } from '../../fix/fix-text.js';
import type { CompiledPack } from '../../rules/compile-pack.js';
import type { Io } from '../io.js';

/**
 * The `--llm` patcher: one model patch per finding through src/llm (loaded only with `--llm`),
 * verified by fix/ as template fixes are. Model or server trouble is one note per run, never a
 * failure: the findings stay, with the reason in the JSON report.
 */
export async function modelPatcher(config: ResolvedConfig, pack: CompiledPack, io: Io): Promise<ModelPatcher> {
  const { proposePatch, resolveLlmSettings } = await import('../../llm/index.js');
  const settings = resolveLlmSettings(config.llm, io.env);
  const rules = pack.source.loaded.map((rule) => rule.spec);
  let told = false;
  return async ({ text, path, language, finding, region, verify }) => {
    const { output, metrics } = await proposePatch({ text, path, language, finding, region: { start: region[0], end: region[1] }, rules }, settings, verify);
    if (metrics.serverFailure && !told) {
      told = true;
      io.stderr(`attractor-lint: model: ${metrics.reason}\n`);
    }
    const { apiHitRate, retries, patterns, latencyMs, tokens, verified } = metrics;
    const reported = { apiHitRate, retries, patterns, latencyMs, tokens, verified };
    return output !== undefined ? { output, reason: 'verified', metrics: reported } : { reason: metrics.reason ?? 'no verified patch', metrics: reported };
  };
}
