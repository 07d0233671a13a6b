import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_CONFIG, loadConfig, validateConfig } from '../../src/config/index.js';
import { loadErrorReason } from '../../src/config/load-config.js';
import { AttractorError } from '../../src/shared/errors.js';
import { tempDir } from '../helpers/temp-repo.js';

const cleanups: (() => void)[] = [];
test.after(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function folder(): ReturnType<typeof tempDir> & { real: string } {
  const d = tempDir();
  cleanups.push(d.cleanup);
  return { ...d, real: realpathSync(d.dir) };
}

/** The AttractorError `fn` throws (sync or async), or a failed assertion. */
async function rejection(fn: () => unknown): Promise<AttractorError> {
  try {
    await fn();
  } catch (error) {
    assert.instance(error, AttractorError);
    assert.not.match((error as Error).message, /\n/, 'one line');
    return error as AttractorError;
  }
  assert.unreachable('expected an error');
  throw new Error('unreachable');
}

test('validateConfig: nothing given means the defaults, and defaults are not shared', () => {
  const config = validateConfig({}, 'c.json');
  assert.equal(config, DEFAULT_CONFIG);
  config.exclude.push('x');
  assert.not.ok(DEFAULT_CONFIG.exclude.includes('x'));
  assert.equal(validateConfig(undefined, 'c.json'), DEFAULT_CONFIG);
});

test('loadConfig: the defaults it returns are copies too', async () => {
  const d = folder();
  const first = await loadConfig(d.real, d.real);
  first.exclude.length = 0;
  first.rules.x = 'off';
  const second = await loadConfig(d.real, d.real);
  assert.equal(second.exclude, DEFAULT_CONFIG.exclude);
  assert.ok(second.exclude.length > 0);
  assert.equal(second.rules, {});
});

test('validateConfig: nested objects merge key by key over the defaults; lists replace', () => {
  const config = validateConfig({ cache: { enabled: false }, exclude: ['gen/**'], llm: { model: 'm' } }, 'c.json');
  assert.equal(config.cache, { enabled: false, dir: DEFAULT_CONFIG.cache.dir });
  assert.equal(config.exclude, ['gen/**']);
  assert.equal(config.llm, { ...DEFAULT_CONFIG.llm, model: 'm' });
  assert.equal(config.learn, DEFAULT_CONFIG.learn);
});

test('validateConfig: learn.conventions turns the conventions source off, and must be a boolean', () => {
  assert.is(DEFAULT_CONFIG.learn.conventions, true);
  assert.is(validateConfig({ learn: { conventions: false } }, 'c.json').learn.conventions, false);
  assert.throws(() => validateConfig({ learn: { conventions: 'no' } }, 'c.json'), (e: unknown) => e instanceof AttractorError && /learn\.conventions/.test(e.message) && /boolean/.test(e.message));
});

test('validateConfig: rules and extensions are checked entry by entry', () => {
  const config = validateConfig({ rules: { 'eq-none': 'off', 'a/b': 'info' }, extensions: { '.pyx': 'python', '.mts': 'typescript' } }, 'c.json');
  assert.equal(config.rules, { 'eq-none': 'off', 'a/b': 'info' });
  assert.equal(config.extensions, { '.pyx': 'python', '.mts': 'typescript' });
});

test('validateConfig: errors name the file and the key path', async () => {
  const cases: [unknown, string][] = [
    [{ colour: true }, 'c.json: colour: unknown key'],
    [{ cache: { dirs: 'x' } }, 'c.json: cache.dirs: unknown key (known: enabled, dir)'],
    [{ llm: { temperature: '0.2' } }, 'c.json: llm.temperature: expected a number, got string'],
    [{ builtin: null }, 'c.json: builtin: expected a boolean, got null'],
    [{ ruleDirs: ['a', 2] }, 'c.json: ruleDirs: expected a list of strings, got list'],
    [{ include: {} }, 'c.json: include: expected a list of strings, got object'],
    [{ cache: true }, 'c.json: cache: expected an object, got boolean'],
    [{ rules: { x: 'warn' } }, 'c.json: rules.x: expected one of error, warning, info, off, got "warn"'],
    [{ rules: 'all' }, 'c.json: rules: expected an object of rule id to severity, got string'],
    [{ extensions: { '.pyx': 'cython' } }, 'c.json: extensions..pyx: expected one of python, javascript, typescript, got "cython"'],
    [{ extensions: { pyx: 'python' } }, 'c.json: extensions.pyx: an extension starts with a dot'],
    [{ maxFileSize: 0 }, 'c.json: maxFileSize: must be a positive whole number of bytes'],
    [{ maxFileSize: 2.5 }, 'c.json: maxFileSize: must be a positive whole number of bytes'],
    [{ maxFileSize: Number.NaN }, 'c.json: maxFileSize: expected a number'],
    [['ruleDirs'], 'c.json: (top level): expected an object, got list'],
    ['ruleDirs', 'c.json: (top level): expected an object, got string'],
  ];
  for (const [value, message] of cases) {
    const error = await rejection(() => validateConfig(value, 'c.json'));
    assert.is(error.code, 'bad-config');
    assert.ok(error.message.startsWith(message), `${JSON.stringify(value)}: ${error.message}`);
  }
});

test('loadErrorReason: the parser sentence without the absolute path or code frame', () => {
  const json = new Error('JSON Error in /home/u/p/.attractorrc.json:\n\n> 1 | {bad\n    |  ^\n  2 |\n\nExpected property name or \'}\' in JSON at position 1 while parsing \'{bad\'\n\n> 1 | {bad\n');
  assert.is(loadErrorReason(json), "Expected property name or '}' in JSON at position 1");
  const yaml = new Error('YAML Error in /home/u/p/.attractorrc.yaml:\nunexpected end of the stream within a flow collection (2:1)\n\n 1 | a: [\n 2 | \n-----^');
  assert.is(loadErrorReason(yaml), 'unexpected end of the stream within a flow collection (2:1)');
  assert.is(loadErrorReason(new SyntaxError('Unexpected token }')), 'Unexpected token }');
  assert.is(loadErrorReason('plain'), 'plain');
  assert.is(loadErrorReason(new Error('')), 'unknown error');
});

test('loadConfig: no configuration gives the defaults rooted at the stop directory', async () => {
  const d = folder();
  mkdirSync(join(d.real, 'sub'));
  const config = await loadConfig(join(d.real, 'sub'), d.real);
  assert.is(config.file, undefined);
  assert.is(config.root, d.real);
  assert.equal(config.ruleDirs, [join(d.real, '.attractor/rules')]);
  assert.is(config.baseline, join(d.real, '.attractor/baseline.json'));
  assert.is(config.cache.dir, join(d.real, '.attractor/cache'));
  assert.is(config.learn.out, join(d.real, '.attractor/rules'));
});

test('loadConfig: every format, found from a subdirectory, paths relative to the file', async () => {
  const formats: [string, string][] = [
    ['.attractorrc', '{"ruleDirs": ["r"], "maxFileSize": 11}'],
    ['.attractorrc.json', '{"ruleDirs": ["r"], "maxFileSize": 11}'],
    ['.attractorrc.yaml', 'ruleDirs: [r]\nmaxFileSize: 11\n'],
    ['.attractorrc.yml', 'ruleDirs: [r]\nmaxFileSize: 11\n'],
    ['attractor.config.mjs', 'export default { ruleDirs: ["r"], maxFileSize: 11 };\n'],
    ['attractor.config.cjs', 'module.exports = { ruleDirs: ["r"], maxFileSize: 11 };\n'],
    ['.attractorrc.mjs', 'export default { ruleDirs: ["r"], maxFileSize: 11 };\n'],
    ['package.json', '{"name": "p", "attractor": {"ruleDirs": ["r"], "maxFileSize": 11}}'],
  ];
  for (const [name, content] of formats) {
    const d = folder();
    d.write(`conf/${name}`, content);
    d.write('conf/deep/er/.keep', '');
    const config = await loadConfig(join(d.real, 'conf/deep/er'), d.real);
    assert.is(config.file, join(d.real, 'conf', name), name);
    assert.is(config.root, join(d.real, 'conf'));
    assert.equal(config.ruleDirs, [join(d.real, 'conf/r')], name);
    assert.is(config.maxFileSize, 11, name);
    assert.is(config.baseline, join(d.real, 'conf/.attractor/baseline.json'));
  }
});

test('loadConfig: attractor.config.js as an ES module and as CommonJS', async () => {
  const esm = folder();
  esm.write('package.json', '{"type": "module"}');
  esm.write('attractor.config.js', 'export default { builtin: false };\n');
  assert.is((await loadConfig(esm.real, esm.real)).builtin, false);
  const cjs = folder();
  cjs.write('attractor.config.js', 'module.exports = { builtin: false };\n');
  assert.is((await loadConfig(cjs.real, cjs.real)).builtin, false);
});

test('loadConfig: a JavaScript configuration edited between two loads is read again', async () => {
  const d = folder();
  d.write('attractor.config.mjs', 'export default { maxFileSize: 1 };\n');
  assert.is((await loadConfig(d.real, d.real)).maxFileSize, 1);
  d.write('attractor.config.mjs', 'export default { maxFileSize: 2 };\n');
  assert.is((await loadConfig(d.real, d.real)).maxFileSize, 2);
  const cjs = folder();
  cjs.write('attractor.config.cjs', 'module.exports = { maxFileSize: 1 };\n');
  assert.is((await loadConfig(cjs.real, cjs.real)).maxFileSize, 1);
  cjs.write('attractor.config.cjs', 'module.exports = { maxFileSize: 2 };\n');
  assert.is((await loadConfig(cjs.real, cjs.real)).maxFileSize, 2);
});

test('loadConfig: package.json without the attractor key is not a configuration', async () => {
  const d = folder();
  d.write('.attractorrc.json', '{"maxFileSize": 5}');
  d.write('sub/package.json', '{"name": "sub", "version": "1.0.0"}');
  const config = await loadConfig(join(d.real, 'sub'), d.real);
  assert.is(config.file, join(d.real, '.attractorrc.json'));
  assert.is(config.maxFileSize, 5);
});

test('loadConfig: nothing above the stop directory is read', async () => {
  const d = folder();
  d.write('.attractorrc.json', '{"maxFileSize": 5}');
  d.write('repo/src/.keep', '');
  const config = await loadConfig(join(d.real, 'repo/src'), join(d.real, 'repo'));
  assert.is(config.file, undefined);
  assert.is(config.maxFileSize, DEFAULT_CONFIG.maxFileSize);
  // With the stop directory one level up, the same file is found: the test can fail.
  assert.is((await loadConfig(join(d.real, 'repo/src'), d.real)).maxFileSize, 5);
});

test('loadConfig: an explicit file is used wherever it is; a missing one is an error', async () => {
  const d = folder();
  d.write('.attractorrc.json', '{"maxFileSize": 5}');
  d.write('elsewhere/team.yaml', 'maxFileSize: 7\nbaseline: known.json\n');
  d.write('repo/.keep', '');
  const config = await loadConfig(join(d.real, 'repo'), join(d.real, 'repo'), '../elsewhere/team.yaml');
  assert.is(config.maxFileSize, 7);
  assert.is(config.baseline, join(d.real, 'elsewhere/known.json'));
  const error = await rejection(() => loadConfig(join(d.real, 'repo'), join(d.real, 'repo'), 'nope.json'));
  assert.is(error.message, 'nope.json: file not found');
});

test('loadConfig: broken files are bad-config errors naming the file relative to cwd', async () => {
  const cases: [string, string, RegExp][] = [
    ['.attractorrc.json', '{"a": ', /^\.\.\/\.attractorrc\.json: cannot load \(.+\)$/],
    ['.attractorrc.yaml', 'a: [\n', /^\.\.\/\.attractorrc\.yaml: cannot load \(unexpected end of the stream.*\)$/],
    ['attractor.config.mjs', 'export default {\n', /^\.\.\/attractor\.config\.mjs: cannot load \(.+\)$/],
    ['attractor.config.cjs', 'throw new Error("nope")', /^\.\.\/attractor\.config\.cjs: cannot load \(nope\)$/],
    ['.attractorrc.json', '{"ruleDirs": "r"}', /^\.\.\/\.attractorrc\.json: ruleDirs: expected a list of strings, got string$/],
  ];
  for (const [name, content, pattern] of cases) {
    const d = folder();
    d.write(name, content);
    d.write('sub/.keep', '');
    const error = await rejection(() => loadConfig(join(d.real, 'sub'), d.real));
    assert.is(error.code, 'bad-config');
    assert.match(error.message, pattern);
    assert.not.ok(error.message.includes(d.real), error.message);
  }
});

test('loadConfig: a broken package.json in the current directory is an error, not a crash', async () => {
  const d = folder();
  d.write('package.json', '{"name": "x", "attractor": {');
  const error = await rejection(() => loadConfig(d.real, d.real));
  assert.match(error.message, /^package\.json: cannot load \(.+\)$/);
});

test('loadConfig: an empty configuration file means the defaults', async () => {
  const d = folder();
  d.write('.attractorrc.yaml', '');
  const config = await loadConfig(d.real, d.real);
  assert.is(config.maxFileSize, DEFAULT_CONFIG.maxFileSize);
  assert.equal(config.exclude, DEFAULT_CONFIG.exclude);
});

test.run();
