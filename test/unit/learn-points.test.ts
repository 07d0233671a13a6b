import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { landingPositions, planLearnPoints } from '../../src/eval/learn-points.js';
import { sampleIndices } from '../../src/eval/sample.js';

// First-parent line f0..f9 (cut at f3); a branch b1 <- b2 forked at f4 and merged by f6.
const firstParent = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9'];
const parents = new Map<string, string[]>([
  ['f4', ['f3']],
  ['f5', ['f4']],
  ['b1', ['f4']],
  ['b2', ['b1']],
  ['f6', ['f5', 'b2']],
  ['f7', ['f6']],
  ['f8', ['f7']],
  ['f9', ['f8']],
]);

test('a merged branch lands with its merge; the cut and earlier commits have no landing', () => {
  const landing = landingPositions(firstParent, 3, parents);
  assert.is(landing.get('f4'), 4);
  assert.is(landing.get('b1'), 6);
  assert.is(landing.get('b2'), 6);
  assert.is(landing.get('f9'), 9);
  assert.is(landing.get('f3'), undefined);
});

test('K segments: learn points at the cut and at each segment start; a commit is judged by the newest point before it landed', () => {
  const plan = planLearnPoints(firstParent, 3, parents, 2);
  // Window f4..f9 (6 commits): segments f4..f6 and f7..f9; the second is learned at f6.
  assert.equal(plan.points, [{ commit: 'f3', position: 3 }, { commit: 'f6', position: 6 }]);
  assert.is(plan.pointFor('f4'), 0);
  assert.is(plan.pointFor('b2'), 0, 'a branch commit merged by f6 was not in the history f6 learned from before it landed');
  assert.is(plan.pointFor('f6'), 0, 'f6 itself is not judged by the pack learned at f6');
  assert.is(plan.pointFor('f7'), 1);
  assert.is(plan.pointFor('f1'), 0, 'before the cut: the cut\'s pack');
  assert.is(planLearnPoints(firstParent, 3, parents, 1).points.length, 1, '--refresh 1 is the single cut');
  assert.is(planLearnPoints(firstParent, 3, parents, 50).points.length, 6, 'at most one point per window commit');
});

test('each: a point before each fix landed, so each fix is judged by the pack of its first-parent predecessor', () => {
  const plan = planLearnPoints(firstParent, 3, parents, 'each', ['f5', 'b2', 'f9']);
  assert.equal(plan.points.map((p) => p.commit), ['f3', 'f4', 'f5', 'f8']);
  assert.is(plan.points[plan.pointFor('f5')]?.commit, 'f4');
  assert.is(plan.points[plan.pointFor('b2')]?.commit, 'f5', 'the branch fix: the main line just before its merge');
  assert.is(plan.points[plan.pointFor('f9')]?.commit, 'f8');
});

test('a seeded sample is the same for the same seed, different for another, and everything when small', () => {
  const a = sampleIndices(1000, 300, 1);
  assert.is(a.length, 300);
  assert.is(new Set(a).size, 300);
  assert.equal(a, [...a].sort((x, y) => x - y));
  assert.equal(sampleIndices(1000, 300, 1), a);
  assert.not.equal(sampleIndices(1000, 300, 2), a);
  assert.equal(sampleIndices(5, 300, 1), [0, 1, 2, 3, 4]);
  assert.equal(sampleIndices(5, 0, 1), [0, 1, 2, 3, 4], '0 means all');
});

test.run();
