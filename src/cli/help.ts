export const HELP = `attractor-lint: lint rules learned from your repository's own bug fixes

Usage:
  attractor-lint [check] [paths...] [options]   check files (default: the current directory)
  attractor-lint test [rule ids...]             run the rules' valid/invalid cases and fixes
  attractor-lint baseline [paths...]            record current findings; later checks report only new ones
  attractor-lint learn [options]                mine the git history into rules (.attractor/rules/)
  attractor-lint explain RULE                   show a rule, its resonance and the fixes behind it
  attractor-lint eval [--split 0.8] [--refresh 5|each] [--llm] [--json]
                                               learn up to a cut and again along the window; recall on later
                                               fixes, at introduction, hook and tree noise, peer baselines;
                                               --llm: the local model on those fixes, with and without <consider>
  attractor-lint init [--dry-run] [--no-learn] [--post-commit]
                                               install the pre-commit hook (husky, lint-staged or git), config, first learn;
                                               --post-commit also learns after each commit, in the background
  attractor-lint doctor                         check that the hook will run, tree-sitter, config, rules and Ollama
  attractor-lint docs [--out DIR]               write one Markdown page per rule (default docs/rules/)
  attractor-lint server start|stop|status|run [--idle MINUTES]
                                               a warm check process for this repository: while it runs,
                                               checks (and the hook) are answered by it; without it, or when
                                               it does not answer, they run as before (ATTRACTOR_LINT_SERVER=0: never use it)
  attractor-lint lsp [--stdio]                  a language server for editors (docs/editors.md): the check's findings
                                               as you type, fixes and suppressions as code actions, rules on hover
  attractor-lint mcp                            an MCP server for coding agents (docs/agents.md): check, fix, explain,
                                               consider and learn_status tools on this repository; read-only

Check options:
  --staged               check the staged content of the index (pre-commit)
  --diff REF             check the files changed since the merge base of REF and HEAD, as they are
                         on disk (CI: --diff origin/main); new-code-only rules report only on the
                         lines the change adds or modifies (with --staged: the staged lines)
  --no-siblings          with --staged/--diff: do not look for sites the change left as they were
                         (sibling-of-staged-edit, info; "rules" in .attractorrc sets its severity or off)
  -v, --verbose          with --staged/--diff: say which edits the sibling search left out, and why
  --all-findings         also list new-code-only rules' legacy findings (elsewhere they are only counted)
  --rules DIR            rule folder (repeatable); replaces the configured ruleDirs
  --no-builtin           leave out the curated starter pack
  -f, --format FORMAT    stylish (default), json or sarif
  --max-warnings N       exit 1 when there are more than N warnings
  -q, --quiet            report errors only
  -c, --config FILE      use this configuration file instead of searching
  --no-cache             do not read or write .attractor/cache
  --no-baseline          report findings recorded in the baseline too
  -j, --jobs N           worker threads for large runs (default: CPU count)

Fix options (with check; \`attractor-lint --fix\` is \`check --fix\`):
  --fix                  apply verified fixes (with --staged: to the index, merged into the working tree)
  --fix-dry-run          print the fixes as a unified diff; change nothing
  --fix-type safe|all    all (default), or only fixes that keep the code's meaning
  --llm                  ask the local model (Ollama, see llm in .attractorrc) for findings no template fixes

Learn options:
  --rev REV              history to walk (default HEAD)     --since DATE   only commits after DATE
  --max-commits N        stop after N commits               --out DIR      write the rules here
  --min-support N        distinct fix commits a pattern needs (default 2)
  --threshold X          resonance (0..1) a pattern needs to become a rule (default 0.5)
  --test-reports DIR     JUnit XML per commit (DIR/<sha>.xml or DIR/<sha>/*.xml) as test evidence
  --verify "CMD"         run CMD at each clustered fix and its parent; failing -> passing is evidence
                         (--verify-timeout SECONDS per run, default 120; --verify-max N commits, default 20)
  --full                 walk and re-score the whole history (default: only commits since the last run)
  --json                 print a summary as JSON

Eval options (and --min-support, --threshold, --json above):
  --split X              where to cut the first-parent history (default 0.8)
  --refresh K|each       learn at the cut and at K-1 more points of the window, or before each fix (default 5)
  --hook-commits N       window commits the hook view samples (default 300; --seed N)
  --sweep X,Y,...        also score the pack at these thresholds (one learn, rules filtered)
  --siblings             replay the window's commits as staged changes: sibling findings per 100
                         commits, confirmed when a later commit made the same edit (--commits N, --seed N)
  --what-if              also score the candidates learn refused, by reason (hits gained, noise added)
  --no-builtin           leave out the curated pack (scored alone and with the learned rules)
  --no-baseline          do not run the peer linters (pyflakes; ESLint's recommended set on JavaScript)
  --llm                  ask the local model (llm in .attractorrc) to fix the held-out fixes the pack flags,
                         baseline arm (no <consider>, no API seeded, one try) against enhanced (what --fix --llm
                         sends), in a seeded order; per arm and the lift with bootstrap 95% intervals
                         (docs/llm-evaluation.md). With --llm: --model NAME, --limit N (seeded sample),
                         --all-fixes (also every unflagged single-hunk fix, its lines given), --seed N,
                         --verify "CMD" (run the tests the fix turned green on each verified answer, in a
                         temporary worktree: this runs model-written code; --verify-timeout SECONDS, default 120)

Exit codes: 0 clean, 1 findings (errors, or warnings over --max-warnings), 2 bad usage, config or rules.
Suppress a finding with "# attractor-lint: disable-next-line RULE" (Python) or
"// attractor-lint-disable-next-line RULE" (JavaScript/TypeScript); disable-line and disable-file work too.
`;
