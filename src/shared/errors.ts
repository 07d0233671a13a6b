/**
 * Expected failures carry a code and a one-line message naming the file and field involved.
 * The CLI prints `attractor-lint: <message>` and exits 2; anything else is a bug and shows a stack.
 */
export type ErrorCode =
  | 'bad-config'
  | 'bad-rule'
  | 'bad-args'
  | 'not-a-repo'
  | 'git-failed'
  | 'io'
  | 'locked';

export class AttractorError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AttractorError';
    this.code = code;
  }
}

export function isAttractorError(error: unknown): error is AttractorError {
  return error instanceof AttractorError;
}

/** Formats `file: field: why`, leaving out the parts that are empty. */
export function describeProblem(file: string | undefined, field: string | undefined, why: string): string {
  return [file, field, why].filter((part) => part !== undefined && part !== '').join(': ');
}
