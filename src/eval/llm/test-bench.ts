import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempWorktree } from '../../git/temp-worktree.js';
import { commandPasses } from '../../learn/verify-fixes.js';
import type { HeldOutFile } from '../read-window.js';

/** The outcome of a candidate under `--verify`: null when the case has no test the fix turned green. */
export type TestOutcome = 'pass' | 'fail' | 'timeout' | null;

/**
 * `eval --llm --verify CMD`: one temporary worktree (removed by `close`, or on Ctrl-C) in which a
 * case's fix commit is checked out, so its own tests are there, and the fixed file is replaced by
 * the version to try. A case is testable when CMD fails with the file as it was before the fix and
 * passes with the developer's fix (the tests the fix turned green); then each candidate is run
 * the same way. Every run is limited to `timeoutMs`. Nothing is written outside the worktree.
 */
export class TestBench {
  private readonly tree: ReturnType<typeof tempWorktree>;
  private readonly testable = new Map<string, boolean | 'timeout'>();

  constructor(root: string, private readonly command: string, private readonly timeoutMs: number) {
    this.tree = tempWorktree(root);
  }

  private run(file: HeldOutFile, text: string): boolean | 'timeout' {
    this.tree.checkout(file.commit);
    writeFileSync(join(this.tree.dir, file.path), text);
    return commandPasses(this.command, this.tree.dir, this.timeoutMs);
  }

  /** Whether the fix turned CMD green (red with the old file, green with the fix); asked once per case. */
  redToGreen(file: HeldOutFile): boolean | 'timeout' {
    const key = `${file.commit}:${file.path}`;
    let known = this.testable.get(key);
    if (known === undefined) {
      const red = this.run(file, file.before);
      const green = red === 'timeout' ? 'timeout' : this.run(file, file.after);
      known = red === 'timeout' || green === 'timeout' ? 'timeout' : !red && green;
      this.testable.set(key, known);
    }
    return known;
  }

  /** CMD with `candidate` (the whole file) in place of the fixed file: null when the case is not testable. */
  outcome(file: HeldOutFile, candidate: string | undefined): TestOutcome {
    if (this.redToGreen(file) !== true) return null;
    if (candidate === undefined) return 'fail';
    const passed = this.run(file, candidate);
    return passed === 'timeout' ? 'timeout' : passed ? 'pass' : 'fail';
  }

  close(): void {
    this.tree.remove();
  }
}
