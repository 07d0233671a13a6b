/**
 * A copy of `env` without git's own variables (`GIT_DIR`, `GIT_INDEX_FILE`, ...): for processes that
 * must not act on the repository of the hook that started them.
 */
export function withoutGitVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) if (!key.startsWith('GIT_')) out[key] = value;
  return out;
}
