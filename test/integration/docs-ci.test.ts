// The documented GitHub workflows (docs/ci/) call attractor-lint the way the CLI accepts: every
// `npx attractor-lint ...` they run is run here in a real repository, and must not be a usage error.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, projectRepo } from '../helpers/hook-project.js';

const CI = new URL('../../docs/ci/', import.meta.url).pathname;
const README = new URL('../../README.md', import.meta.url).pathname;
const workflows = readdirSync(CI).filter((name) => name.endsWith('.yml')).sort();

/** The attractor-lint command lines of a workflow's `run:` steps, without shell redirections. */
function commands(text: string): string[][] {
  return [...text.matchAll(/^\s*run: npx attractor-lint ([^\n>|]*)/gm)].map((m) => (m[1] as string).trim().split(/\s+/).filter(Boolean));
}

test('docs/ci has the learn and code-scanning workflows, both linked from the README', () => {
  assert.equal(workflows, ['code-scanning.yml', 'learn.yml']);
  const readme = readFileSync(README, 'utf8');
  for (const name of workflows) assert.ok(readme.includes(`(docs/ci/${name})`), name);
  const learn = readFileSync(join(CI, 'learn.yml'), 'utf8');
  assert.match(learn, /fetch-depth: 0/, 'learn needs the whole history');
  assert.match(learn, /add-paths: \|\n\s+\.attractor\/rules\n\s+docs\/rules\n/);
  assert.match(readFileSync(join(CI, 'code-scanning.yml'), 'utf8'), /security-events: write/);
});

test('every attractor-lint command in the workflows runs (exit 0 or 1, never a usage error)', () => {
  const repo = projectRepo({ 'bad.py': "STRIPE_API_KEY = 'sk_live_51HqPz2KcR8vT3mXn9bWq'\n" });
  try {
    repo.write('fix.py', 'def f(x):\n    if x == None:\n        return 0\n');
    repo.commit('add f');
    repo.write('fix.py', 'def f(x):\n    if x is None:\n        return 0\n');
    repo.commit('fix: compare with None using is');
    const all = workflows.flatMap((name) => commands(readFileSync(join(CI, name), 'utf8')).map((args) => ({ name, args })));
    assert.equal(all.map(({ args }) => args[0]), ['check', 'learn', 'test', 'docs']);
    for (const { name, args } of all) {
      const run = cli(repo.dir, args);
      assert.ok(run.code === 0 || run.code === 1, `${name}: attractor-lint ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
      if (args.includes('sarif')) {
        const sarif = JSON.parse(run.stdout) as { version: string; runs: { results: { ruleId: string }[] }[] };
        assert.is(sarif.version, '2.1.0');
        assert.ok(sarif.runs[0]?.results.some((r) => r.ruleId === 'hardcoded-secret'));
      }
    }
  } finally {
    repo.cleanup();
  }
});

test.run();
