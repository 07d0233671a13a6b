import { createRequire } from 'node:module';
import type { BaselineFinding } from '../../model.js';

const require = createRequire(import.meta.url);

/**
 * The parts of `@astral-sh/ruff-wasm-nodejs` (its `ruff_wasm.d.ts`) this adapter uses, written out
 * here so that the project type-checks when the optional package is not installed.
 */
interface RuffDiagnostic {
  /** A rule code (`F401`); `invalid-syntax` (or null) for a syntax error. */
  code: string | null;
  message: string;
  /** 1-based row; column in the workspace's position encoding. */
  start_location: { row: number; column: number };
}
interface RuffWorkspace {
  check(contents: string): RuffDiagnostic[];
}
interface RuffModule {
  Workspace: { new (options: object, positionEncoding: number): RuffWorkspace; version(): string };
  PositionEncoding: { Utf16: number };
}

/** Which Ruff rules a peer runs: Ruff's own default set, or the bug-focused selection. */
export type RuffSelection = 'default' | 'bugs';

/** The bug-focused selection: pyflakes, syntax errors, bugbear, pylint errors, async, bandit. */
const BUG_SELECT = ['F', 'E9', 'B', 'PLE', 'ASYNC', 'S'];

/** Ruff's rule codes: a prefix of capitals and digits (`F401`, `PLE0117`, `ASYNC100`). */
const RULE_CODE = /^[A-Z]+[0-9]+$/;

let loaded: RuffModule | null | undefined;
const workspaces = new Map<RuffSelection, RuffWorkspace | null>();

/** The package, loaded once; null when it is not installed or does not load. */
function ruffModule(): RuffModule | null {
  if (loaded === undefined) {
    try {
      loaded = require('@astral-sh/ruff-wasm-nodejs') as RuffModule;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

/** One workspace per selection per process, made on first use; null when Ruff is missing or refuses the settings. */
function workspace(selection: RuffSelection): RuffWorkspace | null {
  let ws = workspaces.get(selection);
  if (ws === undefined) {
    const ruff = ruffModule();
    try {
      // No target version: Ruff's default. `{}` is Ruff's default rule set.
      ws = ruff ? new ruff.Workspace(selection === 'bugs' ? { lint: { select: BUG_SELECT } } : {}, ruff.PositionEncoding.Utf16) : null;
    } catch {
      ws = null;
    }
    workspaces.set(selection, ws);
  }
  return ws;
}

/** Rule code and message with names, quoted text and numbers blanked, so the same kind of problem has the same key. */
function findingKey(code: string, message: string): string {
  const blanked = message
    .replace(/`[^`]*`/g, '`_`')
    .replace(/"[^"]*"/g, '"_"')
    .replace(/'[^']*'/g, "'_'")
    .replace(/\d+/g, 'N');
  return `${code}: ${blanked}`;
}

/** One text's findings; none when Ruff fails on it or it does not parse (Ruff then reports only syntax errors). */
function lintText(ws: RuffWorkspace, text: string): BaselineFinding[] {
  let diagnostics: RuffDiagnostic[];
  try {
    diagnostics = ws.check(text);
  } catch {
    return [];
  }
  if (!Array.isArray(diagnostics)) return [];
  const out: BaselineFinding[] = [];
  for (const d of diagnostics) {
    if (typeof d.code !== 'string' || !RULE_CODE.test(d.code)) continue;
    out.push({ line: d.start_location.row, key: findingKey(d.code, d.message) });
  }
  return out.sort((a, b) => a.line - b.line || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Ruff's WebAssembly build as a peer baseline of `eval` for Python files: `default` runs Ruff's own
 * default rule set, `bugs` selects F, E9, B, PLE, ASYNC and S; both with Ruff's default target
 * version, `# noqa` comments honoured. Every text is linted as a regular Python module (the package
 * has no way to say a file is a stub). Keys are the rule code and the message with names blanked
 * (`F401: `_` imported but unused`), lines 1-based. Undefined when the optional package
 * `@astral-sh/ruff-wasm-nodejs` is not installed.
 */
export function ruffPeer(selection: RuffSelection): ((inputs: Map<string, { text: string; path: string }>) => Map<string, BaselineFinding[]>) | undefined {
  const ws = workspace(selection);
  if (!ws) return undefined;
  return (inputs) => new Map([...inputs].map(([key, file]) => [key, lintText(ws, file.text)]));
}

/** The version of the Ruff build in use (`0.17.4`), for the report; undefined when it is not installed. */
export function ruffVersion(): string | undefined {
  const ruff = ruffModule();
  if (!ruff) return undefined;
  try {
    return ruff.Workspace.version();
  } catch {
    return undefined;
  }
}
