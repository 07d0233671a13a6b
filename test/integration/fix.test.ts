// `--fix`, `--fix-dry-run` and `--staged --fix` against real temporary git repositories. The rule
// (`old()` -> `new()`, error) is the only one loaded (--no-builtin), so the outcomes do not depend
// on the starter pack.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renameRule } from '../helpers/rename-rule.js';
import { writeRules } from '../helpers/rules.js';
import { CLI, gitEnv, runCli, tempRepo, type TempRepo } from '../helpers/temp-repo.js';

const RULE = renameRule();
const UNSAFE = { ...RULE, id: 'unsafe-rename', message: 'legacy() is gone', query: '((call function: (identifier) @fn) @match (#eq? @fn "legacy"))', fix: { target: 'fn', template: 'modern', safety: 'unsafe' }, cases: { invalid: [{ code: 'legacy()\n', output: 'modern()\n' }], valid: ['modern()\n'] } };

function setup(): TempRepo & { cli(...args: string[]): ReturnType<typeof runCli> } {
  const repo = tempRepo();
  writeRules(join(repo.dir, '.rules'), RULE, UNSAFE);
  repo.write('app.py', 'def run():\n    a = 1\n    old(a)\n    return a\n\n\ndef other():\n    return 2\n');
  repo.commit('initial');
  return { ...repo, cli: (...args: string[]) => runCli(['--no-builtin', '--rules', '.rules', ...args], { cwd: repo.dir }) };
}

const staged = (repo: TempRepo, path: string): string => repo.git('show', `:${path}`);
const read = (repo: TempRepo, path: string): string => readFileSync(join(repo.dir, path), 'utf8');

test('--fix writes the verified fix, keeps mode, BOM and CRLF, and exits by what is left', () => {
  const repo = setup();
  try {
    repo.write('crlf.py', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = 1\r\nold(x)\r\nlegacy()\r\n')]));
    chmodSync(join(repo.dir, 'crlf.py'), 0o755);
    const out = repo.cli('--fix', 'crlf.py', '--format', 'json');
    const bytes = readFileSync(join(repo.dir, 'crlf.py'));
    assert.equal([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.is(bytes.subarray(3).toString('utf8'), 'x = 1\r\nnew(x)\r\nmodern()\r\n');
    assert.is(statSync(join(repo.dir, 'crlf.py')).mode & 0o777, 0o755);
    const report = JSON.parse(out.stdout) as { findings: unknown[]; fixes: { ruleId: string; fixed: boolean; how?: string }[] };
    assert.is(report.findings.length, 0);
    assert.equal(report.fixes.map((f) => [f.ruleId, f.fixed, f.how]), [['renamed-api', true, 'template'], ['unsafe-rename', true, 'template']]);
    assert.is(out.code, 0);
  } finally {
    repo.cleanup();
  }
});

test('--fix-type safe leaves unsafe fixes, says why, and the finding still fails the run', () => {
  const repo = setup();
  try {
    repo.write('b.py', 'old(1)\nlegacy()\n');
    const out = repo.cli('--fix', '--fix-type', 'safe', 'b.py', '--format', 'json');
    assert.is(read(repo, 'b.py'), 'new(1)\nlegacy()\n');
    const report = JSON.parse(out.stdout) as { findings: { ruleId: string }[]; fixes: { ruleId: string; fixed: boolean; reason?: string }[] };
    assert.equal(report.findings.map((f) => f.ruleId), ['unsafe-rename']);
    assert.match(report.fixes.find((f) => f.ruleId === 'unsafe-rename')?.reason ?? '', /--fix-type all/);
    assert.is(out.code, 1);
    assert.is(repo.cli('--fix', '--fix-type', 'risky', 'b.py').code, 2);
  } finally {
    repo.cleanup();
  }
});

test('--fix-dry-run prints a diff that git applies to give the fix, and changes nothing', () => {
  const repo = setup();
  try {
    const before = read(repo, 'app.py');
    const out = repo.cli('--fix-dry-run', 'app.py');
    assert.is(read(repo, 'app.py'), before);
    assert.match(out.stdout, /^--- a\/app\.py\n\+\+\+ b\/app\.py\n@@ /);
    repo.write('fix.patch', out.stdout.slice(0, out.stdout.indexOf('\n\n') + 1 || undefined));
    repo.git('apply', 'fix.patch');
    assert.is(read(repo, 'app.py'), before.replace('old(a)', 'new(a)'));
  } finally {
    repo.cleanup();
  }
});

test('--staged --fix: a fully staged file is fixed in the index and in the working tree', () => {
  const repo = setup();
  try {
    repo.write('app.py', `${read(repo, 'app.py')}\nold(3)\n`);
    repo.git('add', 'app.py');
    const out = repo.cli('--staged', '--fix');
    assert.is(out.code, 0, out.stderr);
    assert.ok(!staged(repo, 'app.py').includes('old('));
    assert.is(read(repo, 'app.py'), staged(repo, 'app.py'));
    assert.is(repo.git('status', '--porcelain', '--', 'app.py'), 'M  app.py\n');
  } finally {
    repo.cleanup();
  }
});

test('--staged --fix: unstaged changes of a partially staged file survive byte for byte', () => {
  const repo = setup();
  try {
    // Staged: a new old() call at the end. Unstaged: an edit inside other(), far from it.
    const stagedText = `${read(repo, 'app.py')}\nold(3)\n`;
    repo.write('app.py', stagedText);
    repo.git('add', 'app.py');
    const worktree = stagedText.replace('return 2', 'return 2  # unstaged edit');
    repo.write('app.py', worktree);
    const out = repo.cli('--staged', '--fix');
    assert.is(out.code, 0, out.stderr);
    assert.is(staged(repo, 'app.py'), stagedText.replaceAll('old(', 'new('));
    // The working tree has the fix too, and still the unstaged edit.
    assert.is(read(repo, 'app.py'), worktree.replaceAll('old(', 'new('));
    assert.equal(readdirSync(join(repo.dir, '.git', 'attractor-lint')), [], 'backup removed after success');
  } finally {
    repo.cleanup();
  }
});

test('--staged --fix: when unstaged changes overlap the fix, neither index nor working tree changes', () => {
  const repo = setup();
  try {
    const stagedText = read(repo, 'app.py');
    repo.write('app.py', stagedText.replace('a = 1', 'a = 5'));
    repo.git('add', 'app.py');
    const stagedBefore = staged(repo, 'app.py');
    const worktree = stagedBefore.replace('old(a)', 'old(a, retries=2)');
    repo.write('app.py', worktree);
    const out = repo.cli('--staged', '--fix', '--format', 'json');
    assert.is(staged(repo, 'app.py'), stagedBefore);
    assert.is(read(repo, 'app.py'), worktree);
    assert.is(out.code, 1);
    assert.match(out.stderr, /app\.py: not fixed: the unstaged changes of this file overlap the fix/);
    const report = JSON.parse(out.stdout) as { fixes: { fixed: boolean; reason?: string }[] };
    assert.equal(report.fixes.map((f) => f.fixed), [false]);
  } finally {
    repo.cleanup();
  }
});

test('--staged --fix with core.autocrlf: the index stays LF, the working tree CRLF', () => {
  const repo = setup();
  try {
    repo.git('config', 'core.autocrlf', 'true');
    repo.write('w.py', 'x = 1\r\nold(x)\r\n');
    repo.git('add', 'w.py');
    assert.is(staged(repo, 'w.py'), 'x = 1\nold(x)\n');
    const out = repo.cli('--staged', '--fix');
    assert.is(out.code, 0, out.stderr);
    assert.is(staged(repo, 'w.py'), 'x = 1\nnew(x)\n');
    assert.is(read(repo, 'w.py'), 'x = 1\r\nnew(x)\r\n');
  } finally {
    repo.cleanup();
  }
});

test('--staged --fix killed with SIGTERM at any moment: the original state or the finished fix, never lost work', async () => {
  const repo = setup();
  try {
    const stagedText = `${read(repo, 'app.py')}${Array.from({ length: 40 }, (_, i) => `old(${i})\n`).join('')}`;
    const worktree = stagedText.replace('return 2', 'return 2  # unstaged edit');
    const fixedStaged = stagedText.replaceAll('old(', 'new(');
    const fixedWorktree = worktree.replaceAll('old(', 'new(');
    const outcomes = new Set<string>();
    for (let run = 0; run < 12; run++) {
      repo.write('app.py', stagedText);
      repo.git('add', 'app.py');
      repo.write('app.py', worktree);
      const child = spawn(process.execPath, [CLI, '--no-builtin', '--rules', '.rules', '--staged', '--fix'], { cwd: repo.dir, env: gitEnv(), stdio: 'ignore' });
      const exited = new Promise((r) => child.on('exit', r));
      await new Promise((r) => setTimeout(r, 40 + run * 25));
      child.kill('SIGTERM');
      await exited;
      const index = staged(repo, 'app.py');
      const disk = read(repo, 'app.py');
      if (index === stagedText && disk === worktree) outcomes.add('original');
      else if (index === fixedStaged && disk === fixedWorktree) outcomes.add('fixed');
      else assert.unreachable(`run ${run}: a state that is neither the original nor the fix:\n--- index\n${index}\n--- disk\n${disk}`);
      const left = existsSync(join(repo.dir, '.git', 'attractor-lint')) ? readdirSync(join(repo.dir, '.git', 'attractor-lint')) : [];
      assert.equal(left, [], `run ${run}: a backup was left behind`);
    }
  } finally {
    repo.cleanup();
  }
});

test.run();
