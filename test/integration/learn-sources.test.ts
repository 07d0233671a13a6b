// The learning sources on a planted history: a fix that changed 2 of 3 sites (unfinished fix), a
// migration with a site left and a new old-style site added later, and noise that must make no
// rule: a reverted and re-applied change, a formatting sweep, and a one-off rename that was reverted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempRepo, type TempRepo } from '../helpers/temp-repo.js';

const API = `TIMEOUT = 10


def fetch(url, timeout=None):
    return url, timeout


def post(channel, text):
    return channel, text


def compute(values):
    return sum(values)


def helper_x(value):
    return value
`;

function fetcher(names: string[], withTimeout: (name: string) => boolean): string {
  const out = ['from app.api import TIMEOUT, fetch', ''];
  for (const name of names) out.push('', `def ${name}(url):`, `    data = fetch(url${withTimeout(name) ? ', timeout=TIMEOUT' : ''})`, '    return data', '');
  return `${out.join('\n')}\n`;
}

function sender(name: string, api: 'old_send' | 'post', n = 1): string {
  const out = [`from app.api import ${api}`, ''];
  for (let i = 0; i < n; i++) out.push('', `def ${name}_${i}(channel, text):`, `    return ${api}(channel, text)`, '');
  return `${out.join('\n')}\n`;
}

interface Planted {
  repo: TempRepo;
  /** 1-based line of the third `fetch(url)` call in app/a.py, left without a timeout. */
  siblingLine: number;
}

function plantedHistory(): Planted {
  const repo = tempRepo();
  repo.write('app/__init__.py', '');
  repo.write('app/api.py', `${API}\n\ndef old_send(channel, text):\n    return channel, text\n`);
  repo.commit('Add the API');
  const names = ['load_users', 'load_orders', 'load_items'];
  repo.write('app/a.py', fetcher(names, () => false));
  repo.commit('Add the loaders');
  for (const m of ['b', 'c', 'd']) repo.write(`app/${m}.py`, sender(m, 'old_send', m === 'b' ? 3 : 1));
  repo.commit('Add the senders');
  repo.write('app/totals.py', 'from app.api import compute, helper_x\n\n\ndef totals(v):\n    return compute(v)\n\n\ndef first(v):\n    return compute(v[:1])\n\n\ndef last(v):\n    return compute(v[-1:])\n\n\ndef plain(v):\n    return helper_x(v)\n');
  repo.commit('Add totals');
  // An unfinished fix: the timeout is added to 2 of the 3 calls.
  repo.write('app/a.py', fetcher(names, (n) => n !== 'load_items'));
  repo.commit('Fix hang: pass a timeout to fetch in the loaders');
  // A migration: old_send -> post at 3 sites of b.py, then in c.py; d.py is left; old_send goes.
  repo.write('app/b.py', sender('b', 'post', 3));
  repo.commit('Use post instead of old_send');
  repo.write('app/c.py', sender('c', 'post'));
  repo.write('app/api.py', API);
  repo.commit('Move c to post; remove old_send');
  // Noise: a one-off rename at 3 sites, reverted.
  const totals = readFileSync(join(repo.dir, 'app/totals.py'), 'utf8');
  repo.write('app/totals.py', totals.replace(/compute\(/g, 'calc('));
  repo.commit('Fix naming: compute is calc');
  repo.write('app/totals.py', totals);
  repo.commit('Revert "Fix naming: compute is calc"');
  // Noise: a change reverted and applied again (helper_x -> helper_y, twice, and back once).
  repo.write('app/totals.py', totals.replace('helper_x(v)', 'helper_y(v)'));
  repo.commit('Fix: use helper_y');
  repo.write('app/totals.py', totals);
  repo.commit('Revert "Fix: use helper_y"');
  repo.write('app/totals.py', totals.replace('helper_x(v)', 'helper_y(v)'));
  repo.commit('Fix: use helper_y again');
  // Noise: a quote-style sweep over every file.
  for (const m of ['a', 'b', 'c', 'd', 'totals']) {
    const text = readFileSync(join(repo.dir, `app/${m}.py`), 'utf8');
    repo.write(`app/${m}.py`, `${text}\nNAME = "${m}"\n`);
  }
  repo.commit('Add module names');
  for (const m of ['a', 'b', 'c', 'd', 'totals']) {
    const text = readFileSync(join(repo.dir, `app/${m}.py`), 'utf8');
    repo.write(`app/${m}.py`, text.replace(`NAME = "${m}"`, `NAME = '${m}'`));
  }
  repo.commit('Fix quotes everywhere');
  const siblingLine = readFileSync(join(repo.dir, 'app/a.py'), 'utf8').split('\n').findIndex((l) => l.trim() === 'data = fetch(url)') + 1;
  return { repo, siblingLine };
}

interface Rule {
  id: string;
  newCodeOnly?: boolean;
  provenance: { source?: string; sites?: { path: string; line: number }[]; migration?: { from: string; to: string; migrated: number; remaining: number; steps: unknown[] } };
}

function learnedRules(repo: TempRepo): Rule[] {
  const dir = join(repo.dir, '.attractor/rules');
  return readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('_')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Rule);
}

test('learn: the sibling an unfinished fix left and an unfinished migration become rules; reverts, renames undone and sweeps do not', () => {
  const { repo, siblingLine } = plantedHistory();
  try {
    const run = runCli(['learn'], { cwd: repo.dir });
    assert.is(run.code, 0, run.stderr);
    const rules = learnedRules(repo);
    const unfinished = rules.filter((r) => r.provenance.source === 'unfinished-fix');
    assert.is(unfinished.length, 1, JSON.stringify(rules.map((r) => r.id)));
    assert.equal(unfinished[0]?.provenance.sites, [{ path: 'app/a.py', line: siblingLine }]);
    const migration = rules.filter((r) => r.provenance.source === 'migration');
    assert.is(migration.length, 1, JSON.stringify(rules.map((r) => r.id)));
    assert.is(migration[0]?.newCodeOnly, true);
    assert.equal({ ...migration[0]?.provenance.migration, steps: migration[0]?.provenance.migration?.steps.length }, { from: 'old_send', to: 'post', migrated: 4, remaining: 1, steps: 2 });
    // Nothing from the noise: no rule mentions calc, helper_y or the quotes.
    assert.not.ok(rules.some((r) => /calc|helper|quote|name/.test(r.id)), JSON.stringify(rules.map((r) => r.id)));

    // The whole tree: the sibling is reported; the migration's old site in d.py is legacy.
    const check = runCli(['check', '--format', 'json', '--no-builtin', '--rules', '.attractor/rules'], { cwd: repo.dir });
    const report = JSON.parse(check.stdout);
    assert.equal(report.findings.map((f: { ruleId: string; path: string; line: number }) => [f.ruleId, f.path, f.line]), [[unfinished[0]?.id, 'app/a.py', siblingLine]]);
    assert.is(report.summary.legacy, 1);

    // explain shows the evidence: the migration's progress and legacy site, the sibling left.
    const explainMigration = runCli(['explain', migration[0]?.id as string], { cwd: repo.dir });
    assert.is(explainMigration.code, 0, explainMigration.stderr);
    assert.match(explainMigration.stdout, /as a migration: `old_send` -> `post`, 4 sites migrated in 2 commits, 1 left/);
    // The two steps (3 sites, then 1) have the same commit time here, so either comes first.
    assert.match(explainMigration.stdout, /Progress of the migration:\n  \d{4}-\d\d-\d\d  [0-9a-f]{10}  (3 sites|1 site) \((3|1) in all\)\n  \d{4}-\d\d-\d\d  [0-9a-f]{10}  (3 sites|1 site) \(4 in all\)/);
    assert.match(explainMigration.stdout, /Old sites left \(legacy\):\n  app\/d\.py:5\n/);
    assert.match(explainMigration.stdout, /Reported only on new code/);
    const explainSibling = runCli(['explain', unfinished[0]?.id as string], { cwd: repo.dir });
    assert.match(explainSibling.stdout, new RegExp(`Sites left when learned:\\n  app/a\\.py:${siblingLine}\\n`));
    assert.match(explainSibling.stdout, /To retire it: delete its file/);

    // New code: a staged file that calls old_send is flagged; one that follows both lessons is not.
    repo.write('app/e.py', sender('e', 'old_send'));
    repo.write('app/f.py', `${sender('f', 'post')}\nfrom app.api import TIMEOUT, fetch\n\n\ndef g(url):\n    return fetch(url, timeout=TIMEOUT)\n`);
    repo.git('add', 'app/e.py', 'app/f.py');
    const staged = runCli(['check', '--staged', '--format', 'json', '--no-builtin', '--rules', '.attractor/rules'], { cwd: repo.dir });
    const stagedReport = JSON.parse(staged.stdout);
    assert.equal(stagedReport.findings.map((f: { ruleId: string; path: string }) => [f.ruleId, f.path]), [[migration[0]?.id, 'app/e.py']]);
  } finally {
    repo.cleanup();
  }
});

/** Users of `get_user` in app/u.py (3 calls) and of `load` in app/l.py (2 calls), committed. */
function usersRepo(): TempRepo {
  const repo = tempRepo();
  repo.write('app/__init__.py', '');
  repo.write('app/db.py', 'def get_user(key):\n    return key\n\n\ndef load(path, strict=False):\n    return path\n');
  const calls = (fn: string, names: string[]): string => names.map((n) => `def ${n}(key):\n    return ${fn}(key)\n`).join('\n\n');
  repo.write('app/u.py', `from app.db import get_user\n\n\n${calls('get_user', ['one', 'two', 'three'])}`);
  repo.write('app/l.py', `from app.db import load\n\n\n${calls('load', ['a', 'b'])}`);
  repo.commit('Add users and loaders');
  return repo;
}

test('learn: an unfinished fix never flags the replacement\'s own definition, nor a site the fix itself wrote; an opt-in flag at one call is no fix', () => {
  const repo = usersRepo();
  try {
    // The fix: get_user -> fetch_user at 2 of 3 calls; fetch_user (new) calls get_user itself.
    const u = readFileSync(join(repo.dir, 'app/u.py'), 'utf8');
    const fixed = u.replace('return get_user(key)', 'return fetch_user(key)').replace('return get_user(key)', 'return fetch_user(key)');
    repo.write('app/u.py', `${fixed}\n\ndef fetch_user(key):\n    return get_user(key)\n`);
    // And an option turned on at one call of load.
    repo.write('app/l.py', readFileSync(join(repo.dir, 'app/l.py'), 'utf8').replace('return load(key)', 'return load(key, strict=True)'));
    repo.commit('Fix stale users: fetch them; load a strictly');
    const run = runCli(['learn'], { cwd: repo.dir });
    assert.is(run.code, 0, run.stderr);
    const unfinished = learnedRules(repo).filter((r) => r.provenance.source === 'unfinished-fix');
    const three = readFileSync(join(repo.dir, 'app/u.py'), 'utf8').split('\n').findIndex((l) => l.includes('get_user(key)') && !l.includes('import')) + 1;
    assert.equal(
      unfinished.map((r) => r.provenance.sites),
      [[{ path: 'app/u.py', line: three }]],
      `only the third call is left (not the one inside fetch_user); no rule for strict=True\n${run.stdout}${run.stderr}`,
    );
    // A later fix commit writes a new old-style call in the same change: that site is deliberate.
    const repo2 = usersRepo();
    try {
      const u2 = readFileSync(join(repo2.dir, 'app/u.py'), 'utf8');
      repo2.write('app/u.py', `${u2.replace(/return get_user\(key\)/g, 'return fetch_user(key)')}\n\ndef fetch_user(key):\n    return key\n`);
      repo2.write('app/v.py', 'from app.db import get_user\n\n\ndef raw(key):\n    return get_user(key)\n');
      repo2.commit('Fix stale users: fetch them (raw keeps the direct read)');
      assert.is(runCli(['learn'], { cwd: repo2.dir }).code, 0);
      assert.equal(learnedRules(repo2).filter((r) => r.provenance.source === 'unfinished-fix'), []);
    } finally {
      repo2.cleanup();
    }
  } finally {
    repo.cleanup();
  }
});

test('learn: a site left whose code a later commit edited, keeping the old call, is a choice, not an unfinished fix', () => {
  const repo = tempRepo();
  try {
    // Multi-line calls: a later edit of the call's second line leaves its first line as it was.
    const call = (name: string, timeout: boolean, note = '') => `\n\ndef ${name}(url):\n    data = fetch(\n        url,${note}\n${timeout ? '        timeout=TIMEOUT,\n' : ''}    )\n    return data\n`;
    const loaders = (timeouts: boolean[], note = '') => `from app.api import TIMEOUT, fetch\n${['load_users', 'load_orders', 'load_items'].map((n, i) => call(n, timeouts[i] as boolean, i === 2 ? note : '')).join('')}`;
    repo.write('app/__init__.py', '');
    repo.write('app/api.py', API);
    repo.commit('Add the API');
    repo.write('app/a.py', loaders([false, false, false]));
    repo.commit('Add the loaders');
    repo.write('app/a.py', loaders([true, true, false]));
    repo.commit('Fix hang: pass a timeout to fetch in the loaders');
    const first = runCli(['learn'], { cwd: repo.dir });
    assert.is(first.code, 0, first.stderr);
    assert.is(learnedRules(repo).filter((r) => r.provenance.source === 'unfinished-fix').length, 1, 'the call left is an unfinished fix');
    // Someone edits that very call (its second line) and keeps it without a timeout.
    repo.write('app/a.py', loaders([true, true, false], '  # items are local: no timeout'));
    repo.commit('Document why items load without a timeout');
    const again = runCli(['learn', '--full'], { cwd: repo.dir });
    assert.is(again.code, 0, again.stderr);
    assert.equal(learnedRules(repo).filter((r) => r.provenance.source === 'unfinished-fix').map((r) => [r.id, r.provenance.sites]), [], again.stdout + again.stderr);
  } finally {
    repo.cleanup();
  }
});

test('learn: code the tests use freely is how an API is used, not what a fix left behind', () => {
  const { repo } = plantedHistory();
  try {
    // The planted history teaches one unfinished fix (fetch without a timeout); its tests call fetch that way 4 times.
    repo.write('tests/test_fetch.py', `from app.api import fetch\n${[1, 2, 3, 4].map((i) => `\n\ndef test_fetch_${i}(url="u${i}"):\n    data = fetch(url)\n    assert data\n`).join('')}`);
    repo.commit('Test fetch');
    const run = runCli(['learn'], { cwd: repo.dir });
    assert.is(run.code, 0, run.stderr);
    assert.equal(learnedRules(repo).filter((r) => r.provenance.source === 'unfinished-fix').map((r) => r.id), [], run.stdout + run.stderr);
  } finally {
    repo.cleanup();
  }
});

test.run();
