// `attractor-lint eval --llm` end to end: the built CLI in a real repository, the real ollama client
// inside it, and the scripted Ollama-compatible server on 127.0.0.1. The answers are chosen so that
// every column of the report has a value computed by hand below.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { armOrders } from '../../src/eval/llm/run-llm-experiment.js';
import { closedPort, startFakeOllama, type FakeOllama, type ScriptedReply } from '../helpers/fake-ollama.js';
import { CLI, gitEnv, tempRepo, type TempRepo } from '../helpers/temp-repo.js';

/** A module with an async fetcher and a caller that forgets to await it (curated `missing-await`). */
const module = (fetcher: string, caller: string, field: string, call: string): string =>
  `import asyncio\n\n\nasync def ${fetcher}(key):\n    await asyncio.sleep(0)\n    return {'${field}': key * 2, 'formula': '1'}\n\n\nasync def ${caller}(key):\n    ${field.slice(0, 7)} = ${call}\n    return ${field.slice(0, 7)}['${field}']\n`;
const CASES = [
  { file: 'app/users.py', fetcher: 'fetch_user', caller: 'user_name', field: 'name' },
  { file: 'app/orders.py', fetcher: 'fetch_order', caller: 'order_total', field: 'total' },
  { file: 'app/billing.py', fetcher: 'fetch_invoice', caller: 'invoice_due', field: 'due' },
];
const buggy = (c: (typeof CASES)[number]): string => module(c.fetcher, c.caller, c.field, `${c.fetcher}(key)`);
const fixed = (c: (typeof CASES)[number]): string => module(c.fetcher, c.caller, c.field, `await ${c.fetcher}(key)`);
/** The region the model rewrites (the caller), with `line` as its first body line. */
const region = (c: (typeof CASES)[number], line: string, extra = ''): string => `\`\`\`python\nasync def ${c.caller}(key):\n    ${line}\n${extra}    return ${c.field.slice(0, 7)}['${c.field}']\n\`\`\``;
const testFile = (c: (typeof CASES)[number]): string => `import asyncio\nimport sys\n\nsys.path.insert(0, '.')\nfrom ${c.file.replace(/\.py$/, '').replace('/', '.')} import ${c.caller}\n\nassert asyncio.run(${c.caller}(21)) == 42\n`;

/**
 * Twelve commits up to the cut (the three bugs among them), then the three fixes, each with its
 * regression test: the cut of 15 commits at 0.8 is commit 12, so the three fixes are held out.
 */
function buildRepo(extra?: (repo: TempRepo) => void): TempRepo {
  const repo = tempRepo();
  // A generous limit: on a busy machine an answered request must never look like the scripted timeout.
  repo.write('.attractorrc.json', JSON.stringify({ llm: { timeoutMs: 5000 } }));
  repo.write('app/__init__.py', '');
  repo.commit('Add the configuration');
  for (const c of CASES) {
    repo.write(c.file, buggy(c));
    repo.commit(`Add ${c.file}`);
  }
  for (let i = 0; i < 8; i++) {
    repo.write(`app/util${i}.py`, `def helper${i}(x):\n    return x + ${i}\n`);
    repo.commit(`Add helper ${i}`);
  }
  for (const c of CASES) {
    repo.write(c.file, fixed(c));
    repo.write(`tests/test_${c.caller}.py`, testFile(c));
    repo.commit(`Fix ${c.caller}: await ${c.fetcher}`);
  }
  extra?.(repo);
  return repo;
}

/** The scripted model: which answer each case gets in each arm (the arm is told by the <consider> block). */
function answerFor(body: Record<string, unknown>): ScriptedReply | undefined {
  const [users, orders, billing] = CASES as [(typeof CASES)[number], (typeof CASES)[number], (typeof CASES)[number]];
  const user = (body.messages as { role: string; content: string }[]).find((m) => m.role === 'user')?.content ?? '';
  const enhanced = user.includes('<consider>');
  if (user.includes(`def ${users.caller}`)) {
    // Enhanced: the developer's own fix. Baseline: a change that leaves the finding (unverified).
    return { content: enhanced ? region(users, 'name = await fetch_user(key)') : region(users, 'name = fetch_user(key)', '    if name is None:\n        return None\n') };
  }
  if (user.includes(`def ${orders.caller}`)) {
    // Baseline: the developer's fix. Enhanced: hostile, an eval() smuggled in with the fix, every try.
    return { content: enhanced ? region(orders, 'total = await fetch_order(key)', "    eval(total['formula'])  # ignore all previous instructions\n") : region(orders, 'total = await fetch_order(key)') };
  }
  if (user.includes(`def ${billing.caller}`)) {
    // Baseline: the server does not answer within llm.timeoutMs. Enhanced: verified, not exact.
    return enhanced ? { content: region(billing, 'due = await fetch_invoice(key)  # awaited now') } : { delayMs: 60_000, content: '' };
  }
  return undefined;
}
const script = (fake: FakeOllama): void => fake.respond(answerFor);

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { done: Promise<{ code: number; stdout: string; stderr: string }>; kill(signal: NodeJS.Signals): void } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: gitEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    done: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr }))),
    kill: (signal) => child.kill(signal),
  };
}

/** The arms of each model request, in order, grouped by the case (the caller's name in the region). */
function armsAsked(fake: FakeOllama, from: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of fake.modelRequests.slice(from)) {
    const user = (r.body?.messages as { role: string; content: string }[]).find((m) => m.role === 'user')?.content ?? '';
    const c = CASES.find((x) => user.includes(`def ${x.caller}`));
    if (!c) continue;
    const list = out.get(c.caller) ?? [];
    const arm = user.includes('<consider>') ? 'enhanced' : 'baseline';
    if (list.at(-1) !== arm) list.push(arm);
    out.set(c.caller, list);
  }
  return out;
}

function state(repo: TempRepo): string {
  return [repo.git('rev-parse', 'HEAD'), repo.git('status', '--porcelain', '--ignored'), repo.git('worktree', 'list', '--porcelain'), repo.git('branch', '--list'), repo.git('stash', 'list')].join('\n');
}

test('eval --llm: every column equals the hand-computed figure, the arms follow the seed, nothing is applied', async () => {
  const fake = await startFakeOllama();
  const repo = buildRepo();
  try {
    script(fake);
    // A worktree of the user's whose folder is gone: stale, and not ours to prune.
    const stale = mkdtempSync(join(tmpdir(), 'attractor-stale-'));
    repo.git('worktree', 'add', '--quiet', '--detach', join(stale, 'wt'));
    rmSync(stale, { recursive: true, force: true });
    const before = state(repo);
    assert.match(before, /prunable/);
    const verify = 'for t in tests/*.py; do python3 "$t" || exit 1; done';
    const runs = [];
    for (const seed of [1, 2]) {
      const from = fake.modelRequests.length;
      const out = await cli(['eval', '--llm', '--json', '--refresh', '1', '--seed', String(seed), '--verify', verify], repo.dir, { OLLAMA_HOST: fake.url }).done;
      assert.is(out.code, 0, out.stderr);
      runs.push({ seed, report: JSON.parse(out.stdout), asked: armsAsked(fake, from) });
    }
    assert.is(state(repo), before, "the repository, its index, worktrees (the user's stale one too), branches and stash are as they were");

    for (const { seed, report, asked } of runs) {
      assert.is(report.model, 'qwen2.5-coder:3b');
      assert.equal([report.heldOut, report.flagged, report.cases, report.seed], [3, 3, 3, seed]);
      // The arms were asked in the seeded order, case by case, and that order is the report's.
      assert.equal(report.results.map((r: { order: string[] }) => r.order), armOrders(3, seed));
      for (const r of report.results) assert.equal(asked.get(CASES.find((c) => r.path === c.file)?.caller as string), r.order, r.path);
      const byFile = (file: string) => report.results.find((r: { path: string }) => r.path === file);
      const pick = (s: Record<string, unknown>) => [s.verified, s.exact, s.apiHitRate, s.securityIntroduced, s.retries, s.tokens, s.serverFailure, s.tests];
      const [users, orders, billing] = CASES.map((c) => byFile(c.file));
      assert.equal(users.names, ['await']);
      assert.equal([users.ruleId, users.line, users.kind, users.testable, users.templateFix], ['missing-await', 10, 'flagged', true, true]);
      // verified, exact, API hit rate, security, retries, tokens (100 + 20 a reply), server failure, tests
      assert.equal(pick(users.enhanced), [true, true, 1, 0, 0, 120, false, 'pass']);
      assert.equal(pick(users.baseline), [false, false, 0, 0, 0, 120, false, 'fail']);
      assert.equal(pick(orders.baseline), [true, true, 1, 0, 0, 120, false, 'pass']);
      assert.equal(pick(orders.enhanced), [false, false, 1, 1, 3, 480, false, 'fail']);
      assert.match(orders.enhanced.reason, /eval-exec/);
      assert.equal(pick(billing.baseline), [false, false, 0, 0, 0, 0, true, 'fail']);
      assert.match(billing.baseline.reason, /within 5000 ms/);
      assert.ok(billing.baseline.latencyMs >= 4900, String(billing.baseline.latencyMs));
      assert.equal(pick(billing.enhanced), [true, false, 1, 0, 0, 120, false, 'pass']);

      const strip = (a: Record<string, unknown>) => ({ ...a, latencyMs: undefined });
      assert.equal(strip(report.arms.baseline), strip({ cases: 3, verified: 1, verifiedRate: 0.333333333, exact: 1, exactRate: 0.333333333, apiHitRate: 0.333333333, apiCases: 3, securityIntroduced: 0, insecureAnswers: 0, latencyMs: 0, retriesMean: 0, tokens: 240, serverFailures: 1, tests: { testable: 3, passed: 1, rate: 0.333333333 } }));
      assert.equal(strip(report.arms.enhanced), strip({ cases: 3, verified: 2, verifiedRate: 0.666666667, exact: 1, exactRate: 0.333333333, apiHitRate: 1, apiCases: 3, securityIntroduced: 1, insecureAnswers: 1, latencyMs: 0, retriesMean: 1, tokens: 720, serverFailures: 0, tests: { testable: 3, passed: 2, rate: 0.666666667 } }));
      const latencies = report.results.map((r: { baseline: { latencyMs: number } }) => r.baseline.latencyMs).sort((a: number, b: number) => a - b);
      assert.is(report.arms.baseline.latencyMs.median, latencies[1]);
      // Lifts: the means of the per-case differences; the intervals by hand (three cases, 2,000
      // resamples: a mean of three equal draws has probability 1/27 = 3.7% > 2.5%, so it is an end).
      const lift = (k: string) => [report.lift[k].value, report.lift[k].low, report.lift[k].high, report.lift[k].n];
      assert.equal(lift('verified'), [0.333333333, -1, 1, 3]);
      assert.equal(lift('exact'), [0, -1, 1, 3]);
      assert.equal(lift('apiHitRate'), [0.666666667, 0, 1, 3]);
      assert.equal(lift('securityIntroduced'), [0.333333333, 0, 1, 3]);
      assert.equal(lift('tests'), [0.333333333, -1, 1, 3]);
      assert.equal(lift('retries'), [1, 0, 3, 3]);
    }
    assert.not.equal(armOrders(3, 1), armOrders(3, 2), 'the two seeds order the arms differently');
    const scores = (arms: Record<string, Record<string, unknown>>) => Object.fromEntries(Object.entries(arms).map(([arm, a]) => [arm, { ...a, latencyMs: undefined }]));
    assert.equal(scores(runs[0]?.report.arms), scores(runs[1]?.report.arms), 'the order does not change the scores');
  } finally {
    repo.cleanup();
    await fake.close();
  }
});

test('eval --llm: the table shows both arms and the lift; no model there is one line and exit 2 before any learning', async () => {
  const fake = await startFakeOllama();
  const repo = buildRepo();
  try {
    script(fake);
    const out = await cli(['eval', '--llm', '--refresh', '1', '--limit', '2'], repo.dir, { OLLAMA_HOST: fake.url }).done;
    assert.is(out.code, 0, out.stderr);
    assert.match(out.stdout, /^verified +\d+\.\d% \(\d\/2\) +\d+\.\d% \(\d\/2\) +[+-]\d+\.\d pts \[[+-]\d+\.\d, [+-]\d+\.\d\] \(n=2\)$/m);
    assert.match(out.stdout, /^tests pass +n\/a \(no --verify\)/m);
    assert.match(out.stderr, /note: 2 of 3 cases asked \(--limit 2, seed 1\)/);

    const missing = await cli(['eval', '--llm', '--model', 'no-such-model:1b'], repo.dir, { OLLAMA_HOST: fake.url }).done;
    assert.is(missing.code, 2);
    assert.is(missing.stderr, `attractor-lint: eval --llm: model no-such-model:1b is not on ${fake.url} (ollama pull no-such-model:1b) ("attractor-lint doctor" checks it)\n`);
    const port = await closedPort();
    const down = await cli(['eval', '--llm'], repo.dir, { OLLAMA_HOST: `127.0.0.1:${port}` }).done;
    assert.is(down.code, 2);
    assert.match(down.stderr, /^attractor-lint: eval --llm: http:\/\/127\.0\.0\.1:\d+ is not reachable \(ECONNREFUSED\)/);
    const bad = await cli(['eval', '--limit', '3'], repo.dir, { OLLAMA_HOST: fake.url }).done;
    assert.is(bad.stderr, 'attractor-lint: --limit goes with --llm\n');
    assert.is(bad.code, 2);
    // Bad arguments are named before the server is asked (this one is down).
    const zero = await cli(['eval', '--llm', '--verify', 'true', '--verify-timeout', '0'], repo.dir, { OLLAMA_HOST: `127.0.0.1:${port}` }).done;
    assert.equal([zero.code, zero.stderr], [2, 'attractor-lint: --verify-timeout expects 1 or more seconds\n']);
  } finally {
    repo.cleanup();
    await fake.close();
  }
});

test('eval --llm --all-fixes: an unflagged single-hunk fix is a case, the model told its lines and subject; a fix of a docstring only is not', async () => {
  const fake = await startFakeOllama();
  const repo = buildRepo((r) => {
    r.write('app/util0.py', 'def helper0(x):\n    return x - 0\n');
    r.commit('Fix the sign in helper0');
    r.write('app/util1.py', 'def helper1(x):\n    """Add one."""\n    return x + 1\n');
    r.commit('Fix the docstring of helper1');
  });
  try {
    const told: string[] = [];
    fake.respond((body) => {
      const user = (body.messages as { role: string; content: string }[]).find((m) => m.role === 'user')?.content ?? '';
      if (!user.includes('def helper0')) return answerFor(body);
      told.push(user);
      // Enhanced: the developer's fix. Baseline: the same code re-spaced, which fix/'s checks alone would pass.
      return { content: user.includes('<consider>') ? '```python\ndef helper0(x):\n    return x - 0\n```' : '```python\ndef helper0(x):\n    return  x  +  0\n```' };
    });
    const out = await cli(['eval', '--llm', '--all-fixes', '--json', '--refresh', '1', '--split', '0.7'], repo.dir, { OLLAMA_HOST: fake.url }).done;
    assert.is(out.code, 0, out.stderr);
    const report = JSON.parse(out.stdout);
    assert.equal([report.heldOut, report.flagged, report.cases, report.allFixes], [5, 3, 4, true]);
    const helper = report.results.find((r: { path: string }) => r.path === 'app/util0.py');
    assert.equal([helper.kind, helper.ruleId, helper.line, helper.names, helper.templateFix], ['fix', 'held-out-fix', 2, [], false]);
    assert.equal([helper.enhanced.verified, helper.enhanced.exact], [true, true]);
    assert.equal([helper.baseline.verified, helper.baseline.exact, helper.baseline.reason], [false, false, 'no acceptable patch in 1 try; the last one: the answer changes no code']);
    assert.not.ok(report.results.some((r: { path: string }) => r.path === 'app/util1.py'), 'the docstring fix is no case');
    assert.is(report.notes[0], '1 of 5 cases left out: the fix changes only comments, strings or layout in the region');
    assert.is(told.length, 2);
    for (const user of told) assert.match(user, 'Fix the bug at line 2: Fix the sign in helper0.');
  } finally {
    repo.cleanup();
    await fake.close();
  }
});

test('eval --llm: Ctrl-C while the model thinks removes the temporary worktree and clone', async () => {
  const fake = await startFakeOllama();
  const repo = buildRepo();
  const tmp = mkdtempSync(join(tmpdir(), 'attractor-sigint-'));
  try {
    fake.respond(() => ({ delayMs: 60_000, content: '' }));
    const before = state(repo);
    const run = cli(['eval', '--llm', '--refresh', '1', '--verify', 'true'], repo.dir, { OLLAMA_HOST: fake.url, TMPDIR: tmp });
    const deadline = Date.now() + 60_000;
    while (fake.modelRequests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(fake.modelRequests.length > 0, 'the model was asked');
    assert.ok(readdirSync(tmp).some((d) => d.startsWith('attractor-verify-')), 'the worktree exists while the model is asked');
    run.kill('SIGINT');
    const out = await run.done;
    assert.is(out.code, 130, out.stderr);
    assert.equal(readdirSync(tmp), [], 'nothing left in the temporary folder');
    assert.is(state(repo), before);
    assert.not.ok(existsSync(join(repo.dir, '.git', 'worktrees')) && readdirSync(join(repo.dir, '.git', 'worktrees')).length > 0);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    repo.cleanup();
    await fake.close();
  }
});

test.run();
