/** One change `init` makes, described before it is made (so `--dry-run` can print the same list). */
export interface InitStep {
  /** What it does, e.g. `add the attractor-lint block to .husky/pre-commit`. */
  what: string;
  /** Makes the change; a returned string is printed after the step (a short result). */
  run(): void | string | Promise<void | string>;
}

export interface InitPlan {
  /** How the hook reaches attractor-lint, for the report's first line. */
  via: string;
  steps: InitStep[];
  /** What the user should know or do by hand. */
  notes: string[];
  /** What init would not do, and why (init then exits 1). */
  refusals: string[];
}
