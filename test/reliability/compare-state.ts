import type { RepoSnapshot } from './repo-snapshot.js';

export interface ExpectedState {
  index: Map<string, string>;
  files: Map<string, Buffer | string>;
  gitState: Map<string, string>;
  submodules: Map<string, string>;
  untracked: string[];
}

export interface Comparison {
  problems: string[];
  /** Bytes of expected content (working-tree files, staged blobs) missing or different after the run. */
  bytesLost: number;
}

const show = (value: Buffer | string | undefined): string => {
  if (value === undefined) return 'absent';
  if (typeof value === 'string') return value;
  const text = value.toString('utf8');
  return text.length > 400 ? `${JSON.stringify(text.slice(0, 400))}... (${value.length} bytes)` : JSON.stringify(text);
};

const same = (a: Buffer | string | undefined, b: Buffer | string | undefined): boolean =>
  Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b;

/**
 * Differences between the state after a run and the state expected, path by path. `blobSize`
 * gives the size of an expected index blob, so a wrong index entry counts its bytes as lost.
 */
export function compareState(label: string, actual: RepoSnapshot, expected: ExpectedState, blobSize: (id: string) => number): Comparison {
  const problems: string[] = [];
  let bytesLost = 0;
  for (const path of new Set([...expected.index.keys(), ...actual.index.keys()])) {
    const want = expected.index.get(path);
    const got = actual.index.get(path);
    if (want === got) continue;
    problems.push(`${label}: index ${JSON.stringify(path)}: expected ${want ?? 'absent'}, got ${got ?? 'absent'}`);
    const blob = want?.split(' ')[1];
    if (blob && !want?.startsWith('160000')) bytesLost += blobSize(blob);
  }
  for (const path of new Set([...expected.files.keys(), ...actual.files.keys()])) {
    const want = expected.files.get(path);
    const got = actual.files.get(path);
    if (same(want, got)) continue;
    problems.push(`${label}: working tree ${JSON.stringify(path)}: expected ${show(want)}, got ${show(got)}`);
    bytesLost += want === undefined ? 0 : Buffer.byteLength(want);
  }
  for (const name of new Set([...expected.gitState.keys(), ...actual.gitState.keys()])) {
    if (expected.gitState.get(name) !== actual.gitState.get(name)) problems.push(`${label}: ${name}: expected ${expected.gitState.get(name) ?? 'absent'}, got ${actual.gitState.get(name) ?? 'absent'}`);
  }
  for (const path of new Set([...expected.submodules.keys(), ...actual.submodules.keys()])) {
    if (expected.submodules.get(path) !== actual.submodules.get(path)) problems.push(`${label}: submodule ${path} changed (HEAD or index)`);
  }
  if (expected.untracked.join('\0') !== actual.untracked.join('\0')) problems.push(`${label}: untracked files: expected ${JSON.stringify(expected.untracked)}, got ${JSON.stringify(actual.untracked)}`);
  return { problems, bytesLost };
}
