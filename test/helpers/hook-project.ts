// Helpers for the init / doctor / hooks tests: real repositories, real git commits through the
// installed hooks, and a node_modules that resolves offline (symlinks into this checkout's).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLI, gitEnv, runCli, tempRepo, type CliResult, type TempRepo } from './temp-repo.js';

/** Staged Python that the built-in `hardcoded-secret` rule (error severity) flags, and its fix. */
export const SECRET_PY = "STRIPE_API_KEY = 'sk_live_51HqPz2KcR8vT3mXn9bWq'\n";
export const FIXED_PY = "import os\n\nSTRIPE_API_KEY = os.environ['STRIPE_API_KEY']\n";
export const SECRET_JS = "const STRIPE_SECRET_KEY = 'sk_live_51HqPz2KcR8vT3mXn9bWq';\n";

const OWN_MODULES = new URL('../../node_modules/', import.meta.url).pathname;

/** A PATH with the system's tools (git, sh, node) and no attractor-lint. */
export const PLAIN_PATH = '/usr/local/bin:/usr/bin:/bin';

/** Runs git without throwing, with the test identity; `extraEnv` may set ATTRACTOR_LINT and friends. */
export function gitTry(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync('git', args, { cwd, env: gitEnv({ PATH: PLAIN_PATH, ...extraEnv }), encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The built CLI with the plain PATH (so the hook cannot find attractor-lint there by accident). */
export function cli(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): CliResult {
  return runCli(args, { cwd, env: gitEnv({ PATH: PLAIN_PATH, ...extraEnv }) });
}

/**
 * Gives `dir` a node_modules as `npm install` would leave it: the named packages symlinked from
 * this checkout (their own dependencies resolve from there), their bins, and
 * `.bin/attractor-lint` starting the built CLI.
 */
export function linkNodeModules(dir: string, packages: { name: string; bin?: string }[], withCli = true): void {
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  for (const pkg of packages) {
    symlinkSync(join(OWN_MODULES, pkg.name), join(modules, pkg.name));
    if (pkg.bin) symlinkSync(join('..', pkg.name, pkg.bin), join(modules, '.bin', pkg.name));
  }
  if (withCli) {
    const bin = join(modules, '.bin', 'attractor-lint');
    writeFileSync(bin, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
    chmodSync(bin, 0o755);
  }
}

export const HUSKY = { name: 'husky', bin: 'bin.js' };
export const LINT_STAGED = { name: 'lint-staged', bin: 'bin/lint-staged.js' };

/** A repository with one clean commit, node_modules kept out of git through info/exclude. */
export function projectRepo(files: Record<string, string> = {}): TempRepo {
  const repo = tempRepo();
  writeFileSync(join(repo.dir, '.git', 'info', 'exclude'), 'node_modules/\n');
  repo.write('app.py', 'x = 1\n');
  for (const [path, text] of Object.entries(files)) repo.write(path, text);
  repo.commit('base');
  return repo;
}

/**
 * Every file `init` may touch, path -> mode and content hash: the work tree (without node_modules
 * and the cache), `.git/config` and `.git/hooks`. Symlinks count by their target.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      const rel = relative(dir, full);
      if (rel === 'node_modules' || rel === '.attractor/cache') continue;
      if (rel === '.git') {
        out['.git/config'] = readFileSync(join(full, 'config'), 'utf8');
        if (existsSync(join(full, 'hooks'))) walk(join(full, 'hooks'));
        continue;
      }
      const stat = lstatSync(full);
      if (entry.isDirectory()) walk(full);
      else out[rel] = `${(stat.mode & 0o777).toString(8)} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
    }
  };
  walk(dir);
  return out;
}

/** A word quoted for POSIX sh. */
export const shQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/** ATTRACTOR_LINT_BIN for hooks: this checkout's built CLI, run by this Node. */
export const LINT_BIN = `${shQuote(process.execPath)} ${shQuote(CLI)}`;

/** Polls `check` every 100 ms until it holds or `ms` have passed (for hooks that run detached). */
export async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const stop = Date.now() + ms; Date.now() < stop; await new Promise((r) => setTimeout(r, 100))) if (check()) return true;
  return check();
}
