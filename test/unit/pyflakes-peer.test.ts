import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pyflakesCommand, runPyflakes } from '../../src/eval/peers/pyflakes.js';
import { testUnless } from '../helpers/skipped.js';

const command = pyflakesCommand();

if (!command) {
  testUnless('pyflakes is not installed: apt-get install python3-pyflakes')('pyflakes findings come back by key, across the parallel parts', () => {});
} else {
  test('pyflakes findings come back by key, across the parallel parts', async () => {
    const files = new Map<string, string>();
    for (let i = 0; i < 9; i++) files.set(`k${i}`, i % 3 === 0 ? `import os\n\n\ndef f${i}():\n    return ${i}\n` : `def f${i}():\n    return undefined_name_${i}\n`);
    const found = await runPyflakes(command, files);
    assert.equal([...found.keys()], [...files.keys()]);
    for (let i = 0; i < 9; i++) {
      const list = found.get(`k${i}`) ?? [];
      assert.is(list.length, 1, `k${i}`);
      assert.is(list[0]?.line, i % 3 === 0 ? 1 : 2);
      assert.match(list[0]?.key ?? '', i % 3 === 0 ? /imported but unused/ : /undefined name '_'/);
    }
    assert.equal(await runPyflakes(command, new Map()), new Map());
  });
}

test.run();
