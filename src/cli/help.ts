export const HELP = `attractor-lint: lint rules learned from your repository's own bug fixes

Usage:
  attractor-lint [check] [paths...] [options]   check files (default: the current directory)
  attractor-lint test [rule ids...]             run the rules' valid/invalid cases and fixes
  attractor-lint baseline [paths...]            record current findings; later checks report only new ones

Check options:
  --staged               check the staged content of the index (pre-commit)
  --rules DIR            rule folder (repeatable); replaces the configured ruleDirs
  --no-builtin           leave out the curated starter pack
  -f, --format FORMAT    stylish (default), json or sarif
  --max-warnings N       exit 1 when there are more than N warnings
  -q, --quiet            report errors only
  -c, --config FILE      use this configuration file instead of searching
  --no-cache             do not read or write .attractor/cache
  --no-baseline          report findings recorded in the baseline too
  -j, --jobs N           worker threads for large runs (default: CPU count)

Exit codes: 0 clean, 1 findings (errors, or warnings over --max-warnings), 2 bad usage, config or rules.
Suppress a finding with "# attractor-lint: disable-next-line RULE" (Python) or
"// attractor-lint-disable-next-line RULE" (JavaScript/TypeScript); disable-line and disable-file work too.
`;
