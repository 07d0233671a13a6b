#!/usr/bin/env node
// Runs the uvu suites under test/ (TypeScript through tsx) and prints the summary line CI reads:
//   tests: N passed, N failed, N skipped
// uvu prints only "Total/Passed/Skipped"; we parse those and also treat a crash as a failure.
// Usage: node scripts/test.mjs [dir-or-pattern]   e.g. node scripts/test.mjs unit (or integration, or reliability:
// the CI subset of the hook-safety, bad-input, history and concurrency suites; `npm run reliability` runs more)
import { spawn } from 'node:child_process';

const [filter] = process.argv.slice(2);
const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
// Tests create their own repositories; git variables of an enclosing hook must not leak into them.
for (const key of Object.keys(env)) if (key.startsWith('GIT_')) delete env[key];

const dir = filter && !filter.includes('.') ? `test/${filter}` : 'test';
const pattern = filter && filter.includes('.') ? filter : '\\.test\\.ts$';
const child = spawn(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', dir, pattern], { env, stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (chunk) => {
  out += chunk;
  process.stdout.write(chunk);
});
child.on('close', (code) => {
  const plain = out.replace(/\u001b\[[0-9;]*m/g, '');
  const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
  const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  if (Number.isNaN(total) || Number.isNaN(passed)) {
    console.log('tests: 0 passed, 1 failed, 0 skipped');
    console.error(`test runner crashed (exit ${code}) before printing a summary`);
    process.exit(1);
  }
  const failed = total - passed;
  // Tests registered through test/helpers/skipped.ts say what was skipped and why.
  const reasons = [...new Set(plain.split('\n').filter((line) => line.startsWith('skipped: ')))];
  if (reasons.length) console.log(`\n${reasons.join('\n')}`);
  if (reasons.length !== skipped) console.log(`(${skipped} skipped in all, ${reasons.length} of them with a reason)`);
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed > 0 || code !== 0 ? 1 : 0);
});
