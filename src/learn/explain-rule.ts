import type { EvidenceSource, RuleSpec } from '../model.js';
import { RESONANCE_WEIGHTS } from './score.js';

const pct = (n: number): string => n.toFixed(2);

/** What the shared score's parts stand for, per learning source (docs/learning.md). */
const PART_MEANINGS: Record<EvidenceSource, { support: string; spread: string; tests: string }> = {
  'recurring-fix': { support: 'distinct fix commits', spread: 'files, authors, time between the first and last fix', tests: 'fixes with a test going red to green (1) or tests changed with them (0.5)' },
  'unfinished-fix': { support: 'sites the one fix commit changed', spread: 'sites left in the files the fix changed', tests: 'a test went red to green with the fix (1), or tests changed with it (0.5)' },
  migration: { support: 'commits and sites that made the replacement', spread: 'files, time over which it was made', tests: 'the old name no longer resolves: nothing defines it (1), or it still does (0.25)' },
  convention: { support: 'call sites that follow the convention', spread: 'files they are in', tests: 'a fix commit brought a call into the convention (1)' },
};

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
    const source = p.source ?? 'recurring-fix';
    const when = p.learnedAt ? ` from history up to ${p.learnedAt}` : '';
    if (source === 'unfinished-fix') lines.push('', `Learned${when} as an unfinished fix: one fix commit changed ${p.fixes?.length ?? '?'}+ sites and left ${p.sites?.length ?? 0}; resonance ${p.resonance ?? '?'}.`);
    else if (source === 'convention' && p.convention) lines.push('', `Learned${when} as a convention of the tree: ${p.convention.conforming} of ${p.convention.conforming + p.convention.deviants} calls of \`${p.convention.api}\` follow it (${p.convention.family}${p.convention.keyword ? `, \`${p.convention.keyword}=\`` : ''})${p.convention.fixedBy?.length ? `; fixed into it by ${p.convention.fixedBy.join(', ')}` : ''}; resonance ${p.resonance ?? '?'}.`);
    else if (source === 'migration' && p.migration) lines.push('', `Learned${when} as a migration: \`${p.migration.from}\` -> \`${p.migration.to}\`, ${p.migration.migrated} sites migrated in ${p.migration.steps.length} commits, ${p.migration.remaining} left; resonance ${p.resonance ?? '?'}.`);
    else lines.push('', `Learned${when}: ${p.support ?? '?'} fix commits, resonance ${p.resonance ?? '?'}.`);
    if (spec.newCodeOnly) lines.push('Reported only on new code: lines a change adds or modifies (check --staged, check --diff REF); old sites are legacy, counted in the summary (--all-findings lists them).');
    if (p.parts) {
      const w = RESONANCE_WEIGHTS;
      const meaning = PART_MEANINGS[source];
      lines.push(
        '',
        'Resonance = consistency x prevalence x (0.4 support + 0.2 spread + 0.2 tests + 0.2 recency)',
        `  support     ${pct(p.parts.support)}  x ${w.support}   ${meaning.support}`,
        `  spread      ${pct(p.parts.spread)}  x ${w.spread}   ${meaning.spread}`,
        `  tests       ${pct(p.parts.tests)}  x ${w.tests}   ${meaning.tests}`,
        `  recency     ${pct(p.parts.recency)}  x ${w.recency}   halves each year since the newest ${source === 'migration' ? 'replacement' : 'fix'}`,
        `  consistency ${pct(p.parts.consistency)}        fires before the ${source === 'migration' ? 'replacement' : 'fix'} and not after, over its sites`,
        `  prevalence  ${pct(p.parts.prevalence)}        ${source === 'migration' ? 'share of the sites migrated' : source === 'unfinished-fix' ? 'few sites left (bounded by maxSiblings)' : source === 'convention' ? 'share of the calls that follow it' : `${p.unfixedMatches ?? 0} matches in the tree were never fixed`}`,
      );
    }
    if (p.migration) {
      lines.push('', 'Progress of the migration:');
      let done = 0;
      for (const step of p.migration.steps) {
        done += step.sites;
        lines.push(`  ${step.date}  ${step.commit.slice(0, 10)}  ${step.sites} site${step.sites === 1 ? '' : 's'} (${done} in all)`);
      }
      lines.push(`  ${p.migration.remaining} old sites left when learned`);
    }
    if (p.sites?.length) {
      lines.push('', source === 'migration' ? 'Old sites left (legacy):' : 'Sites left when learned:');
      for (const site of p.sites) lines.push(`  ${site.path}:${site.line}`);
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
  if (p.origin === 'learned') {
    lines.push('', 'To retire it: delete its file (learn keeps it deleted), or turn it off in .attractorrc (rules: { "' + spec.id + '": "off" }).');
    if (p.source === 'migration') lines.push('A migration stays as a ratchet once finished; it retires itself when learn no longer finds it worth a rule.');
    if (p.source === 'unfinished-fix') lines.push('Fixing the sites left (or marking one `# attractor-lint: disable-line ' + spec.id + '`) settles it; learn retires it when no site is left.');
  }
  return `${lines.join('\n')}\n`;
}
