import { askModel } from './ask-model.js';
import { buildPrompt } from './build-prompt.js';
import { checkCandidate } from './check-candidate.js';
import { considerBlock } from './consider-block.js';
import { detectFrameworks } from './detect-frameworks.js';
import { apiHitRate, expectedApis } from './expected-apis.js';
import { patchHole } from './patch-hole.js';
import type { LlmSettings, PatchArm, PatchMetrics, PatchRequest, PatchResult, VerifyCandidate } from './patch-types.js';
import { readCandidate } from './read-candidate.js';
import { relevantRules } from './relevant-rules.js';

/** Regions longer than this are not sent: a small model cannot rewrite them faithfully. */
export const MAX_REGION_CHARS = 8000;

function runVerify(verify: VerifyCandidate, candidate: string): string | undefined {
  try {
    return verify(candidate);
  } catch (error) {
    return `verification failed (${error instanceof Error ? error.message : String(error)})`;
  }
}

/**
 * Asks the configured model for a patch of one finding and returns the patched file only when the
 * caller's `verify` accepts it. Each try shows the model a `<consider>` block of the most relevant
 * rules with real before/after examples and primes its answer with the region's lines before the
 * finding (and a leading API such as `await`). A candidate is retried, with more pressure (more
 * examples, a stricter instruction, half the temperature, a fixed seed), when it does not parse
 * out of the answer, fails our own checks (checkCandidate), adds fewer of the expected APIs than
 * `apiHitThreshold`, or is rejected by `verify`; at most `1 + retries` requests in all. Server and
 * model failures (unreachable, timeout, unknown model, garbage) end it at once. Never throws for
 * anything the model or the server does; nothing the model says is executed. The `baseline` arm
 * (eval's control) sends one try with no `<consider>` block and no API seeded.
 */
export async function proposePatch(request: PatchRequest, settings: LlmSettings, verify: VerifyCandidate, arm: PatchArm = 'enhanced'): Promise<PatchResult> {
  const started = performance.now();
  const metrics: PatchMetrics = { apiHitRate: 0, retries: 0, patterns: [], latencyMs: 0, tokens: 0, verified: false };
  let candidate: string | undefined;
  const done = (reason: string | undefined, output?: string): PatchResult => {
    metrics.latencyMs = Math.round(performance.now() - started);
    if (reason === undefined) metrics.verified = true;
    else metrics.reason = reason;
    return { ...(output === undefined ? {} : { output }), ...(candidate === undefined ? {} : { candidate }), metrics };
  };
  const enhanced = arm === 'enhanced';

  const hole = patchHole(request);
  if ('reason' in hole) return done(hole.reason);
  if (hole.text.length > MAX_REGION_CHARS) return done(`the region has ${hole.text.length} characters, more than the ${MAX_REGION_CHARS} a model patch may rewrite`);
  const { text, language, finding } = request;
  const frameworks = detectFrameworks(text, language);
  const rules = relevantRules(request.rules, finding.ruleId, language, text, frameworks);
  const own = rules.find((r) => r.id === finding.ruleId);
  const expected = enhanced ? expectedApis(own, language, frameworks, hole.text) : [];
  const retries = enhanced ? settings.retries : 0;

  let feedback: string | undefined;
  for (let attempt = 0; attempt <= retries; attempt++) {
    metrics.retries = attempt;
    const consider = enhanced ? considerBlock(rules, { language, ruleId: finding.ruleId, findingMessage: finding.message, expected, examples: Math.min(1 + attempt, 3) }) : { text: '', patterns: [] };
    for (const id of consider.patterns) if (!metrics.patterns.includes(id)) metrics.patterns.push(id);
    const prompt = buildPrompt({ request, hole, consider: consider.text, expected, pressure: attempt, temperature: settings.temperature, ...(feedback === undefined ? {} : { feedback }) });
    const answer = await askModel(settings, prompt);
    if (!answer.ok) {
      metrics.serverFailure = true;
      return done(answer.reason);
    }
    metrics.tokens += answer.tokens;

    const read = readCandidate(prompt.prefill, answer, hole);
    if ('reason' in read) {
      metrics.apiHitRate = 0;
      feedback = read.reason;
      continue;
    }
    const hits = apiHitRate(expected, hole.text, read.code, language);
    metrics.apiHitRate = hits.rate;
    candidate = text.slice(0, hole.start) + read.code + text.slice(hole.end);
    feedback = checkCandidate(text, language, hole, read.code);
    if (feedback === undefined && hits.rate < settings.apiHitThreshold) {
      feedback = `the answer does not use ${hits.missing.map((api) => `\`${api}\``).join(', ')}`;
    }
    if (feedback !== undefined) continue;
    feedback = runVerify(verify, candidate);
    if (feedback === undefined) return done(undefined, candidate);
  }
  const tries = retries + 1;
  return done(`no acceptable patch in ${tries} ${tries === 1 ? 'try' : 'tries'}; the last one: ${feedback ?? 'no answer'}`);
}
