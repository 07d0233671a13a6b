import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AttractorError, describeProblem } from '../shared/errors.js';
import { DEFAULT_CONFIG, type Config, type ResolvedConfig } from './defaults.js';
import { validateConfig } from './validate-config.js';

const MODULE = 'attractor';
const PLACES = [
  'package.json',
  `.${MODULE}rc`,
  `.${MODULE}rc.json`,
  `.${MODULE}rc.yaml`,
  `.${MODULE}rc.yml`,
  `.${MODULE}rc.js`,
  `.${MODULE}rc.cjs`,
  `.${MODULE}rc.mjs`,
  `${MODULE}.config.js`,
  `${MODULE}.config.cjs`,
  `${MODULE}.config.mjs`,
];

function isInside(dir: string, root: string): boolean {
  const rel = relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Whether any directory from `cwd` up to `stopDir` could hold a configuration. Loading cosmiconfig
 * costs about 15 ms, a fifth of a pre-commit run, so we only load it when there is something to read.
 */
function mayHaveConfig(cwd: string, stopDir: string): boolean {
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const place of PLACES) {
      const file = join(dir, place);
      if (!existsSync(file)) continue;
      if (place !== 'package.json') return true;
      try {
        if (readFileSync(file, 'utf8').includes(`"${MODULE}"`)) return true;
      } catch {
        return true;
      }
    }
    if (dir === stopDir || dirname(dir) === dir || !isInside(dir, stopDir)) return false;
  }
}

function resolvePaths(config: Config, file: string | undefined, root: string): ResolvedConfig {
  const at = (p: string): string => resolve(root, p);
  return {
    ...config,
    ruleDirs: config.ruleDirs.map(at),
    baseline: at(config.baseline),
    cache: { ...config.cache, dir: at(config.cache.dir) },
    learn: { ...config.learn, out: at(config.learn.out) },
    file,
    root,
  };
}

/**
 * The reason inside a loader's error, on one line. cosmiconfig prefixes JSON and YAML errors with
 * "JSON Error in <absolute path>:" and appends code frames; we keep only the parser's sentence.
 */
export function loadErrorReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .replace(/^(?:JSON|YAML) Error in [^\n]*?:(?=\s)/, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^>?\s*\d*\s*\|/.test(line) && !/^-*\^$/.test(line));
  return (lines[0] ?? 'unknown error').replace(/ while parsing .*$/, '');
}

function loadFailure(file: string, error: unknown): AttractorError {
  return new AttractorError('bad-config', describeProblem(file, undefined, `cannot load (${loadErrorReason(error)})`));
}

let loads = 0;
const requireCache = createRequire(import.meta.url).cache;

/**
 * Loads a JavaScript configuration with `import()` only. cosmiconfig falls back to `require()` when
 * `import()` fails, and on Node 20.19+ that turns an ES module's own syntax error into a misleading
 * "Cannot require() ES Module ... not yet fully loaded". A configuration edited between two
 * in-process loads (a long-lived editor integration) is read again: the query string defeats the ES
 * module cache, and CommonJS files, which node caches by path alone, are dropped from `require.cache`.
 */
async function importConfig(filepath: string): Promise<unknown> {
  const real = realpathSync(filepath);
  delete requireCache[real];
  const url = pathToFileURL(real);
  url.search = `attractor-load=${++loads}`;
  const module = (await import(url.href)) as { default?: unknown };
  return module.default;
}

/**
 * A broken package.json in `cwd` makes cosmiconfig's constructor throw (it looks there for its own
 * meta configuration), before any search; the error names that file.
 */
async function explorerFor(stopDir: string, shown: (file: string) => string) {
  const { cosmiconfig } = await import('cosmiconfig');
  try {
    return cosmiconfig(MODULE, {
      searchPlaces: PLACES,
      searchStrategy: 'global',
      stopDir,
      cache: false,
      loaders: { '.js': importConfig, '.mjs': importConfig, '.cjs': importConfig },
    });
  } catch (error) {
    const file = (error as { filepath?: string }).filepath;
    throw loadFailure(file ? shown(file) : 'package.json', error);
  }
}

/**
 * Finds the configuration from `cwd` up to `stopDir` (the repository root) with cosmiconfig, or
 * loads `explicitFile`; validates it and resolves its paths. No configuration gives the defaults
 * rooted at `stopDir`.
 */
export async function loadConfig(cwd: string, stopDir: string, explicitFile?: string): Promise<ResolvedConfig> {
  if (!explicitFile && !mayHaveConfig(cwd, stopDir)) return resolvePaths(structuredClone(DEFAULT_CONFIG), undefined, stopDir);
  const shown = (file: string): string => relative(cwd, file) || file;
  const explorer = await explorerFor(stopDir, shown);
  let result: { config: unknown; filepath: string; isEmpty?: boolean } | null;
  try {
    result = explicitFile ? await explorer.load(resolve(cwd, explicitFile)) : await explorer.search(cwd);
  } catch (error) {
    const file = explicitFile ?? ((error as { filepath?: string }).filepath ?? 'configuration');
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AttractorError('bad-config', `${shown(resolve(cwd, file))}: file not found`);
    throw loadFailure(shown(resolve(cwd, file)), error);
  }
  if (!result || (!explicitFile && !isInside(dirname(result.filepath), stopDir))) return resolvePaths(structuredClone(DEFAULT_CONFIG), undefined, stopDir);
  const config = validateConfig(result.isEmpty ? {} : result.config, shown(result.filepath));
  return resolvePaths(config, result.filepath, dirname(result.filepath));
}
