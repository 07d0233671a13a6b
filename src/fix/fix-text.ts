import { checkSource } from '../check/check-source.js';
import type { Finding, LanguageId } from '../model.js';
import { grammarFor, parseText } from '../parse/index.js';
import type { CompiledPack } from '../rules/compile-pack.js';
import { fixSource } from './fix-source.js';
import { modelPatchVerifier, patchRegion } from './model-verify.js';

export type FixType = 'safe' | 'all';

/** What happened to one finding under `--fix`. */
export interface FindingFix {
  finding: Finding;
  fixed: boolean;
  how?: 'template' | 'llm';
  reason?: string;
  /** With a model: how the attempt went (see llm/patch-types.ts PatchMetrics). */
  model?: ModelMetrics;
}

/** What a model attempt cost and how close it came, reported per finding in the JSON output. */
export interface ModelMetrics {
  /** Share of the expected APIs the last candidate added (1 when none were expected). */
  apiHitRate: number;
  /** Requests after the first. */
  retries: number;
  /** Rule ids shown to the model in `<consider>` blocks, the finding's own rule first. */
  patterns: string[];
  latencyMs: number;
  /** `prompt_eval_count + eval_count` over all replies. */
  tokens: number;
  verified: boolean;
}

/**
 * A model patch for one finding: resolves to the verified new text of the file, or why there is
 * none. `verify` is the same verification template fixes get; the model layer calls it.
 */
export type ModelPatcher = (request: { text: string; path: string; language: LanguageId; finding: Finding; region: [number, number]; verify: (candidate: string) => string | undefined }) => Promise<{ output?: string; reason: string; metrics?: ModelMetrics }>;

export interface FixTextOptions {
  fixType: FixType;
  /** `--llm`: ask a model for findings that have no template fix, or whose fix failed. */
  model?: ModelPatcher;
}

/** Whether every fix of the rule keeps the code's meaning (the default for a fix). */
function safeRule(pack: CompiledPack, ruleId: string): boolean {
  const spec = pack.source.loaded.find((rule) => rule.spec.id === ruleId)?.spec;
  const fixes = spec?.fix === undefined ? [] : Array.isArray(spec.fix) ? spec.fix : [spec.fix];
  return fixes.every((fix) => fix.safety !== 'unsafe');
}

/**
 * Fixes one file's text: verified template fixes first (filtered by `fixType`), then, with a
 * model, one patch per finding still left. Reports every original finding's outcome.
 */
export async function fixText(text: string, path: string, language: LanguageId, pack: CompiledPack, functionKinds: string[], options: FixTextOptions): Promise<{ output: string; fixes: FindingFix[]; remaining: Finding[] }> {
  const original = checkSource(text, path, language, pack).findings;
  const allow = options.fixType === 'safe' ? (f: Finding) => safeRule(pack, f.ruleId) : undefined;
  const outcome = fixSource(text, path, language, pack, undefined, allow);
  let output = outcome.output;
  let remaining = outcome.remaining;
  const fixedPrints = new Set(outcome.fixed.map((f) => f.fingerprint));
  const rejected = new Map(outcome.rejected.map((r) => [r.finding.fingerprint, r.reason]));
  const fixes: FindingFix[] = original.map((finding) => {
    if (fixedPrints.has(finding.fingerprint)) return { finding, fixed: true, how: 'template' };
    if (rejected.has(finding.fingerprint)) return { finding, fixed: false, reason: `the template fix was not applied: ${rejected.get(finding.fingerprint)}` };
    if (finding.fix && allow && !allow(finding)) return { finding, fixed: false, reason: 'the fix changes behaviour (unsafe); --fix-type all applies it' };
    if (!finding.fix) return { finding, fixed: false, reason: 'the rule has no fix' };
    return remaining.some((f) => f.fingerprint === finding.fingerprint) ? { finding, fixed: false, reason: 'still reported after fixing' } : { finding, fixed: true, how: 'template' };
  });

  if (options.model) {
    const grammar = grammarFor(language, path);
    const kinds = new Set(functionKinds);
    for (const entry of fixes) {
      if (entry.fixed) continue;
      const current = remaining.find((f) => f.fingerprint === entry.finding.fingerprint);
      if (!current) continue;
      const verify = modelPatchVerifier(output, path, language, pack, current);
      const region = patchRegion(parseText(grammar, output).rootNode, output, current, kinds);
      const patch = await options.model({ text: output, path, language, finding: current, region, verify });
      if (patch.metrics) entry.model = patch.metrics;
      if (patch.output !== undefined && verify(patch.output) === undefined) {
        output = patch.output;
        remaining = checkSource(output, path, language, pack).findings;
        Object.assign(entry, { fixed: true, how: 'llm', reason: undefined });
      } else entry.reason = `${entry.reason ? `${entry.reason}; ` : ''}model: ${patch.reason}`;
    }
  }
  for (const entry of fixes) if (entry.reason === undefined) delete entry.reason;
  return { output, fixes, remaining };
}
