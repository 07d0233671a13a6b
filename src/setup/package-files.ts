import { fileURLToPath } from 'node:url';

/** A file shipped with attractor-lint (package.json `files`), e.g. `.attractorrc.example`. */
export function packageFile(name: string): string {
  return fileURLToPath(new URL(`../../${name}`, import.meta.url));
}

/** How to start the CLI that is running now: its Node binary and its entry (`bin.cjs`, the package's `bin`), both absolute. */
export function runningCli(): { node: string; script: string } {
  return { node: process.execPath, script: fileURLToPath(new URL('../cli/bin.cjs', import.meta.url)) };
}
