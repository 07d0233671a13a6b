import { test } from 'uvu';
import * as assert from 'uvu/assert';
// The built module: worker threads load dist/learn/extract-worker.js, as the CLI does.
import { learnRepo, type LearnOptions } from '../../dist/learn/learn-repo.js';
// @ts-expect-error: plain JavaScript module shared with the demo
import { buildSampleHistory } from '../../scripts/sample-history.mjs';
import { tempDir } from '../helpers/temp-repo.js';

// Extraction in worker threads must not change what is learned: same edits in the same order,
// so the same rules, byte for byte, as extraction on the main thread.
test('learning with extraction in worker threads gives the same pack as on the main thread', async () => {
  const work = tempDir();
  try {
    const repo = work.dir;
    buildSampleHistory(repo);
    const base: Omit<LearnOptions, 'cacheDir'> = { root: repo, maxFilesPerCommit: 30, minSupport: 2, threshold: 0.5, maxFileSize: 1_000_000, include: [], exclude: [], full: true };
    const inline = await learnRepo({ ...base, cacheDir: `${work.dir}/.cache-a`, workers: false });
    const pooled = await learnRepo({ ...base, cacheDir: `${work.dir}/.cache-b`, poolAfter: 0 });
    assert.ok(inline.specs.length >= 3, 'the planted patterns are learned');
    assert.is(JSON.stringify(pooled.specs), JSON.stringify(inline.specs));
    // The same summary, but for how long a pass took (a note such as "conventions: ... (0.1 s)").
    const untimed = (summary: typeof inline.summary) => ({ ...summary, notes: summary.notes.map((n) => n.replace(/\(\d+(?:\.\d+)? s\)/g, '(time)')) });
    assert.equal(untimed(pooled.summary), untimed(inline.summary));
  } finally {
    work.cleanup();
  }
});

test.run();
