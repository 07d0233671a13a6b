/** Why a commit is (or is not) taken as a bug fix, from its message alone. */
export interface MessageSignal {
  isFix: boolean;
  /** 0..1: keywords and issue references add up. */
  weight: number;
  reasons: string[];
}

const FIX_WORDS = /\b(fix(?:e[sd]|ing)?|bug(?:s|fix)?|hotfix|crash(?:es|ed|ing)?|error|exception|regression|typo|fault|defect|broken|incorrect(?:ly)?|wrong|mistake|leak|race|deadlock|hang(?:s|ing)?|repair(?:ed)?|resolve[sd]?|correct(?:s|ed)?|prevent(?:s)?|avoid(?:s)?)\b/i;
const CLOSING_REF = /\b(?:fix(?:e[sd])?|close[sd]?|resolve[sd]?)\s*:?\s*(?:[\w.-]+\/[\w.-]+)?#\d+/i;
const ISSUE_REF = /(?:^|[\s(])(?:#\d+|GH-\d+|gh-\d+|[A-Z][A-Z0-9]+-\d+)\b/;
/** Commits that are never fixes however they are worded. */
const NOT_FIX = /^(?:Revert\b|Merge\b|Bump\b|Release\b|v?\d+\.\d+(?:\.\d+)?\s*$|chore\(deps\)|build\(deps\))/i;
const STYLE_ONLY = /\b(format(?:ting)?|reformat|lint(?:ing)?|whitespace|style|prettier|black|isort|flake8|pep ?8|quote[ -]style)\b/i;

/** GitHub squash merges end the subject with the pull request number, "Add export (#45)": not an issue. */
function withoutPullRequestNumber(message: string): string {
  const [subject = '', ...rest] = message.split('\n');
  return [subject.replace(/\s*\(#\d+\)\s*$/, ''), ...rest].join('\n');
}

/**
 * Classifies a commit message. Keywords (fix, bug, crash, error, regression, typo...) make a
 * candidate; closing references (`fixes #12`) and issue ids (#123, GH-12, JIRA-123) add weight.
 * Reverts, merges, version bumps and pure style sweeps are never fixes.
 */
export function classifyMessage(message: string): MessageSignal {
  const subject = message.split('\n')[0] ?? '';
  const reasons: string[] = [];
  if (NOT_FIX.test(subject)) return { isFix: false, weight: 0, reasons: ['revert, merge, release or dependency bump'] };
  if (STYLE_ONLY.test(subject) && !/\b(bug|crash|error|regression)\b/i.test(subject)) return { isFix: false, weight: 0, reasons: ['style or formatting sweep'] };
  let weight = 0;
  const keyword = FIX_WORDS.exec(message);
  if (keyword) {
    weight += FIX_WORDS.test(subject) ? 0.6 : 0.3;
    reasons.push(`says "${keyword[0].toLowerCase()}"`);
  }
  if (CLOSING_REF.test(message)) {
    weight += 0.4;
    reasons.push('closes an issue');
  } else if (ISSUE_REF.test(withoutPullRequestNumber(message))) {
    weight += 0.3;
    reasons.push('references an issue');
  }
  return { isFix: weight >= 0.3, weight: Math.min(1, weight), reasons };
}

const TEST_PATH = /(?:^|\/)(?:tests?|__tests__|spec|specs|testing)\/|^t\/|(?:^|\/)(?:test_[^/]*|[^/]*_tests?|conftest)\.py$|\.(?:test|spec)\.[cm]?[jt]sx?$/i;

/** Whether a path looks like test code (tests/, a top-level t/, test_*.py, *_test.py, *.test.ts, *.spec.js ...). */
export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}

/** Other projects' code (vendored copies, bundles, build output) and generated code: never mined. */
const VENDORED_PATH = /(?:^|\/)(?:node_modules|vendor|vendored|_vendor|third_party|thirdparty|extern|dist|build|generated|__generated__)\/|\.min\.js$|_pb2(?:_grpc)?\.py$|\.generated\.[cm]?[jt]s$/;

/** Whether a path is another project's code kept in this repository (`vendor/`, `third_party/` ...) or generated code. */
export function isVendoredPath(path: string): boolean {
  return VENDORED_PATH.test(path);
}
