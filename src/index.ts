/** The programmatic API: load rules, check text or files, test rules. Types are in model.ts. */
export type * from './model.js';
export { checkSource, UNKNOWN_RULE_ID } from './check/check-source.js';
export type { SourceOptions, SourceResult } from './check/check-source.js';
export { compilePack } from './rules/compile-pack.js';
export type { CompiledPack, CompiledRule } from './rules/compile-pack.js';
export { BUILTIN_RULES_DIR, loadRuleDir } from './rules/load-rules.js';
export { validateRuleSpec } from './rules/validate-spec.js';
export { testRules } from './rules/test-rules.js';
export type { RuleTestResult } from './rules/test-rules.js';
export { fixSource } from './fix/fix-source.js';
export { loadConfig, validateConfig, DEFAULT_CONFIG } from './config/index.js';
export type { Config, ResolvedConfig } from './config/index.js';
export { AttractorError } from './shared/errors.js';
export { run } from './cli/run.js';
