/**
 * The entry for a `.pre-commit-config.yaml` that runs the attractor-lint already installed here
 * (`language: system`: nothing to download or build). The same hook from the attractor-lint
 * repository (`.pre-commit-hooks.yaml`, `language: node`) makes pre-commit install it itself.
 */
export const PRE_COMMIT_SNIPPET = `  - repo: local
    hooks:
      - id: attractor-lint
        name: attractor-lint
        entry: attractor-lint check --diff HEAD
        language: system
        types_or: [python, pyi, javascript, jsx, ts, tsx]
        require_serial: true
`;
