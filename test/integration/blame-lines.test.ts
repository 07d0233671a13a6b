import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blameLines, blameLinesSync } from '../../src/git/blame-lines.js';
import { introductionsOf } from '../../src/eval/introductions.js';
import { diffLines } from '../../src/mine/diff-lines.js';
import { tempRepo } from '../helpers/temp-repo.js';

test('blame -w: a re-indented line keeps its introducing commit, the root commit counts, a missing path blames nothing', async () => {
  const repo = tempRepo();
  try {
    repo.write('m.py', 'def f(x):\n    y = x + 1\n    return y\n');
    const root = repo.commit('Add f');
    repo.write('m.py', 'def f(x):\n        y = x + 1\n    return y\n');
    repo.commit('Re-indent');
    repo.write('m.py', 'def f(x):\n        y = x + 1\n    return y * 2\n');
    const changed = repo.commit('Double it');
    const time = (sha: string) => Number(repo.git('log', '-1', '--format=%ct', sha).trim());
    const blamed = await blameLines(repo.dir, 'HEAD', 'm.py', [2, 3]);
    assert.equal(blamed.get(2), { commit: root, path: 'm.py', line: 2, time: time(root) });
    assert.equal(blamed.get(3), { commit: changed, path: 'm.py', line: 3, time: time(changed) });
    assert.is((await blameLines(repo.dir, 'HEAD', 'gone.py', [1])).size, 0);
    // The synchronous form, of the working tree: the same answers, and an uncommitted line is blamed on no commit.
    repo.write('m.py', 'def f(x):\n        y = x + 1\n    return y * 3\n');
    const now = blameLinesSync(repo.dir, undefined, 'm.py', [2, 3]);
    assert.equal(now.get(2), blamed.get(2));
    assert.match(now.get(3)?.commit ?? '', /^0+$/);
    assert.is(blameLinesSync(repo.dir, 'HEAD', 'gone.py', [1]).size, 0);
  } finally {
    repo.cleanup();
  }
});

test('introductions of a fix: the lines it changed, by the commit and path that introduced them, comments skipped', async () => {
  const repo = tempRepo();
  try {
    repo.write('a.py', 'import os\n\n\ndef g(p):\n    return open(p).read()\n');
    repo.commit('Add g');
    repo.git('mv', 'a.py', 'b.py');
    repo.write('b.py', 'import os\n\n\ndef g(p):\n    # read it\n    return open(p).read()\n');
    const moved = repo.commit('Move g to b.py, with a comment');
    const before = 'import os\n\n\ndef g(p):\n    # read it\n    return open(p).read()\n';
    const after = 'import os\n\n\ndef g(p):\n    # read it, closing the file\n    with open(p) as f:\n        return f.read()\n';
    const hunks = diffLines(before.split('\n'), after.split('\n'));
    const found = await introductionsOf(repo.dir, 'HEAD', 'b.py', 'python', before, hunks);
    // The comment line (5) is skipped; line 6 came from a.py:5 of the first commit (blame follows the move).
    assert.is(found.length, 1);
    assert.is(found[0]?.path, 'a.py');
    assert.equal([...(found[0]?.lines ?? [])], [5]);
    assert.is.not(found[0]?.commit, moved);
  } finally {
    repo.cleanup();
  }
});

test.run();
