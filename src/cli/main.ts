#!/usr/bin/env node
import { askServer, servable } from '../server/ask-server.js';

// The entry of `attractor-lint`. Built twice: by tsc as dist/cli/main.js (ESM), and bundled by
// scripts/build-bin.mjs as dist/cli/bin.cjs, the package's `bin`: one CommonJS file of Node
// built-ins, which Node starts about 25 ms sooner than this module graph, so that a check answered
// by the check server costs little more than Node's own start. Either loads the CLI (`run.js`)
// only when it runs the command itself.

const io = {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
};

const argv = process.argv.slice(2);

function internalError(error: unknown): void {
  process.stderr.write(`attractor-lint: internal error (please report it)\n${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 2;
}

function runHere(): Promise<void> {
  return import('./run.js').then(({ run }) => run(argv, io)).then((code) => {
    process.exitCode = code;
  });
}

// A check server of this repository (`attractor-lint server start`) answers read-only checks from
// a warm process; without one, or when it does not answer, the check runs here.
const asked = servable(argv) && io.env.ATTRACTOR_LINT_SERVER !== '0' ? askServer({ op: 'check', argv, cwd: io.cwd, env: io.env, isTTY: io.isTTY }) : Promise.resolve(undefined);
asked
  .then((served) => {
    if (!served || !('code' in served)) return runHere();
    process.stderr.write(served.stderr);
    process.stdout.write(served.stdout);
    process.exitCode = served.code;
    return undefined;
  })
  .catch(internalError);
