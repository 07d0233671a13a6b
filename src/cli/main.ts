#!/usr/bin/env node
import { askServer, servable } from '../server/ask-server.js';
import { run } from './run.js';

const io = {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
};

const argv = process.argv.slice(2);

// A check server of this repository (`attractor-lint server start`) answers read-only checks from
// a warm process; without one, or when it does not answer, the check runs here.
const served = servable(argv) && io.env.ATTRACTOR_LINT_SERVER !== '0' ? await askServer({ op: 'check', argv, cwd: io.cwd, env: io.env, isTTY: io.isTTY }) : undefined;
if (served && 'code' in served) {
  process.stderr.write(served.stderr);
  process.stdout.write(served.stdout);
  process.exitCode = served.code;
} else run(argv, io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`attractor-lint: internal error (please report it)\n${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
