// `attractor-lint mcp`, the built CLI, driven by the MCP SDK's own client over stdio in a real
// temporary repository with a learned rule: the tools are listed, each is called, and the answers
// are compared with `check --format json`, `explain` and the pack on disk; bad input (a path outside
// the repository, a missing file, a huge text, an unknown rule) is a tool error, not a crash.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeRules, yamlSafeLoad } from '../helpers/rules.js';
import { CLI, cleanedUp, gitEnv, runCli } from '../helpers/temp-repo.js';

const temp = cleanedUp(test.after);

const LOAD_PY = 'import yaml\n\n\ndef load(path):\n    with open(path) as f:\n        data = yaml.load(f)\n    if data == None:\n        return {}\n    return data\n';
const YAML_LOAD = yamlSafeLoad({ origin: 'learned', source: 'recurring-fix', commits: ['4f2a9c1e0b7d', '91c3e5a2f4b6'], support: 2, resonance: 0.81, learnedAt: '2026-01-01T00:00:00Z' });

type ToolResult = { content: { type: string; text: string }[]; isError?: boolean };

test('the tools, each called, against check, explain and the pack; bad input is a tool error', async () => {
  const repo = temp.repo();
  repo.write('tools/load.py', LOAD_PY);
  writeRules(join(repo.dir, '.attractor', 'rules'), YAML_LOAD);
  repo.commit('Start');
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], cwd: repo.dir, env: gitEnv() as Record<string, string>, stderr: 'pipe' });
  const client = new Client({ name: 'attractor-lint-test', version: '1' });
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown> = {}): Promise<ToolResult> => (await client.callTool({ name, arguments: args })) as ToolResult;
  const body = (r: ToolResult): string => r.content.map((c) => c.text).join('');
  try {
    const tools = (await client.listTools()).tools.map((t) => t.name).sort();
    assert.equal(tools, ['check', 'consider', 'explain', 'fix', 'learn_status']);

    // check: the file on disk, as `check --format json` reports it, with the evidence of each rule.
    const cli = JSON.parse(runCli(['check', 'tools/load.py', '--format', 'json', '--no-cache'], { cwd: repo.dir }).stdout) as { findings: { ruleId: string; line: number }[] };
    const checked = JSON.parse(body(await call('check', { path: 'tools/load.py' }))) as { findings: { ruleId: string; line: number; evidence?: { origin: string; commits?: string[] } }[] };
    assert.equal(checked.findings.map((f) => `${f.ruleId}:${f.line}`), cli.findings.map((f) => `${f.ruleId}:${f.line}`));
    assert.equal(checked.findings.map((f) => f.ruleId), ['learned/yaml-safe-load', 'eq-none']);
    assert.equal(checked.findings[0]?.evidence, { origin: 'learned', source: 'recurring-fix', resonance: 0.81, commits: ['4f2a9c1e0b7d', '91c3e5a2f4b6'], learnedAt: '2026-01-01T00:00:00Z' });
    // check: a text not on disk, as that path.
    const text = JSON.parse(body(await call('check', { path: 'tools/new.py', text: 'import yaml\nx = yaml.load(s)\n' }))) as { findings: { ruleId: string; line: number }[] };
    assert.equal(text.findings.map((f) => `${f.ruleId}:${f.line}`), ['learned/yaml-safe-load:2']);

    // fix: the verified fixes as text; the file is not written.
    const fixed = JSON.parse(body(await call('fix', { path: 'tools/load.py', text: LOAD_PY }))) as { text: string; fixed: { ruleId: string }[] };
    assert.is(fixed.text, LOAD_PY.replace('yaml.load(f)', 'yaml.safe_load(f)').replace('data == None', 'data is None'));
    assert.equal(fixed.fixed.map((f) => f.ruleId).sort(), ['eq-none', 'learned/yaml-safe-load']);
    assert.is(readFileSync(join(repo.dir, 'tools/load.py'), 'utf8'), LOAD_PY);

    // explain: what `attractor-lint explain` prints.
    assert.is(body(await call('explain', { rule: 'learned/yaml-safe-load' })), runCli(['explain', 'learned/yaml-safe-load'], { cwd: repo.dir }).stdout);

    // consider: a <consider> block under 1.5 KB that shows the learned pattern for a task about yaml.
    const consider = body(await call('consider', { task: 'read the settings with yaml.load from a file', language: 'python' }));
    assert.match(consider, /^<consider>\n[\s\S]*learned\/yaml-safe-load[\s\S]*\n<\/consider>$/);
    assert.ok(Buffer.byteLength(consider) <= 1536, `${Buffer.byteLength(consider)} bytes`);

    // learn_status: the pack on disk.
    const status = JSON.parse(body(await call('learn_status'))) as { rules: number; sources: Record<string, number>; learnedAt: string; fixCommitsBehindRules: number };
    assert.equal([status.rules, status.sources, status.learnedAt, status.fixCommitsBehindRules], [1, { 'recurring-fix': 1 }, '2026-01-01T00:00:00Z', 2]);

    // Bad input: errors the agent reads, and the server keeps answering.
    for (const [name, args, why] of [
      ['check', { path: '../outside.py' }, /outside the repository/],
      ['check', { path: 'tools/missing.py' }, /no such file/],
      ['check', { path: 'tools/big.py', text: 'x = 1\n'.repeat(200_000) }, /larger than/],
      ['check', { path: 'README.txt', text: 'hello' }, /not a Python, JavaScript or TypeScript file/],
      ['explain', { rule: 'no-such-rule' }, /no rule has the id/],
      ['consider', {}, /give a path or a task/],
    ] as const) {
      const r = await call(name, args);
      assert.ok(r.isError, `${name} ${JSON.stringify(args).slice(0, 60)} is an error`);
      assert.match(body(r), why);
    }
    assert.equal(JSON.parse(body(await call('check', { path: 'tools/load.py' }))).findings.length, 2, 'still answering');
  } finally {
    await client.close();
  }
});

test('lsp and mcp: a bad argument is one line and exit 2', () => {
  const dir = temp.dir();
  for (const [args, line] of [
    [['lsp', '--bogus'], 'attractor-lint: lsp: unknown argument --bogus (the server speaks over stdio: attractor-lint lsp --stdio)\n'],
    [['mcp', 'extra'], 'attractor-lint: mcp: unknown argument extra (the server speaks over stdio: attractor-lint mcp)\n'],
  ] as const) {
    const r = runCli([...args], { cwd: dir.dir });
    assert.equal([r.code, r.stdout, r.stderr], [2, '', line]);
  }
});

test.run();
