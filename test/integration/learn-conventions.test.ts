// Conventions learned from the tree's call sites, in a real temporary repository: a function that
// can return None is tested for it at 12 of 13 calls (one of them by a fix commit), a coroutine is
// awaited at 9 of 10 calls in async code. learn makes one rule of each; a new file that repeats
// each deviation is flagged, a file that follows the conventions is not; functions without a
// convention (results used half the time, calls too few) make no rule.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempRepo, type TempRepo } from '../helpers/temp-repo.js';

const DB = `from typing import Optional


def find_account(uid) -> Optional[dict]:
    if uid < 0:
        return None
    return {"id": uid, "name": str(uid)}


async def load_profile(uid):
    return {"id": uid}


def audit(event):
    print(event)
    return event


def format_id(uid):
    return str(uid)
`;

/** A module of `count` functions that look an account up and test it first (or, for `unchecked`, do not). */
function accounts(prefix: string, count: number, unchecked: number[] = []): string {
  const out = ['from app.db import find_account', ''];
  for (let i = 0; i < count; i++) {
    out.push('', `def ${prefix}_${i}(uid):`, '    account = find_account(uid)');
    if (!unchecked.includes(i)) out.push('    if account is None:', '        return None');
    out.push('    return account.get("name")', '');
  }
  return `${out.join('\n')}\n`;
}

/** A module of `count` async handlers that await `load_profile` (or, for `dropped`, call it without await). */
function handlers(prefix: string, count: number, dropped: number[] = []): string {
  const out = ['from app.db import audit, format_id, load_profile', ''];
  for (let i = 0; i < count; i++) {
    out.push('', `async def ${prefix}_${i}(uid):`, `    ${dropped.includes(i) ? '' : 'await '}load_profile(uid)`);
    // audit's result is dropped half the time, format_id's is used: neither is a convention worth a rule.
    out.push(i % 2 ? '    audit(uid)' : '    logged = audit(uid)', `    return format_id(uid)`, '');
  }
  return `${out.join('\n')}\n`;
}

function planted(): { repo: TempRepo; fix: string } {
  const repo = tempRepo();
  repo.write('app/__init__.py', '');
  repo.write('app/db.py', DB);
  repo.write('app/billing.py', accounts('bill', 7, [6]));
  repo.write('app/orders.py', accounts('order', 6, [0]));
  repo.write('app/api.py', handlers('handle', 6));
  repo.write('app/jobs.py', handlers('job', 4, [3]));
  repo.commit('Add the app');
  // A fix brings one call into the None convention (orders.py's first function).
  repo.write('app/orders.py', accounts('order', 6));
  const fix = repo.commit('Fix crash when the account is gone: test find_account for None');
  // Unrelated later work.
  repo.write('app/notes.py', 'NOTE = "x"\n');
  repo.commit('Add notes');
  return { repo, fix };
}

interface Rule {
  id: string;
  message: string;
  fix?: unknown;
  provenance: { source?: string; convention?: { family: string; api: string; keyword?: string; conforming: number; deviants: number; fixedBy?: string[] } };
}

function learnedRules(repo: TempRepo): Rule[] {
  const dir = join(repo.dir, '.attractor/rules');
  return readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('_')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Rule);
}

test('learn: a None test at 12 of 13 calls and an await at 9 of 10 become rules; new deviations are flagged, code that follows them is not', () => {
  const { repo, fix } = planted();
  try {
    const run = runCli(['learn'], { cwd: repo.dir });
    assert.is(run.code, 0, run.stderr);
    const rules = learnedRules(repo).filter((r) => r.provenance.source === 'convention');
    const byFamily = Object.fromEntries(rules.map((r) => [`${r.provenance.convention?.family} ${r.provenance.convention?.api}`, r]));
    assert.equal(Object.keys(byFamily).sort(), ['missing_await load_profile', 'none_guard find_account'], JSON.stringify(rules.map((r) => r.id)));
    const guard = byFamily['none_guard find_account'] as Rule;
    assert.equal({ ...guard.provenance.convention }, { family: 'none_guard', api: 'find_account', conforming: 12, deviants: 1, fixedBy: [fix.slice(0, 12)] });
    assert.match(guard.message, /12 of 13 calls of `find_account` test the result for None/);
    assert.match(guard.message, new RegExp(`fixed into it by ${fix.slice(0, 12)}`));
    const awaited = byFamily['missing_await load_profile'] as Rule;
    assert.equal({ ...awaited.provenance.convention }, { family: 'missing_await', api: 'load_profile', conforming: 9, deviants: 1 });
    assert.ok(awaited.fix, 'adding await is the fix');

    // The whole tree: the two deviants of the tree are the findings.
    const check = runCli(['check', '--format', 'json', '--no-builtin', '--rules', '.attractor/rules'], { cwd: repo.dir });
    const report = JSON.parse(check.stdout) as { findings: { ruleId: string; path: string; line: number }[] };
    assert.equal(report.findings.map((f) => [f.ruleId, f.path]).sort(), [[awaited.id, 'app/jobs.py'], [guard.id, 'app/billing.py']].sort());

    // New code: each deviation repeated in a new file is flagged; the conventions followed are not.
    repo.write('app/new_bad.py', `${accounts('fresh', 1, [0])}\n${handlers('fresh_handler', 1, [0])}`);
    repo.write('app/new_good.py', `${accounts('good', 1)}\n${handlers('good_handler', 1)}`);
    repo.git('add', 'app/new_bad.py', 'app/new_good.py');
    const staged = runCli(['check', '--staged', '--format', 'json', '--no-builtin', '--rules', '.attractor/rules', '--no-siblings'], { cwd: repo.dir });
    const stagedReport = JSON.parse(staged.stdout) as { findings: { ruleId: string; path: string }[] };
    assert.equal(stagedReport.findings.map((f) => [f.ruleId, f.path]).sort(), [[awaited.id, 'app/new_bad.py'], [guard.id, 'app/new_bad.py']].sort());

    // --fix adds the await.
    const fixed = runCli(['check', '--fix', '--no-builtin', '--rules', '.attractor/rules', 'app/new_bad.py'], { cwd: repo.dir });
    assert.ok(fixed.code === 0 || fixed.code === 1, fixed.stderr);
    assert.match(readFileSync(join(repo.dir, 'app/new_bad.py'), 'utf8'), /\n {4}await load_profile\(uid\)/);

    // explain shows the counts.
    const explain = runCli(['explain', guard.id], { cwd: repo.dir });
    assert.match(explain.stdout, /as a convention of the tree: 12 of 13 calls of `find_account` follow it \(none_guard\)/);
  } finally {
    repo.cleanup();
  }
});

/** `count` functions that take `timeout` and pass it on to `fetch` (or, for `dropped`, do not). */
function clients(prefix: string, count: number, dropped: number[] = []): string {
  const out = ['from app.net import fetch', ''];
  for (let i = 0; i < count; i++) out.push('', `def ${prefix}_${i}(url, timeout=None):`, `    return fetch(url${dropped.includes(i) ? '' : ', timeout=timeout'})`, '');
  return `${out.join('\n')}\n`;
}

const NET = 'def fetch(url, timeout=None, retries=0):\n    return url\n\n\ndef plain(url):\n    return fetch(url)\n\n\ndef also_plain(url):\n    return fetch(url)\n';

test('learn: a parameter forwarded at 15 of 16 calls becomes a rule whose fix passes it on; a convention a later fix broke on purpose makes none', () => {
  const repo = tempRepo();
  try {
    repo.write('app/__init__.py', '');
    repo.write('app/net.py', NET);
    repo.write('app/clients.py', clients('get', 16, [2, 5]));
    repo.commit('Add the clients');
    repo.write('app/clients.py', clients('get', 16, [5]));
    const fix = repo.commit('Fix hang: pass the timeout on to fetch');
    const run = runCli(['learn'], { cwd: repo.dir });
    assert.is(run.code, 0, run.stderr);
    const rules = learnedRules(repo).filter((r) => r.provenance.source === 'convention');
    assert.equal(rules.map((r) => r.provenance.convention), [{ family: 'forwarded_parameter', api: 'fetch', keyword: 'timeout', conforming: 15, deviants: 1, fixedBy: [fix.slice(0, 12)] }]);
    const rule = rules[0] as Rule;
    assert.match(rule.message, /15 of 16 calls of `fetch` in a function that takes `timeout` pass it on/);

    // Calls in functions without a `timeout` parameter are not deviants; the one that drops it is, and --fix passes it on.
    const check = runCli(['check', '--format', 'json', '--no-builtin', '--rules', '.attractor/rules'], { cwd: repo.dir });
    assert.equal((JSON.parse(check.stdout) as { findings: { path: string; line: number }[] }).findings.map((f) => [f.path, f.line]), [['app/clients.py', 25]]);
    const fixed = runCli(['check', '--fix', '--fix-type', 'all', '--no-builtin', '--rules', '.attractor/rules', 'app/clients.py'], { cwd: repo.dir });
    assert.is(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.is(readFileSync(join(repo.dir, 'app/clients.py'), 'utf8'), clients('get', 16));

    // A later fix takes the timeout away from one call on purpose: the convention is broken, no rule
    // (14 of 16 would still be one without that fix).
    repo.write('app/clients.py', clients('get', 16, [3, 5]));
    repo.commit('Fix double timeout: get_3 must not pass the timeout to fetch');
    const relearn = runCli(['learn', '--full'], { cwd: repo.dir });
    assert.is(relearn.code, 0, relearn.stderr);
    assert.equal(learnedRules(repo).filter((r) => r.provenance.source === 'convention').map((r) => r.id), []);
  } finally {
    repo.cleanup();
  }
});

test('learn: a string method whose result nearly every call uses makes a rule without a fix; a call kept alone in a try is not reported', () => {
  const repo = tempRepo();
  try {
    const used = Array.from({ length: 60 }, (_, i) => `def clean_${i}(text):\n    return text.strip()\n`).join('\n\n');
    const dropped = 'def careless(text):\n    text.strip()\n    return text\n\n\ndef ascii_only(value):\n    try:\n        value.encode("ascii")\n        value.strip()\n    except UnicodeError:\n        return False\n    return True\n';
    repo.write('app/__init__.py', '');
    const text = `${used}\n\n${dropped}`;
    repo.write('app/text.py', text);
    repo.commit('Add the text helpers');
    const run = runCli(['learn'], { cwd: repo.dir });
    assert.is(run.code, 0, run.stderr);
    const rules = learnedRules(repo).filter((r) => r.provenance.source === 'convention');
    assert.equal(rules.map((r) => [r.provenance.convention?.family, r.provenance.convention?.api, r.provenance.convention?.deviants]), [['unused_result', 'strip', 1]]);
    const check = runCli(['check', '--format', 'json', '--no-builtin', '--rules', '.attractor/rules'], { cwd: repo.dir });
    assert.equal((JSON.parse(check.stdout) as { findings: { path: string; line: number }[] }).findings.map((f) => [f.path, f.line]), [['app/text.py', text.slice(0, text.indexOf('    text.strip()\n')).split('\n').length]]);

    // The configuration turns the source off.
    repo.write('.attractorrc.json', JSON.stringify({ learn: { conventions: false } }));
    const off = runCli(['learn', '--full'], { cwd: repo.dir });
    assert.is(off.code, 0, off.stderr);
    assert.equal(learnedRules(repo).filter((r) => r.provenance.source === 'convention'), []);
  } finally {
    repo.cleanup();
  }
});

test.run();
