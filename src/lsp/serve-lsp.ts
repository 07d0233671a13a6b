import { watch, type FSWatcher } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CodeActionKind, createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { explainRule } from '../learn/explain-rule.js';
import type { Finding, Severity } from '../model.js';
import { keepCompiledPacks } from '../rules/load-pack.js';
import { documentContext, documentFindings, fixedText, type DocumentContext } from '../check/document-findings.js';

/** What the last check of an open document found, for its code actions and hovers. */
interface Checked {
  version: number;
  findings: Finding[];
  context: DocumentContext;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

const rangeOf = (f: Finding): Range => ({ start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } });

const overlaps = (a: Range, b: Range): boolean =>
  !(a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character < b.start.character) || b.end.line < a.start.line || (b.end.line === a.start.line && b.end.character < a.start.character));

/**
 * `attractor-lint lsp`: a language server over stdio. Open Python, JavaScript and TypeScript
 * documents are checked on open and on change (debounced; the editor's text, saved or not) with
 * the same findings as `check` (configuration, suppressions, baseline, new-code-only rules against
 * the git HEAD); code actions apply a verified fix or add a suppression comment; a hover on a
 * finding shows the rule as `explain` prints it. A change to a rule folder or the configuration
 * file checks every open document again. Resolves when the client shuts the server down.
 */
export function serveLsp(options: { debounceMs?: number } = {}): Promise<void> {
  const debounceMs = options.debounceMs ?? 150;
  keepCompiledPacks();
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const checked = new Map<string, Checked>();
  const timers = new Map<string, NodeJS.Timeout>();
  const watchers = new Map<string, FSWatcher>();

  const check = async (document: TextDocument): Promise<void> => {
    if (!document.uri.startsWith('file:')) return;
    const path = fileURLToPath(document.uri);
    const version = document.version;
    let diagnostics: Diagnostic[];
    try {
      const context = await documentContext(path);
      if (!context) return;
      watchFolders(context);
      const findings = documentFindings(document.getText(), path, context);
      // An edit arrived while this one was checked: its own check reports.
      if (documents.get(document.uri)?.version !== version) return;
      checked.set(document.uri, { version, findings, context });
      diagnostics = findings.map((f) => ({ range: rangeOf(f), severity: SEVERITY[f.severity], source: 'attractor-lint', code: f.ruleId, message: f.message, data: { fingerprint: f.fingerprint } }));
    } catch (error) {
      // A bad configuration or rule file: said where the user looks, on the first line.
      checked.delete(document.uri);
      const message = error instanceof Error ? error.message : String(error);
      diagnostics = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: 'attractor-lint', message: `attractor-lint: ${message}` }];
    }
    void connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
  };

  const schedule = (document: TextDocument, delay = debounceMs): void => {
    clearTimeout(timers.get(document.uri));
    timers.set(document.uri, setTimeout(() => {
      timers.delete(document.uri);
      void check(document);
    }, delay));
  };

  const checkAll = (): void => {
    for (const document of documents.all()) schedule(document);
  };

  /** Rule folders and the configuration file of a document's repository, watched once each. */
  const watchFolders = (context: DocumentContext): void => {
    for (const target of [...context.config.ruleDirs, ...(context.config.file ? [context.config.file] : [])]) {
      if (watchers.has(target)) continue;
      try {
        const watcher = watch(target, () => checkAll());
        watcher.on('error', () => undefined);
        watchers.set(target, watcher);
      } catch {
        // Not there (yet): learn creates the folder; a later check watches it.
      }
    }
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
    },
    serverInfo: { name: 'attractor-lint' },
  }));
  documents.onDidOpen((event) => schedule(event.document, 0));
  documents.onDidChangeContent((event) => schedule(event.document));
  documents.onDidClose((event) => {
    clearTimeout(timers.get(event.document.uri));
    checked.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles(() => checkAll());

  connection.onCodeAction((params) => {
    const document = documents.get(params.textDocument.uri);
    const last = checked.get(params.textDocument.uri);
    if (!document || !last || last.version !== document.version) return [];
    const text = document.getText();
    const lines = text.split('\n');
    const comment = last.context.language === 'python' ? '#' : '//';
    const actions: CodeAction[] = [];
    for (const finding of last.findings) {
      if (!overlaps(rangeOf(finding), params.range)) continue;
      const diagnostic = params.context.diagnostics.find((d) => (d.data as { fingerprint?: string } | undefined)?.fingerprint === finding.fingerprint);
      const fixed = fixedText(text, finding, last.context);
      if (fixed !== undefined) {
        actions.push({
          title: `Fix: ${finding.ruleId}`,
          kind: CodeActionKind.QuickFix,
          isPreferred: true,
          ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
          edit: { changes: { [document.uri]: [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(text.length) }, newText: fixed }] } },
        });
      }
      const indent = /^\s*/.exec(lines[finding.line - 1] ?? '')?.[0] ?? '';
      actions.push({
        title: `Disable ${finding.ruleId} for this line`,
        kind: CodeActionKind.QuickFix,
        ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
        edit: { changes: { [document.uri]: [{ range: { start: { line: finding.line - 1, character: 0 }, end: { line: finding.line - 1, character: 0 } }, newText: `${indent}${comment} attractor-lint: disable-next-line ${finding.ruleId}\n` }] } },
      });
    }
    return actions;
  });

  connection.onHover((params) => {
    const last = checked.get(params.textDocument.uri);
    if (!last) return null;
    const at: Range = { start: params.position, end: params.position };
    const here = last.findings.filter((f) => overlaps(rangeOf(f), at));
    if (here.length === 0) return null;
    const parts = here.map((f) => {
      const rule = last.context.pack.rules.find((r) => r.id === f.ruleId);
      return `**${f.ruleId}**: ${f.message}${rule ? `\n\n\`\`\`text\n${explainRule(rule.spec, rule.file)}\`\`\`` : ''}`;
    });
    return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } };
  });

  return new Promise((resolve) => {
    connection.onExit(() => {
      for (const watcher of watchers.values()) watcher.close();
      for (const timer of timers.values()) clearTimeout(timer);
      resolve();
    });
    documents.listen(connection);
    connection.listen();
  });
}
