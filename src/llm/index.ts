export { MAX_REGION_CHARS, proposePatch } from './propose-patch.js';
export { resolveLlmSettings, normaliseHost } from './llm-settings.js';
export { CONSIDER_MAX_BYTES } from './consider-block.js';
export type { LlmSettings, PatchRequest, PatchResult, VerifyCandidate } from './patch-types.js';
export { patchHole } from './patch-hole.js';
