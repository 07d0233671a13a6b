/**
 * Where `eval --refresh` learns again along the held-out window, and which of those packs each
 * later commit is judged with.
 *
 * Every commit of the window gets a *landing*: the position (on the first-parent history) of the
 * first-parent commit that brought it in, itself for a first-parent commit, its merge for a commit
 * of a merged branch. Packs are learned at first-parent commits; a commit is judged with the pack of
 * the newest learn point that landed strictly before it, so no pack has seen the commit it judges
 * (nor anything after it). Commits before the cut are judged with the cut's pack.
 */
export type RefreshMode = number | 'each';

export interface LearnPoint {
  commit: string;
  /** Position on the first-parent history (0-based). */
  position: number;
}

export interface LearnPlan {
  points: LearnPoint[];
  /** Index into `points` of the pack that judges `commit`. */
  pointFor(commit: string): number;
  /** First-parent position at which `commit` landed; undefined before the cut (or outside the window). */
  landing(commit: string): number | undefined;
}

/**
 * Landing positions of the window's commits: walks the merged side of each first-parent commit,
 * oldest first, so a commit merged twice lands at its first merge. `parents` covers `cut..head`.
 */
export function landingPositions(firstParent: string[], cutIndex: number, parents: Map<string, string[]>): Map<string, number> {
  const landing = new Map<string, number>();
  for (let position = cutIndex + 1; position < firstParent.length; position++) {
    const commit = firstParent[position] as string;
    landing.set(commit, position);
    const stack = (parents.get(commit) ?? []).slice(1);
    while (stack.length) {
      const next = stack.pop() as string;
      if (landing.has(next) || !parents.has(next)) continue;
      landing.set(next, position);
      stack.push(...(parents.get(next) as string[]));
    }
  }
  return landing;
}

/**
 * The learn points: the cut, then the start of each of `mode` equal segments of the window's
 * first-parent commits (`mode` 1 is the single cut), or, with `each`, the first-parent commit before
 * each of `fixes` landed (its parent, for a fix on the first-parent line), as the post-merge hook
 * would learn.
 */
export function planLearnPoints(firstParent: string[], cutIndex: number, parents: Map<string, string[]>, mode: RefreshMode, fixes: string[] = []): LearnPlan {
  const landing = landingPositions(firstParent, cutIndex, parents);
  const window = firstParent.length - 1 - cutIndex;
  const positions = new Set<number>([cutIndex]);
  if (mode === 'each') {
    for (const fix of fixes) {
      const at = landing.get(fix);
      if (at !== undefined) positions.add(at - 1);
    }
  } else {
    const segments = Math.max(1, Math.min(Math.floor(mode), window));
    for (let j = 1; j < segments; j++) positions.add(cutIndex + Math.floor((j * window) / segments));
  }
  const points = [...positions].sort((a, b) => a - b).map((position) => ({ commit: firstParent[position] as string, position }));
  const pointFor = (commit: string): number => {
    const at = landing.get(commit);
    if (at === undefined) return 0;
    // The newest point strictly before the landing (binary search; points are sorted).
    let lo = 0;
    let hi = points.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((points[mid] as LearnPoint).position < at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return { points, pointFor, landing: (commit) => landing.get(commit) };
}
