#!/usr/bin/env node
// Bundles the CLI's entry (src/cli/main.ts: ask the check server, else load the CLI) into one
// CommonJS file, dist/cli/bin.cjs, the package's `bin`. Node starts a CommonJS file of built-ins
// only about 25 ms sooner than the same code as ES modules, which is most of what a served check
// costs beyond Node's own start. The CLI itself (`./run.js`) stays outside the bundle: it is
// imported from dist/cli/ when the command runs in this process.
import { chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'cli', 'bin.cjs');
await build({
  entryPoints: [join(root, 'src', 'cli', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['./run.js'],
  // `import.meta.url` of the bundled modules (server-address.ts finds the build's files with it):
  // this file's own URL, which sits in dist/cli/ beside main.js.
  define: { 'import.meta.url': '__bin_url' },
  banner: { js: 'const __bin_url = require("node:url").pathToFileURL(__filename).href;' },
  supported: { 'dynamic-import': true },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
