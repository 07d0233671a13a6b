// Builds a sample repository whose history hides a few recurring bug fixes among realistic noise.
// Used by `npm run demo` and by the planted-pattern test of `learn`.
//
// Planted patterns (each fixed in several commits, by different people, over weeks):
//   1. an async helper that must be awaited:         profile = fetch_profile(uid) -> await fetch_profile(uid)
//   2. a renamed API used the old way:                 client.send_message(...) -> client.post_message(...)
//   3. a keyword argument that must be passed:         requests.get(url) -> requests.get(url, timeout=TIMEOUT)
// Noise that must never become a rule: a quote-style sweep, one-off renames of locals, version
// bumps (some labelled "fix"), typo fixes in messages, a revert, feature commits.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const AUTHORS = [
  ['Ada Byron', 'ada@example.com'],
  ['Brian Kern', 'brian@example.com'],
  ['Chen Wei', 'chen@example.com'],
];

/** A Python module with `n` handlers; `bug(i)` decides which planted bug handler i carries. */
function module(name, n, bug) {
  const lines = [
    'import asyncio',
    'import logging',
    '',
    'import requests',
    '',
    'from app.api import fetch_profile, client, TIMEOUT',
    '',
    'log = logging.getLogger(__name__)',
    '',
  ];
  for (let i = 0; i < n; i++) {
    const kind = bug(i);
    if (kind === 'await') {
      lines.push(`async def ${name}_profile_${i}(uid):`, `    log.info('loading profile %s', uid)`, `    profile = fetch_profile(uid)`, `    return profile.get('name')`, '');
    } else if (kind === 'rename') {
      lines.push(`def ${name}_notify_${i}(user, text):`, `    if not user.active:`, `        return None`, `    return client.send_message(user.channel, text)`, '');
    } else if (kind === 'timeout') {
      lines.push(`def ${name}_download_${i}(url):`, `    response = requests.get(url)`, `    response.raise_for_status()`, `    return response.json()`, '');
    } else {
      lines.push(`def ${name}_total_${i}(items):`, `    total = 0`, `    for item in items:`, `        total += item.price * item.quantity`, `    return round(total, 2)`, '');
    }
  }
  return `${lines.join('\n')}\n`;
}

export function buildSampleHistory(dir, options = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('GIT_')) delete env[key];
  const git = (...args) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const files = new Map();
  const write = (path, text) => {
    files.set(path, text);
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const edit = (path, from, to) => {
    const text = files.get(path);
    if (!text.includes(from)) throw new Error(`sample history: ${path} has no ${JSON.stringify(from)}`);
    write(path, text.replace(from, to));
  };
  let day = 0;
  let who = 0;
  const commit = (message) => {
    day += 3;
    const [name, email] = AUTHORS[who++ % AUTHORS.length];
    const date = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString();
    git('add', '-A');
    execFileSync('git', ['commit', '-q', '-m', message], { cwd: dir, env: { ...env, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  };

  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  write('app/__init__.py', '');
  write('app/version.py', "__version__ = '1.0.0'\n");
  write('app/api.py', `import asyncio\n\nTIMEOUT = 10\n\n\nclass Client:\n    def post_message(self, channel, text):\n        return {'channel': channel, 'text': text}\n\n    def send_message(self, channel, text):\n        raise RuntimeError('send_message was removed; use post_message')\n\n\nclient = Client()\n\n\nasync def fetch_profile(uid):\n    await asyncio.sleep(0)\n    return {'uid': uid, 'name': 'user'}\n`);
  const plan = {
    users: (i) => ['await', 'rename', 'timeout', null][i % 4],
    orders: (i) => ['timeout', 'await', null, 'rename'][i % 4],
    billing: (i) => ['rename', null, 'await', 'timeout'][i % 4],
    reports: (i) => [null, 'timeout', 'rename', 'await'][i % 4],
  };
  for (const [name, bug] of Object.entries(plan)) write(`app/${name}.py`, module(name, 4, bug));
  write('tests/test_users.py', 'from app.users import users_total_3\n\n\ndef test_total():\n    assert users_total_3([]) == 0\n');
  write('README.md', '# shop\n');
  commit('Initial import of the shop service');

  // Noise: a quote-style sweep (not a fix), then version bumps, one labelled as a fix.
  for (const name of Object.keys(plan)) edit(`app/${name}.py`, "log.info('loading profile %s', uid)", 'log.info("loading profile %s", uid)');
  commit('Switch to double quotes');
  edit('app/version.py', "'1.0.0'", "'1.0.1'");
  commit('Bump version to 1.0.1');

  // Planted fixes, interleaved with noise.
  const fixes = [
    ['users', 'profile = fetch_profile(uid)', 'profile = await fetch_profile(uid)', 'Fix crash: profile was a coroutine (#12)', true],
    ['orders', 'response = requests.get(url)', 'response = requests.get(url, timeout=TIMEOUT)', 'Fix hang when the payment server does not answer', false],
    ['billing', 'return client.send_message(user.channel, text)', 'return client.post_message(user.channel, text)', 'Fix RuntimeError: send_message was removed', true],
  ];
  const noise = [
    () => { edit('app/version.py', "'1.0.1'", "'1.0.2'"); commit('Fix version number for the release'); },
    () => { edit('app/users.py', 'total = 0\n    for item in items:\n        total += item.price * item.quantity\n    return round(total, 2)', 'amount = 0\n    for item in items:\n        amount += item.price * item.quantity\n    return round(amount, 2)'); commit('Fix naming in users totals'); },
    () => { write('app/errors.py', "MESSAGE = 'Paymnet failed'\n"); commit('Add payment error message'); edit('app/errors.py', 'Paymnet', 'Payment'); commit('Fix typo in error message'); },
  ];
  const apply = ([name, from, to, message, withTest]) => {
    edit(`app/${name}.py`, from, to);
    if (withTest) write(`tests/test_${name}.py`, `def test_${name}_regression():\n    assert True  # regression test for: ${message}\n`);
    commit(message);
  };
  fixes.forEach((fix, i) => { apply(fix); noise[i](); });
  write('app/feature.py', 'def export_csv(rows):\n    return "\\n".join(",".join(map(str, r)) for r in rows)\n');
  commit('Add CSV export');
  edit('app/feature.py', 'def export_csv', 'def export_rows');
  commit('Revert "Add CSV export" naming');
  // Second and third round of the planted fixes, in other files, by other people.
  apply(['reports', 'profile = fetch_profile(uid)', 'profile = await fetch_profile(uid)', 'Fix missing await on fetch_profile in reports', false]);
  apply(['users', 'response = requests.get(url)', 'response = requests.get(url, timeout=TIMEOUT)', 'Fix hang in user avatar download (#31)', true]);
  apply(['reports', 'return client.send_message(user.channel, text)', 'return client.post_message(user.channel, text)', 'Fix crash in report notifications', false]);
  edit('app/version.py', "'1.0.2'", "'1.1.0'");
  commit('Release 1.1.0');
  apply(['billing', 'profile = fetch_profile(uid)', 'profile = await fetch_profile(uid)', 'Fix billing profile lookup (coroutine never awaited)', true]);
  apply(['billing', 'response = requests.get(url)', 'response = requests.get(url, timeout=TIMEOUT)', 'Fix billing download hanging forever', false]);
  apply(['users', 'return client.send_message(user.channel, text)', 'return client.post_message(user.channel, text)', 'Fix user notifications after the client API change', true]);
  edit('app/version.py', "'1.1.0'", "'1.1.1'");
  commit('Fix version number');
  return { dir };
}
