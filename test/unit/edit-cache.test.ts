import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EditCache } from '../../src/learn/edit-cache.js';
import type { EditPattern } from '../../src/model.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const edit = (commit: string, line: number) => ({ commit, line, path: 'm.py' }) as unknown as EditPattern;

function withDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'edit-cache-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('entries written by one run are read by the next; a later entry for a commit wins', () => {
  withDir((dir) => {
    const first = new EditCache(dir);
    first.put(A, [edit(A, 1)]);
    first.put(B, []);
    first.flush();
    const again = new EditCache(dir);
    again.put(A, [edit(A, 2)]);
    again.flush();
    const read = new EditCache(dir);
    assert.equal(read.get(A), [edit(A, 2)]);
    assert.equal(read.get(B), []);
    assert.is(read.get(C), undefined);
    assert.is(read.unreadable, 0);
  });
});

test('a line cut short by a killed run is counted unreadable, and the next batch still lands whole', () => {
  withDir((dir) => {
    const first = new EditCache(dir);
    first.put(A, [edit(A, 1)]);
    first.flush();
    appendFileSync(join(dir, 'edits.jsonl'), `{"sha":"${B}","edits":[{"commit":"${B}","li`);
    const second = new EditCache(dir);
    assert.is(second.get(B), undefined);
    assert.is(second.unreadable, 1);
    second.put(C, [edit(C, 3)]);
    second.flush();
    assert.ok(readFileSync(join(dir, 'edits.jsonl'), 'utf8').endsWith(`"line":3,"path":"m.py"}]}\n`));
    const third = new EditCache(dir);
    assert.equal(third.get(A), [edit(A, 1)]);
    assert.equal(third.get(C), [edit(C, 3)]);
    assert.is(third.get(B), undefined);
  });
});

test('nothing is written before a flush or a full batch', () => {
  withDir((dir) => {
    const cache = new EditCache(dir);
    cache.put(A, [edit(A, 1)]);
    assert.is(new EditCache(dir).get(A), undefined);
    for (let i = 0; i < 300; i++) cache.put(i.toString(16).padStart(40, '0'), []);
    assert.equal(new EditCache(dir).get(A), [edit(A, 1)], 'a full batch is appended');
  });
});

test.run();
