#!/usr/bin/env node
import { run } from './run.js';

const io = {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
};

run(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`attractor-lint: internal error (please report it)\n${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
