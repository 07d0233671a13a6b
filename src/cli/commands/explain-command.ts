import { loadConfig } from '../../config/index.js';
import { findWorktreeRoot } from '../../git/index.js';
import { RESONANCE_WEIGHTS } from '../../learn/score.js';
import type { RuleSpec } from '../../model.js';
import { AttractorError } from '../../shared/errors.js';
import { parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { loadPack } from '../load-pack.js';

const pct = (n: number): string => n.toFixed(2);

/** The text `explain` prints for one rule: what it flags, why, and (learned rules) its evidence. */
export function explainRule(spec: RuleSpec, file: string): string {
  const lines: string[] = [];
  const languages = Array.isArray(spec.language) ? spec.language.join(', ') : spec.language;
  lines.push(`${spec.id} (${languages}, ${spec.severity}) from ${file}`, '', spec.message);
  if (spec.docs?.description) lines.push('', spec.docs.description);
  if (spec.docs?.rationale) lines.push('', `Why: ${spec.docs.rationale}`);
  const p = spec.provenance;
  if (p.origin === 'curated') {
    lines.push('', `Curated rule${p.notes ? ` (${p.notes})` : ''}.`);
  } else {
    lines.push('', `Learned${p.learnedAt ? ` from history up to ${p.learnedAt}` : ''}: ${p.support ?? '?'} fix commits, resonance ${p.resonance ?? '?'}.`);
    if (p.parts) {
      const w = RESONANCE_WEIGHTS;
      lines.push(
        '',
        'Resonance = consistency x prevalence x (0.4 support + 0.2 spread + 0.2 tests + 0.2 recency)',
        `  support     ${pct(p.parts.support)}  x ${w.support}   distinct fix commits`,
        `  spread      ${pct(p.parts.spread)}  x ${w.spread}   files, authors, time between the first and last fix`,
        `  tests       ${pct(p.parts.tests)}  x ${w.tests}   fixes with a test going red to green (1) or tests changed with them (0.5)`,
        `  recency     ${pct(p.parts.recency)}  x ${w.recency}   halves each year since the newest fix`,
        `  consistency ${pct(p.parts.consistency)}        fires before the fix and not after, over the fixes`,
        `  prevalence  ${pct(p.parts.prevalence)}        ${p.unfixedMatches ?? 0} matches in the tree were never fixed`,
      );
    }
    if (p.tests?.length) lines.push('', `Tests that went red to green with these fixes: ${p.tests.join(', ')}`);
    if (p.fixes?.length) {
      lines.push('', 'Fixes behind it:');
      for (const fix of p.fixes) lines.push(`  ${fix.commit.slice(0, 10)}  ${fix.path}:${fix.line}  ${fix.subject}`);
      const more = (p.commits ?? []).filter((c) => !p.fixes?.some((f) => c.startsWith(f.commit.slice(0, 7)) || f.commit.startsWith(c.slice(0, 7))));
      if (more.length) lines.push(`  and ${more.map((c) => c.slice(0, 10)).join(', ')}`);
    }
  }
  lines.push('', 'Query:', ...spec.query.split('\n').map((l) => `  ${l}`));
  if (spec.where?.length) lines.push('', 'Where:', ...spec.where.map((c) => `  ${JSON.stringify(c)}`));
  if (spec.fix) {
    const fixes = Array.isArray(spec.fix) ? spec.fix : [spec.fix];
    lines.push('', 'Fix:', ...fixes.map((f) => `  @${f.target} -> ${JSON.stringify(f.template)}${f.when ? ` when @${f.when.capture} is ${JSON.stringify(f.when.equals)}` : ''}`));
  }
  const example = spec.cases.invalid[0];
  if (example) lines.push('', 'Example it flags:', ...example.code.trimEnd().split('\n').map((l) => `  ${l}`));
  return `${lines.join('\n')}\n`;
}

/** `attractor-lint explain RULE`: prints a rule, its score's parts and the commits behind it. */
export async function explainCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    rules: { type: 'string', multiple: true },
    'no-builtin': { type: 'boolean' },
    config: { type: 'string', short: 'c' },
  });
  if (positionals.length !== 1) throw new AttractorError('bad-args', 'explain takes one rule id, e.g. "attractor-lint explain eq-none"');
  const id = positionals[0] as string;
  const config = await loadConfig(io.cwd, findWorktreeRoot(io.cwd) ?? io.cwd, values.config as string | undefined);
  const pack = loadPack(config, { rules: values.rules as string[] | undefined, noBuiltin: Boolean(values['no-builtin']) }, io.cwd, { applySeverities: false, eager: false });
  const matches = pack.source.loaded.filter((rule) => rule.spec.id === id);
  if (matches.length === 0) throw new AttractorError('bad-args', `no rule "${id}" in the pack (see "attractor-lint test" for the list)`);
  io.stdout(matches.map((rule) => explainRule(rule.spec, rule.file)).join('\n'));
  return 0;
}
