import { shellQuote } from '../shared/shell-quote.js';

export const BLOCK_BEGIN = '# >>> attractor-lint >>>';
export const BLOCK_END = '# <<< attractor-lint <<<';

/**
 * What a blocked commit prints after the findings (the same lines as hooks/pre-commit): where the
 * rule id is, and the three ways on: fix, suppress one line, skip once.
 */
export const BLOCKED_HINT = [
  'attractor-lint: commit blocked by the errors above (each ends with the id of the rule that fired).',
  '  fix what the rules can fix:  attractor-lint check --staged --fix',
  '  allow one line:  # attractor-lint: disable-next-line RULE  (Python)  or  // attractor-lint-disable-next-line RULE  (JS/TS)',
  '  skip the check once:  ATTRACTOR_LINT=0 git commit ...',
];

export interface HookBlockOptions {
  /** The CLI that ran init, as a last resort (left out of hooks that are committed, such as `.husky/pre-commit`). */
  fallback?: { node: string; script: string };
}

/**
 * The lines `init` adds to a pre-commit hook, between markers so a later `init` can find and
 * rewrite them and nothing else. Safe to append to an existing script (no `exec`, prefixed names)
 * and to run under `sh -e` (husky). The linter is found in `./node_modules/.bin` (git runs hooks at
 * the top level), then on PATH, then at the path init ran from; when none is there it says how to
 * install it and fails, since a hook that quietly passes checks nothing.
 */
export function hookBlock(options: HookBlockOptions = {}): string {
  const { fallback } = options;
  const where = fallback ? `./node_modules/.bin, on PATH or at ${fallback.script}` : './node_modules/.bin or on PATH';
  const missing = `attractor-lint: not found in ${where}; run "npm install --save-dev attractor-lint" (then "attractor-lint init" again), or commit with ATTRACTOR_LINT=0 to skip this check`;
  const lines = [
    BLOCK_BEGIN,
    '# Added by `attractor-lint init`, which rewrites only the lines between these two markers.',
    '# ATTRACTOR_LINT=0 skips the check; ATTRACTOR_LINT_BIN is a command line to run instead of the linter.',
    'if [ "${ATTRACTOR_LINT:-}" != 0 ]; then',
    '  if [ -n "${ATTRACTOR_LINT_BIN:-}" ]; then attractor_lint=$ATTRACTOR_LINT_BIN',
    '  elif [ -x ./node_modules/.bin/attractor-lint ]; then attractor_lint=./node_modules/.bin/attractor-lint',
    '  elif command -v attractor-lint >/dev/null 2>&1; then attractor_lint=attractor-lint',
  ];
  if (fallback) {
    lines.push(
      `  elif attractor_lint_node=${shellQuote(fallback.node)} attractor_lint_script=${shellQuote(fallback.script)} &&`,
      '    [ -x "$attractor_lint_node" ] && [ -f "$attractor_lint_script" ]; then attractor_lint=\'"$attractor_lint_node" "$attractor_lint_script"\'',
    );
  }
  lines.push(
    '  else',
    `    echo ${shellQuote(missing)} >&2`,
    '    exit 1',
    '  fi',
    '  eval "$attractor_lint check --staged" || {',
    '    attractor_lint_status=$?',
    '    if [ "$attractor_lint_status" = 1 ]; then',
    ...BLOCKED_HINT.map((line) => `      echo ${shellQuote(line)} >&2`),
    '    fi',
    '    exit "$attractor_lint_status"',
    '  }',
    'fi',
    BLOCK_END,
  );
  return `${lines.join('\n')}\n`;
}
