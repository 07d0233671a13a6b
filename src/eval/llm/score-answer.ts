import { checkSource } from '../../check/check-source.js';
import type { LanguageId, LoadedRule } from '../../model.js';
import { apiTokens, stripNoise } from '../../llm/code-tokens.js';
import { compilePack, type CompiledPack } from '../../rules/compile-pack.js';
import { ruleLanguages } from '../../rules/validate-spec.js';
import type { HeldOutFile } from '../read-window.js';

/** The curated rules an answer is checked with for what it makes worse. */
export const SECURITY_RULES = ['eval-exec', 'shell-injection', 'hardcoded-secret'];

/** Word tokens, as eval compares fixes: "token-equal" ignores whitespace and layout only. */
const tokens = (text: string): string => text.split(/([^\w]|\s+)/).filter((t) => t.trim()).join(' ');

/**
 * The developer's version of the region: `before` with the fix's hunks that touch the region's
 * lines applied (a fix's other hunks are not the model's to make).
 */
export function developerVersion(file: HeldOutFile, region: [number, number]): string {
  const oldLines = file.before.split('\n');
  const newLines = file.after.split('\n');
  const firstLine = file.before.slice(0, region[0]).split('\n').length - 1;
  const lastLine = file.before.slice(0, region[1]).split('\n').length - 1;
  const out: string[] = [];
  let at = 0;
  for (const h of file.hunks) {
    const from = h.oldStart;
    const to = h.oldStart + Math.max(h.oldLines, 1) - 1;
    if (to < firstLine || from > lastLine) continue;
    out.push(...oldLines.slice(at, h.oldStart), ...newLines.slice(h.newStart, h.newStart + h.newLines));
    at = h.oldStart + h.oldLines;
  }
  out.push(...oldLines.slice(at));
  return out.join('\n');
}

/** Whether the developer's version changes code, not only comments, strings or layout. */
export function changesCode(before: string, developer: string, language: LanguageId): boolean {
  return tokens(stripNoise(before, language)) !== tokens(stripNoise(developer, language));
}

/** Whether `candidate` makes the developer's change: token-equal to developerVersion. */
export function isExact(candidate: string, developer: string): boolean {
  return tokens(candidate) === tokens(developer);
}

function countAll(code: string, language: LanguageId): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of apiTokens(code, language)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** The names the developer's fix added: used more often in the developer's version than before (keywords such as `await` count). */
export function addedNames(before: string, developer: string, language: LanguageId): string[] {
  const was = countAll(before, language);
  return [...countAll(developer, language)].filter(([name, n]) => n > (was.get(name) ?? 0)).map(([name]) => name).sort();
}

/** Share of `names` the candidate uses more often than `before` did; null when the fix added none. */
export function apiHitRate(names: string[], before: string, candidate: string | undefined, language: LanguageId): number | null {
  if (names.length === 0) return null;
  if (candidate === undefined) return 0;
  const was = countAll(before, language);
  const now = countAll(candidate, language);
  return names.filter((name) => (now.get(name) ?? 0) > (was.get(name) ?? 0)).length / names.length;
}

/** A pack of the curated security rules, per language. */
export function securityPack(curated: LoadedRule[]): CompiledPack {
  return compilePack(curated.filter((rule) => SECURITY_RULES.includes(rule.spec.id)), { eager: false });
}

/** Findings of the security rules the candidate has beyond those of `before`, per rule (never negative). */
export function securityIntroduced(pack: CompiledPack, path: string, language: LanguageId, before: string, candidate: string | undefined): number {
  if (candidate === undefined || !pack.source.loaded.some((rule) => ruleLanguages(rule.spec).includes(language))) return 0;
  const count = (text: string): Map<string, number> => {
    const out = new Map<string, number>();
    for (const f of checkSource(text, path, language, pack, { ignoreSuppressions: true }).findings) out.set(f.ruleId, (out.get(f.ruleId) ?? 0) + 1);
    return out;
  };
  const was = count(before);
  let added = 0;
  for (const [rule, n] of count(candidate)) added += Math.max(0, n - (was.get(rule) ?? 0));
  return added;
}
