import type { LanguageId, Severity } from '../model.js';

/** Everything `.attractorrc` can say. Paths are relative to the file that says them. */
export interface Config {
  /** Folders of rules in addition to the built-in pack (learned packs, team rules). */
  ruleDirs: string[];
  /** Include the curated starter pack shipped with attractor-lint. */
  builtin: boolean;
  /** Per-rule severity, or "off". */
  rules: Record<string, Severity | 'off'>;
  /** Globs of files to check; empty means every file of a supported language. */
  include: string[];
  /** Globs of files never to check. */
  exclude: string[];
  /** Extra file extensions, e.g. { ".pyx": "python" }. */
  extensions: Record<string, LanguageId>;
  /** Files larger than this many bytes are skipped. */
  maxFileSize: number;
  /** The baseline file written by `attractor-lint baseline`. */
  baseline: string;
  cache: { enabled: boolean; dir: string };
  learn: {
    out: string;
    maxFilesPerCommit: number;
    minSupport: number;
    threshold: number;
    /** Mine the tree's call sites for conventions (`learn/sources/conventions/`). */
    conventions: boolean;
  };
  /**
   * `check --staged` / `--diff`: sites the change left as they were where it edited the same code
   * elsewhere (`sibling-of-staged-edit`, severity `info` unless `rules` says otherwise).
   */
  siblings: {
    enabled: boolean;
    /** More sites left than this: common code, not a fix left unfinished. */
    maxSites: number;
    /** The same edit at more sites than this: a sweep. */
    maxEdits: number;
    /** A name in more files than this is not searched. */
    maxFiles: number;
    /** A change of more source files than this is a sweep. */
    maxChangedFiles: number;
  };
  /**
   * The persistent check process (`attractor-lint server`): with `enabled`, a hook's check that finds
   * none running starts one in the background for the next commits. It exits after `idleMinutes`.
   */
  server: { enabled: boolean; idleMinutes: number };
  /** The optional local model for `--fix --llm` (see src/llm). */
  llm: {
    enabled: boolean;
    /** Ollama's base URL or `host:port`; empty means `OLLAMA_HOST`, else http://127.0.0.1:11434. */
    host: string;
    model: string;
    /** Per request, in milliseconds. */
    timeoutMs: number;
    /** Of the first try; each retry halves it. */
    temperature: number;
    /** Tries after the first, 0-10. */
    retries: number;
    /** 0-1: a candidate using a smaller share of the expected APIs is retried. */
    apiHitThreshold: number;
  };
}

export const DEFAULT_CONFIG: Config = {
  ruleDirs: ['.attractor/rules'],
  builtin: true,
  rules: {},
  include: [],
  exclude: [
    '**/node_modules/**',
    '**/.git/**',
    '**/.venv/**',
    '**/venv/**',
    '**/__pycache__/**',
    '**/dist/**',
    '**/build/**',
    '**/*.min.js',
  ],
  extensions: {},
  maxFileSize: 1024 * 1024,
  baseline: '.attractor/baseline.json',
  cache: { enabled: true, dir: '.attractor/cache' },
  server: { enabled: false, idleMinutes: 30 },
  learn: { out: '.attractor/rules', maxFilesPerCommit: 30, minSupport: 2, threshold: 0.5, conventions: true },
  siblings: { enabled: true, maxSites: 5, maxEdits: 20, maxFiles: 200, maxChangedFiles: 30 },
  llm: {
    enabled: false,
    host: '',
    model: 'qwen2.5-coder:3b',
    timeoutMs: 30000,
    temperature: 0.2,
    retries: 3,
    apiHitThreshold: 0.5,
  },
};

/** A loaded configuration with its paths made absolute. */
export interface ResolvedConfig extends Config {
  /** The file it came from, or undefined for the defaults. */
  file: string | undefined;
  /** The directory relative paths were resolved against. */
  root: string;
}
