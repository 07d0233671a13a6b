import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { findWorktreeRoot, remoteUrl } from '../../git/index.js';
import type { LoadedRule } from '../../model.js';
import { BUILTIN_RULES_DIR } from '../../rules/load-rules.js';
import { AttractorError } from '../../shared/errors.js';
import { githubUrl } from '../../setup/github-url.js';
import { GENERATED_MARK, ruleMarkdown, rulesIndex } from '../../setup/rule-markdown.js';
import { parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { loadPack } from '../../rules/load-pack.js';

const INDEX = 'README.md';

/** Markdown files under `dir` that `docs` wrote earlier (they start with its mark). */
function generatedPages(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    if (!existsSync(current)) return;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md') && readFileSync(full, 'utf8').startsWith(GENERATED_MARK)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/**
 * `attractor-lint docs [--out DIR]`: one Markdown page per rule id of the pack (message, examples
 * from its cases, provenance with commit links when the repository is on GitHub, how to suppress
 * it) and an index. Pages are written only when they change; pages it wrote for rules that are
 * gone are removed; other files in the folder are never touched.
 */
export async function docsCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    rules: { type: 'string', multiple: true },
    'no-builtin': { type: 'boolean' },
    config: { type: 'string', short: 'c' },
  });
  if (positionals.length) throw new AttractorError('bad-args', `docs takes no paths (got "${positionals[0]}"); use --out DIR`);
  const worktree = findWorktreeRoot(io.cwd);
  const root = worktree ?? io.cwd;
  const config = await loadConfig(io.cwd, root, values.config as string | undefined);
  const pack = loadPack(config, { rules: values.rules as string[] | undefined, noBuiltin: Boolean(values['no-builtin']) }, io.cwd, { applySeverities: false, eager: false });
  const out = values.out ? resolve(io.cwd, values.out as string) : join(root, 'docs', 'rules');
  const repoUrl = worktree ? githubUrl(remoteUrl(root)) : undefined;
  const label = (file: string): string => (file.startsWith(BUILTIN_RULES_DIR) ? `<builtin>/${relative(BUILTIN_RULES_DIR, file)}` : relative(root, file) || file);

  const byId = new Map<string, LoadedRule[]>();
  for (const rule of pack.source.loaded) byId.set(rule.spec.id, [...(byId.get(rule.spec.id) ?? []), rule]);
  const groups = [...byId.keys()].sort().map((id) => byId.get(id) as LoadedRule[]);
  const pages = new Map<string, string>([[join(out, INDEX), rulesIndex(groups)]]);
  for (const rules of groups) pages.set(join(out, `${(rules[0] as LoadedRule).spec.id}.md`), ruleMarkdown(rules, repoUrl ? { repoUrl, label } : { label }));

  const existing = new Map([...pages.keys()].filter((file) => existsSync(file)).map((file) => [file, readFileSync(file, 'utf8')]));
  const changed = [...pages].filter(([file, text]) => existing.get(file) !== text);
  const foreign = changed.find(([file]) => existing.has(file) && !(existing.get(file) as string).startsWith(GENERATED_MARK));
  if (foreign) throw new AttractorError('io', `${relative(io.cwd, foreign[0]) || foreign[0]}: not written by "attractor-lint docs"; move it or choose another --out`);
  for (const [file, text] of changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  const written = changed.length;
  const stale = generatedPages(out).filter((file) => !pages.has(file));
  for (const file of stale) rmSync(file);
  const shown = relative(io.cwd, out) || '.';
  io.stdout(`docs: ${groups.length} rules in ${shown}: ${written} pages written, ${pages.size - written} unchanged, ${stale.length} removed\n`);
  return 0;
}
