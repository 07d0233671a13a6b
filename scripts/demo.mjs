#!/usr/bin/env node
// The embedded default job: builds a sample repository whose history hides a few recurring bug
// fixes among realistic noise (scripts/sample-history.mjs), then runs attractor-lint on it the way
// a user would: learn the pack from history, explain a rule, and catch a repeat of a learned bug in
// a staged change, then show the verified fixes. Every command is printed. Usage: npm run demo
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSampleHistory } from './sample-history.mjs';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
const repo = mkdtempSync(join(tmpdir(), 'attractor-demo-'));
const env = { ...process.env };
for (const key of Object.keys(env)) if (key.startsWith('GIT_')) delete env[key];
const bold = (s) => (process.stdout.isTTY ? `\u001b[1m${s}\u001b[0m` : s);
const attractor = (...args) => {
  console.log(bold(`\n$ attractor-lint ${args.join(' ')}`));
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repo, env, encoding: 'utf8' });
  process.stdout.write(result.stdout);
  process.stdout.write(result.stderr);
  console.log(`(exit code ${result.status})`);
  return result;
};

buildSampleHistory(repo);
console.log(bold(`A sample repository with a bug-fix history, in ${repo}:`));
process.stdout.write(execFileSync('git', ['log', '--format=  %h %an  %s'], { cwd: repo, env, encoding: 'utf8' }));

attractor('learn');
const learned = readdirSync(join(repo, '.attractor', 'rules')).filter((f) => !f.startsWith('_')).sort();
const await_ = learned.find((f) => f.includes('await')) ?? learned[0];
if (await_) attractor('explain', `learned/${await_.replace(/\.json$/, '')}`);

writeFileSync(join(repo, 'app', 'invoices.py'), `import requests

from app.api import client, fetch_profile


async def invoice_owner(invoice):
    owner = fetch_profile(invoice.owner_id)
    if owner == None:
        return "unknown"
    return owner["name"]


def send_invoice(user, pdf_url):
    client.send_message(user.channel, pdf_url)
    return requests.get(pdf_url).ok
`);
execFileSync('git', ['add', 'app/invoices.py'], { cwd: repo, env });
console.log(bold('\nA new file repeats the three learned bugs (and one the curated pack knows), and is staged:'));
attractor('check', '--staged');
console.log(bold('\nThe verified fixes (learned from the history, and the curated ones), as a diff; nothing is changed:'));
attractor('check', '--staged', '--fix-dry-run');
console.log(`\nThe sample repository stays in ${repo} for you to explore (delete it when done).`);
