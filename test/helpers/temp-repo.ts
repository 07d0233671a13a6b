import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Environment for git in tests: a fixed identity and no inherited GIT_* variables. */
export function gitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  return {
    ...env,
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@example.com',
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: tmpdir(),
    ...extra,
  };
}

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(path: string, content: string | Buffer): void;
  commit(message: string, ...paths: string[]): string;
  cleanup(): void;
}

/** A real git repository in a fresh temporary folder. */
export function tempRepo(options: { init?: boolean } = {}): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), 'attractor-test-'));
  const env = gitEnv();
  const run = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (options.init !== false) {
    run('init', '-q', '-b', 'main');
    run('config', 'commit.gpgsign', 'false');
    run('config', 'core.autocrlf', 'false');
  }
  return {
    dir,
    git: run,
    write(path, content) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
    commit(message, ...paths) {
      run('add', '--', ...(paths.length ? paths : ['.']));
      run('commit', '-q', '-m', message);
      return run('rev-parse', 'HEAD').trim();
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A plain temporary folder (not a repository). */
export function tempDir(): { dir: string; write(path: string, content: string | Buffer): void; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'attractor-test-'));
  return {
    dir,
    write(path, content) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const CLI = new URL('../../dist/cli/bin.cjs', import.meta.url).pathname;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a separate process, as a user or a hook would. */
export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd, env: options.env ?? gitEnv(), encoding: 'utf8', input: options.input ?? '' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Temporary repositories and folders removed after the suite: register with `test.after` once,
 * then `repo()` and `dir()` anywhere in the file.
 */
export function cleanedUp(after: (hook: () => void) => void): { repo(options?: { init?: boolean }): TempRepo; dir(): ReturnType<typeof tempDir> } {
  const cleanups: (() => void)[] = [];
  after(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return {
    repo(options) {
      const r = tempRepo(options);
      cleanups.push(r.cleanup);
      return r;
    },
    dir() {
      const d = tempDir();
      cleanups.push(d.cleanup);
      return d;
    },
  };
}
