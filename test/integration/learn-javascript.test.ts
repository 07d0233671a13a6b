import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempRepo } from '../helpers/temp-repo.js';

const handler = (name: string, awaited: boolean) => `export async function ${name}(req, res) {
  const user = ${awaited ? 'await ' : ''}loadUser(req.params.id);
  res.json({ name: user.name });
}
`;

test('learn works for JavaScript through the same pipeline: a helper that must be awaited', () => {
  const repo = tempRepo();
  try {
    repo.write('src/db.js', 'export async function loadUser(id) {\n  return { id, name: "user" };\n}\n');
    for (const name of ['profile', 'settings', 'orders', 'billing']) repo.write(`src/${name}.js`, `import { loadUser } from './db.js';\n\n${handler(`${name}Handler`, false)}`);
    repo.commit('Add handlers');
    for (const [i, name] of ['profile', 'settings', 'orders'].entries()) {
      repo.write(`src/${name}.js`, `import { loadUser } from './db.js';\n\n${handler(`${name}Handler`, true)}`);
      repo.git('add', '-A');
      repo.git('-c', 'user.name=Dev', '-c', `user.email=dev${i}@example.com`, 'commit', '-q', '-m', `Fix ${name} handler returning a promise instead of the user (#${10 + i})`);
    }
    const learned = runCli(['learn', '--json', '--threshold', '0.3'], { cwd: repo.dir });
    assert.is(learned.code, 0, learned.stderr);
    const rulesDir = join(repo.dir, '.attractor', 'rules');
    const rules = readdirSync(rulesDir).filter((f) => !f.startsWith('_')).map((f) => JSON.parse(readFileSync(join(rulesDir, f), 'utf8')));
    assert.is(rules.length, 1);
    assert.is(rules[0].language, 'javascript');
    assert.match(rules[0].query, /"loadUser"/);
    // The one handler never fixed is flagged, and the fix adds the await.
    const check = runCli(['check', 'src/billing.js', '--no-builtin', '--format', 'json'], { cwd: repo.dir });
    const findings = JSON.parse(check.stdout).findings;
    assert.is(findings.length, 1);
    assert.is(findings[0].line, 4);
    assert.match(findings[0].fix.text, /await loadUser\(req\.params\.id\)/);
  } finally {
    repo.cleanup();
  }
});

test.run();
