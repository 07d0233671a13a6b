/**
 * The web address of a GitHub repository from a remote URL (`https://github.com/o/r.git`,
 * `git@github.com:o/r.git`, `ssh://git@github.com/o/r`); undefined for other hosts.
 */
export function githubUrl(remote: string | undefined): string | undefined {
  if (!remote) return undefined;
  const m = /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/git@|git@|git:\/\/)github\.com[:/]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(remote.trim());
  return m ? `https://github.com/${m[1]}/${m[2]}` : undefined;
}
