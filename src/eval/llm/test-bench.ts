import { lstatSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempWorktree } from '../../git/temp-worktree.js';
import { commandPasses } from '../../learn/verify-fixes.js';
import type { HeldOutFile } from '../read-window.js';

/** The outcome of a candidate under `--verify`: null when the case has no test the fix turned green. */
export type TestOutcome = 'pass' | 'fail' | 'timeout' | null;

type Run = boolean | 'timeout' | 'interrupted';

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

  private run(file: HeldOutFile, text: string): Run {
    this.tree.checkout(file.commit);
    const path = join(this.tree.dir, file.path);
    // A tracked symbolic link would be written through, outside the worktree: no such case is run.
    if (lstatSync(path, { throwIfNoEntry: false })?.isFile() !== true) return false;
    writeFileSync(path, text);
    return commandPasses(this.command, this.tree.dir, this.timeoutMs);
  }

  /**
   * Whether the fix turned CMD green (red with the old file, green with the fix); asked once per
   * case. A run interrupted by a signal counts as neither (the run is ending).
   */
  redToGreen(file: HeldOutFile): boolean | 'timeout' {
    const key = `${file.commit}:${file.path}`;
    let known = this.testable.get(key);
    if (known === undefined) {
      const red = this.run(file, file.before);
      const green = red === 'timeout' || red === 'interrupted' ? red : this.run(file, file.after);
      known = red === 'timeout' || green === 'timeout' ? 'timeout' : red === 'interrupted' || green === 'interrupted' ? false : !red && green;
      this.testable.set(key, known);
    }
    return known;
  }

  /** CMD with `candidate` (the whole file) in place of the fixed file: null when the case is not testable. */
  outcome(file: HeldOutFile, candidate: string | undefined): TestOutcome {
    if (this.redToGreen(file) !== true) return null;
    if (candidate === undefined) return 'fail';
    const passed = this.run(file, candidate);
    return passed === 'timeout' ? 'timeout' : passed === true ? 'pass' : 'fail';
  }

  close(): void {
    this.tree.remove();
  }
}
