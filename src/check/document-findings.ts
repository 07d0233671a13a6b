import { dirname, isAbsolute, relative, sep } from 'node:path';
import { readBaseline } from './baseline.js';
import { checkSource } from './check-source.js';
import { newCodeOnlyRules, newLinesOf, onNewLines, type NewLines } from './new-code.js';
import { loadConfig, type ResolvedConfig } from '../config/index.js';
import { fixSource } from '../fix/fix-source.js';
import { findWorktreeRoot, headVersion } from '../git/index.js';
import type { Finding, LanguageId } from '../model.js';
import { extensionMap, languageOfPath } from '../parse/index.js';
import type { CompiledPack } from '../rules/compile-pack.js';
import { loadPack } from '../rules/load-pack.js';

/** What checking one open document needs: its repository, its path there, its language and pack. */
export interface DocumentContext {
  root: string;
  /** Repository-relative, with forward slashes: how findings and fingerprints name the file. */
  id: string;
  language: LanguageId;
  config: ResolvedConfig;
  pack: CompiledPack;
}

/**
 * The configuration and pack of the file at `path` (absolute), read again on every call (rule
 * files that did not change are the objects read before, and their pack stays compiled: see
 * `keepCompiledPacks`). Undefined for a file no language of the configuration covers.
 */
export async function documentContext(path: string): Promise<DocumentContext | undefined> {
  const root = findWorktreeRoot(dirname(path)) ?? dirname(path);
  const config = await loadConfig(dirname(path), root);
  const language = languageOfPath(path, extensionMap(config.extensions));
  if (!language) return undefined;
  const pack = loadPack(config, {}, root, { eager: false });
  return { root, id: relative(root, path).split(sep).join('/'), language, config, pack };
}

const lenient = new TextDecoder();

/**
 * The lines `text` adds or modifies against HEAD's version of the file at `path` (absolute): `all`
 * when HEAD has no such file, undefined when git cannot tell (no repository, no git, a relative
 * path). For new-code-only rules in an editor's document (language server, ESLint plugin).
 */
export function newLinesAgainstHead(path: string, text: string): NewLines | undefined {
  if (!isAbsolute(path)) return undefined;
  const head = headVersion(path);
  if (!head) return undefined;
  return head.kind === 'absent' ? 'all' : newLinesOf(lenient.decode(head.bytes), text);
}

/**
 * The findings `check` reports for this text of the document (unsaved edits included): the pack's
 * rules and the file's suppression comments; new-code-only rules only on the lines the text adds
 * or modifies against the git HEAD; findings in the baseline left out.
 */
export function documentFindings(text: string, path: string, context: DocumentContext): Finding[] {
  let findings = checkSource(text, context.id, context.language, context.pack).findings;
  const newCodeOnly = newCodeOnlyRules(context.pack);
  if (findings.some((f) => newCodeOnly(f.ruleId, context.language))) {
    const lines = newLinesAgainstHead(path, text);
    findings = findings.filter((f) => !newCodeOnly(f.ruleId, context.language) || (lines !== undefined && onNewLines(f, lines)));
  }
  const baseline = readBaseline(context.config.baseline, relative(context.root, context.config.baseline));
  return baseline ? findings.filter((f) => !baseline.has(f.fingerprint)) : findings;
}

/** The text with the verified template fix of `finding` applied, or undefined when it has none that passes. */
export function fixedText(text: string, finding: Finding, context: DocumentContext): string | undefined {
  const outcome = fixSource(text, context.id, context.language, context.pack, new Set([finding.ruleId]), (f) => f.fingerprint === finding.fingerprint);
  return outcome.fixed.some((f) => f.fingerprint === finding.fingerprint) ? outcome.output : undefined;
}
