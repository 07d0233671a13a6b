import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeSource, hasLongLine, MAX_LINE_LENGTH } from '../../src/files/decode.js';

/** The definition: some line, split at newlines, is longer than the limit. */
const byLines = (text: string): boolean => text.split('\n').some((line) => line.length > MAX_LINE_LENGTH);

test('hasLongLine agrees with splitting into lines, at and around the limit', () => {
  const line = (n: number): string => 'x'.repeat(n);
  const texts = [
    '',
    '\n',
    line(MAX_LINE_LENGTH),
    line(MAX_LINE_LENGTH + 1),
    `${line(MAX_LINE_LENGTH)}\n`,
    `\n${line(MAX_LINE_LENGTH + 1)}`,
    `${line(MAX_LINE_LENGTH)}\n${line(MAX_LINE_LENGTH)}\n${line(MAX_LINE_LENGTH)}`,
    `${line(MAX_LINE_LENGTH)}\n${line(MAX_LINE_LENGTH + 1)}\n${line(3)}`,
    `${line(10)}\n`.repeat(5000),
    `${`${line(10)}\n`.repeat(5000)}${line(MAX_LINE_LENGTH + 1)}\n${line(10)}`,
    `${line(MAX_LINE_LENGTH - 1)}\r\n${line(MAX_LINE_LENGTH)}\r\n`,
  ];
  // Pseudo-random line lengths around the limit.
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let t = 0; t < 200; t++) {
    const lines = Array.from({ length: 1 + (next() % 6) }, () => line(next() % 3 === 0 ? MAX_LINE_LENGTH - 2 + (next() % 5) : next() % 200));
    texts.push(lines.join('\n'));
  }
  for (const text of texts) assert.is(hasLongLine(text), byLines(text), `${text.length} characters`);
});

test('decodeSource skips long lines, NUL bytes and invalid UTF-8, and drops a BOM', () => {
  assert.equal(decodeSource(Buffer.from('a = 1\n'), 1000), { text: 'a = 1\n' });
  assert.equal(decodeSource(Buffer.from('\ufeffa = 1\n'), 1000), { text: 'a = 1\n' });
  assert.ok('skip' in decodeSource(Buffer.from(`${'x'.repeat(MAX_LINE_LENGTH + 1)}\n`), 1e6));
  assert.ok('skip' in decodeSource(Buffer.from([0x61, 0x00, 0x62]), 1000));
  assert.ok('skip' in decodeSource(Buffer.from([0x61, 0xff, 0x62]), 1000));
});

test.run();
