import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { documentContext, documentFindings, type DocumentContext } from '../check/document-findings.js';
import { loadConfig } from '../config/index.js';
import { fixSource } from '../fix/fix-source.js';
import { findWorktreeRoot } from '../git/index.js';
import { explainRule } from '../learn/explain-rule.js';
import { considerBlock } from '../llm/consider-block.js';
import { relevantRules } from '../llm/relevant-rules.js';
import type { Finding, LanguageId } from '../model.js';
import { keepCompiledPacks, loadPack } from '../rules/load-pack.js';
import { isAttractorError } from '../shared/errors.js';

/** Larger texts are refused: an agent's file, not a dump (the CLI's default maxFileSize). */
const MAX_TEXT = 1024 * 1024;

/** A tool's answer: JSON, or an error the agent reads (never a crash of the server). */
type Answer = { content: { type: 'text'; text: string }[]; isError?: boolean };
const json = (value: unknown): Answer => ({ content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] });
const text = (value: string): Answer => ({ content: [{ type: 'text', text: value }] });
const refuse = (why: string): Answer => ({ content: [{ type: 'text', text: `attractor-lint: ${why}` }], isError: true });

/** Errors of the user's data (paths, rule files, configuration) become tool errors; anything else is a bug and rethrown. */
async function answer(work: () => Promise<Answer> | Answer): Promise<Answer> {
  try {
    return await work();
  } catch (error) {
    if (isAttractorError(error)) return refuse(error.message);
    throw error;
  }
}

/**
 * `attractor-lint mcp`: a Model Context Protocol server over stdio for coding agents, on the
 * repository around `cwd`. Read-only: its tools check text or files, propose verified fixes as
 * text, explain rules, give the `<consider>` block of the patterns most relevant to a file or a
 * task, and say what the learned pack holds; none writes to the repository.
 */
export async function serveMcp(cwd: string): Promise<void> {
  keepCompiledPacks();
  const root = findWorktreeRoot(cwd) ?? cwd;
  const server = new McpServer({ name: 'attractor-lint', version: '1' });

  /** A repository path the agent names: inside the repository, else an error. */
  const inside = (path: string): string => {
    const full = isAbsolute(path) ? resolve(path) : resolve(root, path);
    const rel = relative(root, full);
    if (rel.startsWith('..') || isAbsolute(rel)) throw Object.assign(new Error(), { notInside: true });
    return full;
  };
  /** The document's text: given, or read from the file; and its context. Errors as refusals. */
  const open = async (path: string, given: string | undefined): Promise<{ full: string; body: string; context: DocumentContext } | Answer> => {
    let full: string;
    try {
      full = inside(path);
    } catch {
      return refuse(`${path}: outside the repository (${root})`);
    }
    if (given !== undefined && Buffer.byteLength(given) > MAX_TEXT) return refuse(`${path}: the text is larger than ${MAX_TEXT} bytes`);
    if (given === undefined) {
      if (!existsSync(full) || !statSync(full).isFile()) return refuse(`${path}: no such file`);
      if (statSync(full).size > MAX_TEXT) return refuse(`${path}: larger than ${MAX_TEXT} bytes`);
    }
    const context = await documentContext(full);
    if (!context) return refuse(`${path}: not a Python, JavaScript or TypeScript file (by its extension and the configuration)`);
    return { full, body: given ?? readFileSync(full, 'utf8'), context };
  };
  const withEvidence = (finding: Finding, context: DocumentContext) => {
    const rule = context.pack.rules.find((r) => r.id === finding.ruleId);
    const p = rule?.spec.provenance;
    const evidence = !p ? undefined : p.origin === 'curated' ? { origin: 'curated' } : { origin: 'learned', source: p.source ?? 'recurring-fix', resonance: p.resonance, commits: p.commits?.slice(0, 5), learnedAt: p.learnedAt };
    return { ruleId: finding.ruleId, severity: finding.severity, message: finding.message, line: finding.line, column: finding.column, endLine: finding.endLine, endColumn: finding.endColumn, ...(evidence ? { evidence } : {}) };
  };

  server.registerTool(
    'check',
    {
      description: "Check a file of the repository, or a text as that file (for code not written yet): the repository's curated and learned rules, as `attractor-lint check` reports them, with each rule's evidence.",
      inputSchema: { path: z.string().describe('Repository-relative path; its extension picks the language'), text: z.string().optional().describe('The code to check instead of the file on disk') },
    },
    ({ path, text: given }) =>
      answer(async () => {
        const doc = await open(path, given);
        if ('content' in doc) return doc;
        const findings = documentFindings(doc.body, doc.full, doc.context);
        return json({ path: doc.context.id, findings: findings.map((f) => withEvidence(f, doc.context)) });
      }),
  );

  server.registerTool(
    'fix',
    {
      description: 'Apply the verified template fixes to a text (as the file at path): returns the fixed text and what could not be fixed, with why. Writes nothing.',
      inputSchema: { path: z.string().describe('Repository-relative path; its extension picks the language'), text: z.string().describe('The code to fix') },
    },
    ({ path, text: given }) =>
      answer(async () => {
        const doc = await open(path, given);
        if ('content' in doc) return doc;
        const outcome = fixSource(doc.body, doc.context.id, doc.context.language, doc.context.pack);
        return json({
          text: outcome.output,
          fixed: outcome.fixed.map((f) => ({ ruleId: f.ruleId, line: f.line })),
          refused: outcome.rejected.map((r) => ({ ruleId: r.finding.ruleId, line: r.finding.line, reason: r.reason })),
          remaining: outcome.remaining.map((f) => withEvidence(f, doc.context)),
        });
      }),
  );

  const pack = async () => {
    const config = await loadConfig(root, root);
    return { config, pack: loadPack(config, {}, root, { eager: false }) };
  };

  server.registerTool(
    'explain',
    { description: 'What a rule flags and why; for a learned rule, the commits and the score behind it.', inputSchema: { rule: z.string().describe('A rule id, e.g. eq-none or learned/...') } },
    ({ rule }) =>
      answer(async () => {
        const rules = (await pack()).pack.rules.filter((r) => r.id === rule);
        if (rules.length === 0) return refuse(`no rule has the id "${rule}"`);
        return text(rules.map((r) => explainRule(r.spec, r.file)).join('\n'));
      }),
  );

  server.registerTool(
    'consider',
    {
      description: "The <consider> block for code about to be written: the few curated and learned patterns most relevant to a file or a task, with before/after examples and the APIs their fixes use (under 1.5 KB).",
      inputSchema: {
        path: z.string().optional().describe('A file the code goes into (its text and language choose the patterns)'),
        task: z.string().optional().describe('What the code must do, in words or code (its names choose the patterns)'),
        language: z.enum(['python', 'javascript', 'typescript']).optional().describe('When no path says it (default python)'),
      },
    },
    ({ path, task, language }) =>
      answer(async () => {
        if (!path && !task) return refuse('give a path or a task');
        let lang: LanguageId = language ?? 'python';
        let body = task ?? '';
        if (path) {
          const doc = await open(path, existsSync(isAbsolute(path) ? path : join(root, path)) ? undefined : '');
          if ('content' in doc) return doc;
          lang = doc.context.language;
          body = `${doc.body}\n${task ?? ''}`;
        }
        const specs = (await pack()).pack.rules.map((r) => r.spec);
        const chosen = relevantRules(specs, '', lang, body, [], 4);
        if (chosen.length === 0) return text('<consider>\n</consider>');
        const first = chosen[0] as (typeof chosen)[number];
        return text(considerBlock(chosen, { language: lang, ruleId: first.id, findingMessage: first.message, expected: [], examples: 1 }).text);
      }),
  );

  server.registerTool('learn_status', { description: 'What the learned pack holds: how many rules, of which sources, learned when, from how many commits.' }, () =>
    answer(async () => {
      const { config, pack: compiled } = await pack();
      const learned = compiled.rules.filter((r) => r.spec.provenance.origin === 'learned');
      const sources: Record<string, number> = {};
      for (const r of learned) sources[r.spec.provenance.source ?? 'recurring-fix'] = (sources[r.spec.provenance.source ?? 'recurring-fix'] ?? 0) + 1;
      const dates = learned.map((r) => r.spec.provenance.learnedAt).filter((d): d is string => Boolean(d)).sort();
      const commits = new Set(learned.flatMap((r) => r.spec.provenance.commits ?? []));
      return json({
        folder: relative(root, config.learn.out) || config.learn.out,
        learned: existsSync(config.learn.out),
        rules: learned.length,
        curated: compiled.rules.length - learned.length,
        sources,
        learnedAt: dates[dates.length - 1] ?? null,
        fixCommitsBehindRules: commits.size,
      });
    }),
  );

  const transport = new StdioServerTransport();
  await server.connect(transport);
  await new Promise<void>((done) => {
    transport.onclose = () => done();
    process.stdin.on('end', () => done());
  });
}
