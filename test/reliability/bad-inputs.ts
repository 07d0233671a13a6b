// The bad-input corpus: configurations, rule files and queries from test/fixtures/bad/<name>/, and
// inputs too large to commit (generated here at run time). Each case says what the CLI must do:
// its exit code and the one line on stderr naming the file and the field.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLAIN_PATH } from '../helpers/hook-project.js';
import { CLI, gitEnv } from '../helpers/temp-repo.js';
import { runBounded, type BoundedResult } from './run-bounded.js';
import { runGit } from './run-git.js';
import { renameRule } from '../helpers/rename-rule.js';

const FIXTURES = new URL('../fixtures/bad/', import.meta.url).pathname;
const TEST_RULES = ['--no-builtin', '--rules', 'rules'];
/** A valid rule (calls to `old`) for the cases about source files. */
const OLD_RULE = renameRule({ languages: ['python', 'javascript', 'typescript'], message: 'call to old' });

export interface BadInput {
  name: string;
  /** What is wrong, for the table in docs/reliability.md. */
  what: string;
  /** Extra set-up after the fixture folder (if any) is copied in. */
  make?: (dir: string) => void;
  args: string[];
  /** Stage everything and run with --staged (the pre-commit path). */
  staged?: boolean;
  code: number;
  /** Every stderr line, in order (code 2: exactly one). */
  lines: RegExp[];
  /** Another acceptable answer (when the outcome depends on a time budget, hence on the machine's load). */
  or?: { code: number; lines: RegExp[] };
  /** A finding about this behaviour, for the table in docs/reliability.md (the test still checks it). */
  finding?: string;
  /** Left out of `npm test`: it hangs (a finding) or takes too long for CI; `npm run reliability` runs it. */
  notInCi?: 'hangs' | 'slow';
}

const write = (dir: string, path: string, data: string | Buffer): void => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), data);
};
const withRule = (dir: string): void => write(dir, 'rules/renamed-api.json', JSON.stringify(OLD_RULE));
const skipped = (file: string, why: string): RegExp => new RegExp(`^attractor-lint: skipped ${file.replace(/[.[\]()]/g, '\\$&')}: ${why}$`);
const fatal = (text: string): RegExp => new RegExp(`^attractor-lint: ${text}`);

/** 10,000 levels of brackets, one per line (a single line that long is skipped as minified). */
const DEEP_PY = `x = ${'[\n'.repeat(10_000)}${']\n'.repeat(10_000)}old(x)\n`;
const DEEP_JS = `let x = ${'(\n'.repeat(10_000)}1${')\n'.repeat(10_000)};\nold(x);\n`;

export const BAD_INPUTS: BadInput[] = [
  { name: 'config-json-syntax', what: '.attractorrc.json: not valid JSON (unclosed object)', args: [], code: 2, lines: [fatal('\\.attractorrc\\.json: cannot load \\(.+\\)$')] },
  { name: 'config-json-wrong-type', what: '.attractorrc.json: "builtin": "no", "maxFileSize": "10MB"', args: [], code: 2, lines: [fatal('\\.attractorrc\\.json: (builtin|maxFileSize): expected a')] },
  { name: 'config-json-null', what: '.attractorrc.json: `null`', args: [], code: 0, lines: [], finding: 'read as an empty configuration (the defaults), like an empty file' },
  { name: 'config-yaml-syntax', what: '.attractorrc.yaml: unclosed flow sequence', args: [], code: 2, lines: [fatal('\\.attractorrc\\.yaml: cannot load \\(.+\\)$')] },
  { name: 'config-yaml-wrong-type', what: '.attractorrc.yaml: `ruleDirs: 3`', args: [], code: 2, lines: [fatal('\\.attractorrc\\.yaml: ruleDirs: expected a list of strings')] },
  { name: 'config-yaml-tabs', what: '.attractorrc.yml: indented with a tab', args: [], code: 2, lines: [fatal('\\.attractorrc\\.yml: cannot load \\(.+\\)$')] },
  { name: 'config-unknown-key', what: '.attractorrc.json: misspelt key `ruleDir`', args: [], code: 2, lines: [fatal('\\.attractorrc\\.json: ruleDir: unknown key')] },
  { name: 'config-not-utf8', what: '.attractorrc.json with a Latin-1 byte in a glob', args: [], code: 0, lines: [] },
  { name: 'config-rule-dir-missing', what: 'ruleDirs names a folder that does not exist', args: [], code: 2, lines: [fatal('\\.attractorrc\\.json: ruleDirs\\[0\\]: folder not found \\(no-such-folder\\)$')] },
  { name: 'config-rule-dir-is-file', what: 'ruleDirs names a file', args: [], code: 2, lines: [fatal('\\.attractorrc\\.json: ruleDirs\\[0\\]: not a folder \\(')] },
  { name: 'config-is-directory', what: '.attractorrc.json is a folder', make: (d) => mkdirSync(join(d, '.attractorrc.json')), args: [], code: 0, lines: [], finding: 'not taken for a configuration: the defaults apply' },
  { name: 'config-flag-directory', what: '-c names a folder', make: (d) => mkdirSync(join(d, 'conf')), args: ['-c', 'conf'], code: 2, lines: [fatal('conf: ')] },
  { name: 'rule-missing-id', what: 'rule file without `id`', args: TEST_RULES, code: 2, lines: [fatal('rules/no-id\\.json: id: is required')] },
  { name: 'rule-missing-query', what: 'rule file without `query`', args: TEST_RULES, code: 2, lines: [fatal('rules/no-query\\.json: query: is required')] },
  { name: 'rule-missing-cases', what: 'rule file without `cases`', args: TEST_RULES, code: 2, lines: [fatal('rules/no-cases\\.json: cases: expected an object')] },
  { name: 'rule-wrong-type', what: '`language: ["python", 5]`', args: TEST_RULES, code: 2, lines: [fatal('rules/wrong-type\\.json: language')] },
  { name: 'rule-fix-wrong-type', what: '`fix: "new"` (a string, not an object)', args: TEST_RULES, code: 2, lines: [fatal('rules/fix-string\\.json: fix')] },
  { name: 'rule-empty-file', what: 'an empty rule file', args: TEST_RULES, code: 2, lines: [fatal('rules/empty\\.json: not valid JSON')] },
  {
    name: 'rule-bom',
    what: 'a rule file starting with a UTF-8 BOM (and a file it flags)',
    make: (d) => write(d, 'a.py', 'old(1)\n'),
    args: TEST_RULES,
    code: 1,
    lines: [],
  },
  { name: 'rule-not-object', what: 'a rule file holding a JSON string', args: TEST_RULES, code: 2, lines: [fatal('rules/string\\.json: expected an object')] },
  {
    name: 'rule-deep-json',
    what: 'a rule file nested 100,000 levels deep (generated)',
    make: (d) => write(d, 'rules/deep.json', `{"id": "deep", "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
    args: TEST_RULES,
    code: 2,
    lines: [fatal('rules/deep\\.json: ')],
  },
  { name: 'rule-folder-named-json', what: 'a folder named `x.json` among the rules', make: (d) => (withRule(d), mkdirSync(join(d, 'rules/x.json'))), args: TEST_RULES, code: 0, lines: [] },
  { name: 'query-unknown-node', what: 'query names a node type the grammar lacks', args: TEST_RULES, code: 2, lines: [fatal('rules/unknown-node\\.json: query: unknown node type "no_such_node" at line 1, column \\d+')] },
  { name: 'query-syntax', what: 'query with an unclosed parenthesis', args: TEST_RULES, code: 2, lines: [fatal('rules/bad-syntax\\.json: query: syntax error at line \\d+, column \\d+')] },
  { name: 'query-bad-regex', what: '`#match?` with an invalid regular expression', args: TEST_RULES, code: 2, lines: [fatal('rules/bad-regex\\.json: query: ')] },
  { name: 'query-unknown-predicate', what: 'query with a predicate `#frobnicate?`', args: TEST_RULES, code: 2, lines: [fatal('rules/odd-predicate\\.json: query: ')] },
  { name: 'query-predicate-arity', what: '`#eq?` with one argument', args: TEST_RULES, code: 2, lines: [fatal('rules/eq-arity\\.json: query: ')] },
  {
    name: 'query-catastrophic-regex',
    what: '`#match?` with `(a+)+$`, on a line of 5,000 a\'s',
    make: (d) => write(d, 'a.py', `x = "${'a'.repeat(5000)}!"\n`),
    args: TEST_RULES,
    code: 2,
    lines: [fatal('rules/slow-regex\\.json: query: nested quantifier in "\\(a\\+\\)\\+" can take exponential time')],
  },
  {
    name: 'query-overlapping-alternation',
    what: '`#match?` with `(a|aa)+$`, on a line of 5,000 a\'s (generated)',
    make: (d) => {
      const { fix: _, ...rule } = OLD_RULE;
      write(d, 'rules/alt.json', JSON.stringify({ ...rule, id: 'alt-regex', language: 'python', query: '((string (string_content) @match) (#match? @match "(a|aa)+$"))', cases: { invalid: ['x = "aaa"\n'], valid: ['x = "b"\n'] } }));
      write(d, 'a.py', `x = "${'a'.repeat(5000)}!"\n`);
    },
    args: TEST_RULES,
    code: 2,
    // The static check misses overlapping alternation; the probe run when a pack is first
    // validated catches it (it used to hang here until killed).
    lines: [fatal('rules/alt\\.json: query: regular expression .* can take exponential time')],
  },
  { name: 'source-nul', what: 'a .py file with NUL bytes', make: withRule, args: TEST_RULES, code: 0, lines: [skipped('nul.py', 'binary file \\(contains NUL bytes\\)')] },
  { name: 'source-invalid-utf8', what: 'a .py file with a Latin-1 byte', make: withRule, args: TEST_RULES, code: 0, lines: [skipped('latin1.py', 'not valid UTF-8')] },
  { name: 'source-syntax-soup', what: 'a .py file that is mostly syntax errors', make: withRule, args: TEST_RULES, code: 1, lines: [/^attractor-lint: partly checked soup\.py: syntax errors/] },
  { name: 'source-10mb', what: 'a 10 MB .py file (generated)', make: (d) => (withRule(d), write(d, 'big.py', 'x = 1\n'.repeat(1_750_000))), args: TEST_RULES, code: 0, lines: [skipped('big.py', 'larger than 1048576 bytes \\(maxFileSize\\)')] },
  {
    name: 'source-10mb-parsed',
    what: 'the same 10 MB file with maxFileSize raised to 20 MB: parsed',
    make: (d) => (withRule(d), write(d, 'big.py', `${'x = 1\n'.repeat(1_750_000)}old(x)\n`), write(d, '.attractorrc.json', '{"maxFileSize": 20000000}')),
    args: TEST_RULES,
    code: 1,
    lines: [],
    or: { code: 0, lines: [/^attractor-lint: partly checked big\.py: a rule's pattern was too expensive here/] },
    finding: 'over the per-file matching budget (2 s) on a loaded machine: the finding at the end of the file is missed, with a "partly checked" note',
    notInCi: 'slow',
  },
  { name: 'source-minified-line', what: 'a .js file with one 50,000-character line (generated)', make: (d) => (withRule(d), write(d, 'bundle.js', `${'var a=1;'.repeat(6250)}old(a);\n`)), args: TEST_RULES, code: 0, lines: [skipped('bundle.js', 'a line is longer than 20000 characters \\(minified or generated\\)')] },
  { name: 'source-deep-nesting-py', what: 'Python nested 10,000 levels deep (generated)', make: (d) => (withRule(d), write(d, 'deep.py', DEEP_PY)), args: TEST_RULES, code: 1, lines: [] },
  { name: 'source-deep-nesting-js', what: 'JavaScript nested 10,000 levels deep (generated)', make: (d) => (withRule(d), write(d, 'deep.js', DEEP_JS)), args: TEST_RULES, code: 1, lines: [] },
  { name: 'source-deep-nesting-fix', what: 'the same Python, with --fix (the fix is verified by a re-parse)', make: (d) => (withRule(d), write(d, 'deep.py', DEEP_PY)), args: [...TEST_RULES, '--fix'], code: 0, lines: [/^attractor-lint: fixed 1 of 1 findings$/] },
  { name: 'source-directory-named-py', what: 'a folder named `x.py`, named on the command line', make: (d) => (withRule(d), write(d, 'x.py/inner.py', 'old(1)\n')), args: [...TEST_RULES, 'x.py'], code: 1, lines: [] },
  { name: 'source-broken-symlink', what: 'a broken symbolic link `dangling.py`, named on the command line', make: (d) => (withRule(d), symlinkSync('missing.py', join(d, 'dangling.py'))), args: [...TEST_RULES, 'dangling.py'], code: 0, lines: [skipped('dangling.py', 'broken symbolic link')] },
  { name: 'staged-nul', what: 'staged: a .py file with NUL bytes', make: (d) => (withRule(d), cpSync(join(FIXTURES, 'source-nul'), d, { recursive: true })), staged: true, args: TEST_RULES, code: 0, lines: [skipped('nul.py', 'binary file \\(contains NUL bytes\\)')] },
  { name: 'staged-invalid-utf8', what: 'staged: a .py file with a Latin-1 byte', make: (d) => (withRule(d), cpSync(join(FIXTURES, 'source-invalid-utf8'), d, { recursive: true })), staged: true, args: TEST_RULES, code: 0, lines: [skipped('latin1.py', 'not valid UTF-8')] },
  { name: 'staged-10mb', what: 'staged: a 10 MB .py file (generated)', make: (d) => (withRule(d), write(d, 'big.py', 'x = 1\n'.repeat(1_750_000))), staged: true, args: TEST_RULES, code: 0, lines: [skipped('big.py', 'larger than 1048576 bytes \\(maxFileSize\\)')] },
  { name: 'staged-minified-line', what: 'staged: a 50,000-character line (generated)', make: (d) => (withRule(d), write(d, 'bundle.js', `${'var a=1;'.repeat(6250)}old(a);\n`)), staged: true, args: TEST_RULES, code: 0, lines: [skipped('bundle.js', 'a line is longer than 20000 characters \\(minified or generated\\)')] },
  { name: 'staged-deep-nesting', what: 'staged: Python nested 10,000 levels deep (generated)', make: (d) => (withRule(d), write(d, 'deep.py', DEEP_PY)), staged: true, args: TEST_RULES, code: 1, lines: [] },
];

export const LIMIT_MS = 20_000;

/** Runs one case in a fresh repository (the fixture folder copied in), within the time limit. */
export async function runBadInput(c: BadInput): Promise<BoundedResult> {
  const dir = mkdtempSync(join(tmpdir(), `attractor-bad-${c.name}-`));
  try {
    runGit(dir, ['init', '-q', '-b', 'main']);
    if (existsSync(join(FIXTURES, c.name))) cpSync(join(FIXTURES, c.name), dir, { recursive: true });
    c.make?.(dir);
    if (c.staged) runGit(dir, ['add', '-A']);
    const args = [CLI, 'check', ...(c.staged ? ['--staged'] : []), '--no-cache', ...c.args];
    return await runBounded(process.execPath, args, { cwd: dir, env: gitEnv({ PATH: PLAIN_PATH }), limitMs: LIMIT_MS });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What is wrong with a result, by the case's expectations (or its alternative); empty when it behaved. */
export function judgeBadInput(c: BadInput, r: BoundedResult): string[] {
  const problems = judgeAgainst(c, r);
  return problems.length && c.or && !judgeAgainst({ ...c, ...c.or }, r).length ? [] : problems;
}

function judgeAgainst(c: BadInput, r: BoundedResult): string[] {
  const problems: string[] = [];
  if (r.timedOut) return [`no result within ${LIMIT_MS / 1000} s (killed)`];
  const lines = r.stderr.split('\n').filter((line) => line !== '');
  if (r.code !== c.code) problems.push(`exit ${r.code ?? r.signal}, expected ${c.code}`);
  if (/\n\s+at |internal error/.test(r.stderr)) problems.push('stack trace or internal error on stderr');
  if (c.code === 2 && lines.length !== 1) problems.push(`${lines.length} lines on stderr, expected one`);
  const wanted = c.lines.length;
  if (c.code !== 2 && lines.length !== wanted) problems.push(`${lines.length} lines on stderr, expected ${wanted}`);
  c.lines.forEach((pattern, i) => {
    if (!pattern.test(lines[i] ?? '')) problems.push(`stderr line ${i + 1} ${JSON.stringify(lines[i] ?? '')} does not match ${pattern}`);
  });
  return problems.map((p) => `${p}\n  stderr: ${r.stderr.slice(0, 600)}`);
}
