import { test } from 'uvu';

type Register = typeof test;

/**
 * `test` when `reason` is undefined; otherwise `test.skip`, and each test registered through it
 * prints `skipped: <name> (<reason>)`, which scripts/test.mjs lists after the summary line, so a
 * CI log says what was not run and why.
 */
export function testUnless(reason: string | undefined): Register | Register['skip'] {
  if (reason === undefined) return test;
  return (name: string, handler: Parameters<Register['skip']>[1]) => {
    console.log(`skipped: ${name} (${reason})`);
    test.skip(name, handler);
  };
}
