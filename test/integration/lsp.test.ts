// `attractor-lint lsp --stdio`, the built CLI, driven by a real JSON-RPC client
// (vscode-languageserver-protocol) in a real temporary repository: a document with a finding gets
// its diagnostic; code actions give the verified fix and a suppression; a hover shows the rule; an
// edit that removes the finding clears it; a rule added to the pack on disk is reported without an edit.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CodeActionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { CLI, cleanedUp, gitEnv } from '../helpers/temp-repo.js';

const temp = cleanedUp(test.after);

const BEFORE = 'def load(x):\n    if x == None:\n        return {}\n    print(x)\n    return x\n';
const AFTER = 'def load(x):\n    if x is None:\n        return {}\n    print(x)\n    return x\n';
const NO_PRINT = {
  id: 'team/no-print',
  language: 'python',
  message: 'print() in library code: use the logger',
  severity: 'warning',
  query: '((call function: (identifier) @fn) @match (#eq? @fn "print"))',
  provenance: { origin: 'curated' },
  cases: { invalid: ['print(1)\n'], valid: ['log.info(1)\n'] },
};

interface Session {
  connection: ProtocolConnection;
  child: ChildProcessWithoutNullStreams;
  /** The next diagnostics published for `uri` that satisfy `ok`. */
  diagnostics(uri: string, ok: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  /** Initializes the server for the repository, then opens a Python document (version 1). */
  open(uri: string, text: string): Promise<InitializeResult>;
}

function start(cwd: string): Session {
  const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd, env: gitEnv() });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const seen: PublishDiagnosticsParams[] = [];
  const waiting: { uri: string; ok: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const i = waiting.findIndex((w) => w.uri === params.uri && w.ok(params));
    if (i >= 0) waiting.splice(i, 1)[0]?.resolve(params);
    else seen.push(params);
  });
  connection.listen();
  return {
    connection,
    child,
    open: async (uri, text) => {
      const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(cwd).href, capabilities: {}, workspaceFolders: null });
      await connection.sendNotification(InitializedNotification.type, {});
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
      return init;
    },
    diagnostics: (uri, ok) => {
      const i = seen.findIndex((p) => p.uri === uri && ok(p));
      if (i >= 0) return Promise.resolve(seen.splice(i, 1)[0] as PublishDiagnosticsParams);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such diagnostics for ${uri} within 20 s`)), 20_000);
        waiting.push({ uri, ok, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
  };
}

test('diagnostics, code actions, hover, edits and a pack changed on disk', async () => {
  const repo = temp.repo();
  repo.write('app/load.py', BEFORE);
  repo.write('.attractor/rules/README.md', 'learned rules\n');
  repo.commit('Start');
  const uri = pathToFileURL(join(repo.dir, 'app/load.py')).href;
  const lsp = start(repo.dir);
  try {
    const init = await lsp.open(uri, BEFORE);
    assert.ok(init.capabilities.codeActionProvider && init.capabilities.hoverProvider);
    const first = await lsp.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.equal(first.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.source]), [['eq-none', 1, 7, 'attractor-lint']]);
    const diagnostic = first.diagnostics[0] as Diagnostic;

    const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[];
    assert.equal(actions.map((a) => a.title), ['Fix: eq-none', 'Disable eq-none for this line']);
    assert.is(actions[0]?.edit?.changes?.[uri]?.[0]?.newText, AFTER);
    assert.equal(actions[1]?.edit?.changes?.[uri], [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '    # attractor-lint: disable-next-line eq-none\n' }]);

    const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 9 } });
    const value = (hover?.contents as { value: string }).value;
    assert.match(value, /\*\*eq-none\*\*/);
    assert.match(value, /Curated rule/);

    // The edit, unsaved: the editor's text is what is checked.
    await lsp.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: AFTER }] });
    const second = await lsp.diagnostics(uri, (p) => p.version === 2);
    assert.equal(second.diagnostics, []);

    // A rule added to the repository's pack: the open document is checked again.
    writeFileSync(join(repo.dir, '.attractor/rules/no-print.json'), JSON.stringify(NO_PRINT));
    const third = await lsp.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.equal(third.diagnostics.map((d) => [d.code, d.range.start.line]), [['team/no-print', 3]]);

    await lsp.connection.sendRequest(ShutdownRequest.type);
    await lsp.connection.sendNotification(ExitNotification.type);
    const code = await new Promise<number | null>((resolve) => lsp.child.on('exit', resolve));
    assert.is(code, 0);
  } finally {
    lsp.child.kill();
    lsp.connection.dispose();
  }
});

test('a change of the configuration file on disk checks the open documents again', async () => {
  const repo = temp.repo();
  repo.write('app/load.py', BEFORE);
  repo.write('.attractorrc.json', '{}\n');
  repo.commit('Start');
  const uri = pathToFileURL(join(repo.dir, 'app/load.py')).href;
  const lsp = start(repo.dir);
  try {
    await lsp.open(uri, BEFORE);
    const first = await lsp.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.equal(first.diagnostics.map((d) => d.code), ['eq-none']);
    writeFileSync(join(repo.dir, '.attractorrc.json'), JSON.stringify({ rules: { 'eq-none': 'off' } }));
    const second = await lsp.diagnostics(uri, (p) => p.diagnostics.length === 0);
    assert.equal(second.diagnostics, []);
    // A configuration that does not load: one diagnostic on the first line says why.
    writeFileSync(join(repo.dir, '.attractorrc.json'), '{ "rules": { "no-such-rule": "error" } }');
    const third = await lsp.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.match(String(third.diagnostics[0]?.message ?? ''), /^attractor-lint: .*no-such-rule/);
  } finally {
    lsp.child.kill();
    lsp.connection.dispose();
  }
});

test.run();
