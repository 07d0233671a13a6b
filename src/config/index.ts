export { loadConfig } from './load-config.js';
export { validateConfig } from './validate-config.js';
export { DEFAULT_CONFIG } from './defaults.js';
export type { Config, ResolvedConfig } from './defaults.js';
