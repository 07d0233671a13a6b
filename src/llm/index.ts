export { proposePatch, MAX_REGION_CHARS } from './propose-patch.js';
export { resolveLlmSettings, normaliseHost, DEFAULT_OLLAMA_HOST } from './llm-settings.js';
export { CONSIDER_MAX_BYTES } from './consider-block.js';
export { MAX_DROPPED_SHARE } from './check-candidate.js';
export type { LlmSettings, PatchMetrics, PatchRequest, PatchResult, VerifyCandidate } from './patch-types.js';
