#!/usr/bin/env node
// The embedded default job: builds a small sample repository with a bug-fix history in a temporary
// folder and runs attractor-lint on it, the way a user would, printing every command.
// Usage: npm run demo            (keeps the sample repository and prints where it is)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
const repo = mkdtempSync(join(tmpdir(), 'attractor-demo-'));
const env = { ...process.env, GIT_AUTHOR_NAME: 'Dana Dev', GIT_AUTHOR_EMAIL: 'dana@example.com', GIT_COMMITTER_NAME: 'Dana Dev', GIT_COMMITTER_EMAIL: 'dana@example.com' };
for (const key of Object.keys(env)) if (/^GIT_(DIR|INDEX_FILE|WORK_TREE)$/.test(key)) delete env[key];
const tty = process.stdout.isTTY;
const bold = (s) => (tty ? `\u001b[1m${s}\u001b[0m` : s);

const git = (...args) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' });
const write = (path, text) => {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
};
const commit = (message, date) => {
  git('add', '-A');
  execFileSync('git', ['commit', '-q', '-m', message], { cwd: repo, env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
};
const attractor = (...args) => {
  console.log(bold(`\n$ attractor-lint ${args.join(' ')}`));
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repo, env, encoding: 'utf8' });
  process.stdout.write(result.stdout);
  process.stdout.write(result.stderr);
  console.log(`(exit code ${result.status})`);
  return result.status;
};

git('init', '-q', '-b', 'main');
git('config', 'commit.gpgsign', 'false');

write('shop/db.py', `import sqlite3


def connect(path):
    return sqlite3.connect(path)


def save_order(conn, order):
    try:
        conn.execute("INSERT INTO orders VALUES (?, ?)", (order.id, order.total))
        conn.commit()
    except sqlite3.Error:
        conn.rollback()
        raise
`);
write('shop/users.py', `def display_name(user):
    if user.nickname is not None:
        return user.nickname
    return user.email.split("@")[0]
`);
commit('Add order storage and user names', '2026-01-05T10:00:00Z');

write('shop/users.py', `def display_name(user):
    if user.nickname is not None:
        return user.nickname
    if user.email is None:
        return "anonymous"
    return user.email.split("@")[0]
`);
commit('Fix crash when a user has no email (#12)', '2026-01-12T10:00:00Z');

write('shop/notify.py', `import asyncio


async def send_mail(address, body):
    await asyncio.sleep(0.1)
    return True


async def notify_all(users, body):
    for user in users:
        if user.email == None:
            continue
        send_mail(user.email, body)
`);
write('shop/settings.py', `import os

DATABASE = os.environ.get("SHOP_DB", "shop.sqlite")
SMTP_PASSWORD = "s3cr3t-Passw0rd!"
`);
write('shop/report.py', `def total(orders, seen=[]):
    try:
        return sum(o.total for o in orders if o not in seen)
    except:
        return 0
`);
commit('Add notifications, settings and reports', '2026-02-01T10:00:00Z');

console.log(bold(`Sample repository with ${git('rev-list', '--count', 'HEAD').trim()} commits in ${repo}`));
process.stdout.write(git('log', '--format=  %h %s'));

attractor('check');

write('shop/users.py', `def display_name(user):
    if user.nickname != None:
        return user.nickname
    if user.email is None:
        return "anonymous"
    return user.email.split("@")[0]
`);
git('add', 'shop/users.py');
write('shop/users.py', `def display_name(user):
    return user.nickname or user.email
`);
console.log(bold('\nStaged a change to shop/users.py (and left a different, unstaged edit in the working tree):'));
attractor('check', '--staged');

attractor('baseline');
attractor('check', '--format', 'json');
console.log(`\nThe sample repository stays in ${repo} for you to explore (delete it when done).`);
