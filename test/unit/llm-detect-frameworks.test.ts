import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detectFrameworks } from '../../src/llm/detect-frameworks.js';
import { apiHitRate, expectedApis } from '../../src/llm/expected-apis.js';
import { importedModules } from '../../src/llm/imported-modules.js';
import type { RuleSpec } from '../../src/model.js';
import { builtinPack } from '../helpers/pack.js';

const names = (text: string, language: 'python' | 'javascript' | 'typescript'): string[] => detectFrameworks(text, language).map((f) => f.name);
const builtin = builtinPack().source.loaded.map((rule) => rule.spec);
const python = (id: string): RuleSpec => builtin.find((r) => r.id === id && r.language === 'python') as RuleSpec;

test('importedModules: Python import forms; strings and comments are no imports', () => {
  const code = [
    'import os.path as p, sys',
    'from sqlalchemy.orm import Session',
    'from . import views',
    'from .models import User',
    '    import json  # local import',
    'mod = importlib.import_module("yaml")',
    '# import requests',
    '"""',
    'import flask',
    '"""',
    'print("import django")',
  ].join('\n');
  assert.equal(importedModules(code, 'python').sort(), ['.', '.models', 'json', 'os.path', 'sqlalchemy.orm', 'sys', 'yaml']);
});

test('importedModules: JavaScript import forms as package names', () => {
  const code = [
    "import express from 'express';",
    "import { useState } from 'react';",
    "import type { Request } from '@types/express/index';",
    "import 'reflect-metadata';",
    "export * from './local.js';",
    "const cp = require('node:child_process');",
    "const fsp = require('fs/promises');",
    "const client = await import('react-dom/client');",
    "// import axios from 'axios';",
  ].join('\n');
  assert.equal(importedModules(code, 'typescript').sort(), ['./local.js', '@types/express', 'child_process', 'express', 'fs/promises', 'react', 'react-dom', 'reflect-metadata']);
});

test('detectFrameworks: from the imports only, per language family', () => {
  assert.equal(names('import asyncio\nfrom sqlalchemy.exc import IntegrityError\nimport requests\n', 'python'), ['asyncio', 'requests', 'sqlalchemy']);
  assert.equal(names('from fastapi import FastAPI\nfrom django.db import transaction\nimport flask\nimport aiohttp\n', 'python'), ['aiohttp', 'fastapi', 'flask', 'django']);
  assert.equal(names("import express from 'express';\nconst React = require('react');\n", 'javascript'), ['express', 'react']);
  assert.equal(names("import axios from 'axios';\nimport { execFile } from 'node:child_process';\n", 'typescript'), ['axios', 'child_process']);
  // Mentioned, not imported; or imported in the other language's syntax.
  assert.equal(names('# uses asyncio\nx = "sqlalchemy"\n', 'python'), []);
  assert.equal(names("import express from 'express';\n", 'python'), []);
  assert.equal(names('import asyncio\n', 'javascript'), []);
});

test('expectedApis: what the rule\'s own fixes add, then framework APIs the rule names in code', () => {
  const region = 'def create_user(email):\n    try:\n        db.session.commit()\n    except IntegrityError:\n        return None\n';
  const sqlalchemy = detectFrameworks('from sqlalchemy.exc import IntegrityError\n', 'python');
  assert.equal(expectedApis(python('forgotten-rollback'), 'python', sqlalchemy, region), ['rollback']);
  assert.equal(expectedApis(python('missing-await'), 'python', detectFrameworks('import asyncio\n', 'python'), 'async def f():\n    g()\n'), ['await']);
  assert.equal(expectedApis(python('bare-except'), 'python', [], 'try:\n    f()\nexcept:\n    pass\n'), ['Exception']);
  // blocking-call-in-async tells people to use `await asyncio.to_thread(...)`: with asyncio imported, to_thread is expected too.
  assert.ok(expectedApis(python('blocking-call-in-async'), 'python', detectFrameworks('import asyncio\n', 'python'), 'async def f():\n    time.sleep(1)\n').includes('to_thread'));
  assert.equal(expectedApis(undefined, 'python', sqlalchemy, region), []);
  // The JavaScript rule's message says "the next line", which is prose, not express's next().
  const js = builtin.find((r) => r.id === 'missing-await' && r.language !== 'python') as RuleSpec;
  assert.equal(expectedApis(js, 'typescript', detectFrameworks("import express from 'express';", 'typescript'), 'async function f() {\n  g();\n}'), ['await']);
});

test('apiHitRate: an API counts when the candidate uses it more often than the region did', () => {
  const region = 'async def f():\n    await a()\n    b()\n';
  assert.equal(apiHitRate(['await'], region, 'async def f():\n    await a()\n    await b()\n', 'python'), { rate: 1, missing: [] });
  assert.equal(apiHitRate(['await'], region, 'async def f():\n    await a()\n    asyncio.ensure_future(b())\n', 'python'), { rate: 0, missing: ['await'] });
  // In a string or a comment it is no use.
  assert.equal(apiHitRate(['await'], region, 'async def f():\n    await a()\n    b()  # await b\n    log("await")\n', 'python').rate, 0);
  assert.equal(apiHitRate(['rollback', 'close'], 'x\n', 'session.rollback()\n', 'python'), { rate: 0.5, missing: ['close'] });
  assert.equal(apiHitRate([], region, region, 'python'), { rate: 1, missing: [] });
  assert.is(apiHitRate(['await'], 'f();\n', '/* await */ f(); const s = `await`;\n', 'javascript').rate, 0);
});

test.run();
