import { checkSource } from '../check/check-source.js';
import type { Finding, LanguageId } from '../model.js';
import { definedNames, grammarFor, parseText, type SyntaxNode } from '../parse/index.js';
import type { CompiledPack } from '../rules/compile-pack.js';
import { enclosingStatement, errorCount, fixSource, verifyEdit } from './fix-source.js';

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

/**
 * The first line away from the finding (outside its lines) that a model patch removed, or 0.
 * Lines are compared trimmed and as a multiset, so moving or re-indenting code is allowed, and
 * only the finding's own lines may be rewritten away.
 */
function droppedLines(before: string, after: string, finding: Finding): number {
  const left = new Map<string, number>();
  for (const line of after.split('\n')) {
    const key = line.trim();
    if (key) left.set(key, (left.get(key) ?? 0) + 1);
  }
  const lines = before.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const key = (lines[i] as string).trim();
    if (!key) continue;
    const count = left.get(key) ?? 0;
    if (count > 0) left.set(key, count - 1);
    else if (i + 1 < finding.line || i + 1 > finding.endLine) return i + 1;
  }
  return 0;
}

/** A function the candidate defines more often than the file did (a model pasting the module back in). */
function addedDefinition(before: string, after: string, language: LanguageId): string | undefined {
  const was = definedNames(before, language);
  for (const [name, n] of definedNames(after, language)) if (n > (was.get(name) ?? 0)) return name;
  return undefined;
}

/** Whether every fix of the rule keeps the code's meaning (the default for a fix). */
function safeRule(pack: CompiledPack, ruleId: string): boolean {
  const spec = pack.source.loaded.find((rule) => rule.spec.id === ruleId)?.spec;
  const fixes = spec?.fix === undefined ? [] : Array.isArray(spec.fix) ? spec.fix : [spec.fix];
  return fixes.every((fix) => fix.safety !== 'unsafe');
}

/** The enclosing function of a finding (else its statement): the region a model patch may rewrite. */
function patchRegion(root: SyntaxNode, text: string, finding: Finding, functionKinds: Set<string>): [number, number] {
  const [start, end] = enclosingStatement(root, text, finding);
  let node: SyntaxNode | null = root.descendantForIndex(start, end);
  while (node && !functionKinds.has(node.type)) node = node.parent;
  return node ? [node.startIndex, node.endIndex] : [start, end];
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
      const before = { text: output, findings: remaining };
      const errorsBefore = errorCount(parseText(grammar, output).rootNode);
      const verify = (candidate: string): string | undefined => {
        const dropped = droppedLines(output, candidate, current);
        if (dropped) return `the patch deletes code away from the finding (line ${dropped})`;
        const added = addedDefinition(output, candidate, language);
        if (added) return `the patch defines \`${added}\` a second time`;
        const after = checkSource(candidate, path, language, pack).findings;
        return verifyEdit(before, { text: candidate, findings: after }, [current], { before: errorsBefore, after: errorCount(parseText(grammar, candidate).rootNode) });
      };
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
