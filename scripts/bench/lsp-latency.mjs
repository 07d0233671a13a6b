#!/usr/bin/env node
// Time from an edit to its diagnostics in `attractor-lint lsp --stdio`, on a generated Python file
// of about 1,000 lines in a temporary git repository: N edits (each changes one line, alternately
// adding and removing a finding), timed from the didChange notification to the publishDiagnostics
// of that version. The server's debounce (150 ms) is part of what an editor waits, and is reported
// beside the time. Usage: node scripts/bench/lsp-latency.mjs [N]   (after npm run build)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { pythonModule } from './pygen.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.argv[2] ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'attractor-lsp-bench-'));
try {
  const text = pythonModule(7, 1000, 0);
  writeFileSync(join(dir, 'module.py'), text);
  const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'start');
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'bin.cjs'), 'lsp', '--stdio'], { cwd: dir });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => waiting.get(p.version)?.(p));
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, workspaceFolders: null });
  await connection.sendNotification(InitializedNotification.type, {});
  const uri = pathToFileURL(join(dir, 'module.py')).href;
  const published = (version) => new Promise((res) => waiting.set(version, res));
  let pending = published(1);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
  await pending;
  const lines = text.split('\n').length;
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const version = i + 2;
    const edited = i % 2 ? text : text.replace(/\n/, '\nif value == None:\n    pass\n');
    pending = published(version);
    const start = performance.now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text: edited }] });
    await pending;
    if (i >= 2) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  process.stdout.write(`lsp: ${lines} lines, ${runs} edits: change to diagnostics median ${median.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)}), of which 150 ms is the debounce\n`);
  child.kill();
  connection.dispose();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
