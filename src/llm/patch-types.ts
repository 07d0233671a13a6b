import type { ModelMetrics } from '../fix/fix-text.js';
import type { Config } from '../config/defaults.js';
import type { Finding, LanguageId, RuleSpec } from '../model.js';

/** One finding a model is asked to fix. The caller computes the region and verifies the result. */
export interface PatchRequest {
  /** The whole file. */
  text: string;
  /** Repository-relative path, used in the prompt and for the fence's language. */
  path: string;
  language: LanguageId;
  finding: Finding;
  /**
   * Half-open UTF-16 offsets of the finding's enclosing function (or statement): the only text a
   * patch may replace. Indentation before `start` on its line belongs to the region too.
   */
  region: { start: number; end: number };
  /** The loaded pack's specs, from which the `<consider>` block is chosen. */
  rules: RuleSpec[];
  /**
   * What to fix when no rule reports it (eval's held-out fixes with `--all-fixes`: the fix commit's
   * subject); the finding then only marks the lines to fix.
   */
  task?: string;
}

/**
 * `enhanced` is what `--fix --llm` sends: the `<consider>` block, API seeding and retries.
 * `baseline` is the same instruction and region without them (one try, no API seeded; the answer
 * still starts with the region's own lines before the finding): the control arm of `eval --llm`.
 */
export type PatchArm = 'enhanced' | 'baseline';

/**
 * The `llm` settings after defaults and `OLLAMA_HOST` are applied (see resolveLlmSettings): the
 * configuration's keys (documented in config/defaults.ts), with `host` a base URL.
 */
export type LlmSettings = Omit<Config['llm'], 'enabled'>;

/**
 * The caller's verification of a candidate (the whole new file text): undefined when it is
 * acceptable, else why not. It must not throw; if it does, the candidate counts as rejected.
 */
export type VerifyCandidate = (candidateFullText: string) => string | undefined;

/**
 * What one `proposePatch` did; meant for logs and `--format json`: the fields fix/ reports per
 * finding (API hit rate, retries, patterns shown, latency, tokens, verified), and why not.
 */
export interface PatchMetrics extends ModelMetrics {
  /** Why there is no output: one line. */
  reason?: string;
  /** The server (not the model's answer) failed: unreachable, timed out, unknown model. */
  serverFailure?: boolean;
}

export interface PatchResult {
  /** The verified new text of the whole file; absent unless `metrics.verified`. */
  output?: string;
  /**
   * The last candidate read from an answer (the whole file with the answer in the region), verified
   * or not: eval scores it. Only read, never executed.
   */
  candidate?: string;
  metrics: PatchMetrics;
}
