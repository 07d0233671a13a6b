// Deterministic generator of realistic-looking Python modules for the benchmarks: imports, typed
// functions, classes with properties and async methods, try/except (a few bare ones), comprehensions,
// f-strings, decorators, context managers, docstrings and comments. Now and then it writes
// `x == None` or a bare `except:` so the starter pack has something to report, as real code does.

/** A small seeded PRNG (mulberry32) so every run generates the same files. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (p) => next() < p;
  return { next, int, pick, chance };
}

const NOUNS = ['user', 'order', 'invoice', 'session', 'record', 'item', 'account', 'payload', 'config', 'event', 'token', 'report', 'batch', 'job', 'node', 'entry', 'message', 'request', 'result', 'value'];
const VERBS = ['load', 'save', 'fetch', 'parse', 'render', 'validate', 'merge', 'resolve', 'build', 'update', 'apply', 'collect', 'emit', 'normalize', 'compute', 'find', 'sync', 'flush', 'encode', 'split'];
const ADJ = ['pending', 'active', 'raw', 'cached', 'remote', 'local', 'default', 'primary', 'stale', 'total'];
const TYPES = ['int', 'str', 'float', 'bool', 'bytes', 'dict[str, Any]', 'list[str]', 'Optional[int]', 'Sequence[str]', 'Mapping[str, int]'];
const IMPORTS = [
  'import os',
  'import re',
  'import sys',
  'import json',
  'import time',
  'import logging',
  'import itertools',
  'import functools',
  'import asyncio',
  'from collections import defaultdict, OrderedDict',
  'from dataclasses import dataclass, field',
  'from pathlib import Path',
  'from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence',
  'from contextlib import contextmanager',
  'from datetime import datetime, timedelta',
];

function plural(word) {
  return word.endsWith('y') ? `${word.slice(0, -1)}ies` : word.endsWith('ch') ? `${word}es` : `${word}s`;
}

function cap(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Generates one module of roughly `targetLines` lines. `variant` changes the body a little (a "modification"). */
export function pythonModule(seed, targetLines = 300, variant = 0) {
  const r = rng(seed);
  const v = rng(seed * 7919 + variant + 1);
  const out = [];
  const emit = (indent, text) => out.push(text ? `${'    '.repeat(indent)}${text}` : '');
  const name = () => `${r.pick(ADJ)}_${r.pick(NOUNS)}`;
  const expr = (depth = 0) => {
    const a = r.pick(NOUNS);
    switch (r.int(0, depth > 1 ? 4 : 9)) {
      case 0:
        return `${a}.${r.pick(NOUNS)}`;
      case 1:
        return String(r.int(0, 1000));
      case 2:
        return `"${r.pick(VERBS)}-${r.pick(NOUNS)}"`;
      case 3:
        return `len(${plural(a)})`;
      case 4:
        return `${a}.get("${r.pick(NOUNS)}", ${r.int(0, 9)})`;
      case 5:
        return `[${r.pick(NOUNS)} for ${r.pick(NOUNS)} in ${plural(a)} if ${expr(depth + 1)}]`;
      case 6:
        return `${r.pick(VERBS)}_${a}(${expr(depth + 1)}, ${r.pick(NOUNS)}=${expr(depth + 1)})`;
      case 7:
        return `f"{${a}.${r.pick(NOUNS)}}/{${r.pick(NOUNS)}!r}"`;
      case 8:
        return `${expr(depth + 1)} ${r.pick(['+', '-', '*', '//', '%'])} ${expr(depth + 1)}`;
      default:
        return `{"${r.pick(NOUNS)}": ${expr(depth + 1)}, "${r.pick(NOUNS)}": ${a}}`;
    }
  };
  const cond = () => {
    const a = `${r.pick(NOUNS)}.${r.pick(NOUNS)}`;
    switch (r.int(0, 6)) {
      case 0:
        return v.chance(0.15) ? `${a} == None` : `${a} is None`;
      case 1:
        return v.chance(0.1) ? `${a} != None` : `${a} is not None`;
      case 2:
        return `not ${plural(r.pick(NOUNS))}`;
      case 3:
        return `isinstance(${r.pick(NOUNS)}, (${cap(r.pick(NOUNS))}, dict))`;
      case 4:
        return `${a} > ${r.int(0, 100)} and ${r.pick(NOUNS)}`;
      default:
        return `${r.pick(NOUNS)} in ${r.pick(ADJ).toUpperCase()}_${r.pick(NOUNS).toUpperCase()}S`;
    }
  };
  const statement = (indent, budget) => {
    const kind = r.int(0, 11);
    if (budget < 4 || kind < 4) {
      switch (r.int(0, 5)) {
        case 0:
          emit(indent, `${name()} = ${expr()}`);
          break;
        case 1:
          emit(indent, `logger.debug("${r.pick(VERBS)} %s for %s", ${r.pick(NOUNS)}, ${r.pick(NOUNS)}.${r.pick(NOUNS)})`);
          break;
        case 2:
          emit(indent, `${plural(r.pick(NOUNS))}.append(${expr()})`);
          break;
        case 3:
          emit(indent, `# ${r.pick(VERBS)} the ${r.pick(ADJ)} ${r.pick(NOUNS)} before the next ${r.pick(VERBS)} call`);
          emit(indent, `${r.pick(NOUNS)}.${r.pick(NOUNS)} = ${expr()}`);
          return 2;
        case 4:
          emit(indent, `${r.pick(NOUNS)}, ${r.pick(NOUNS)} = ${r.pick(VERBS)}_${r.pick(NOUNS)}(${r.pick(NOUNS)})`);
          break;
        default:
          emit(indent, `${r.pick(NOUNS)}_map[${r.pick(NOUNS)}.id] = ${expr()}`);
      }
      return 1;
    }
    let used = 0;
    const body = (inner, lines) => {
      let n = 0;
      const want = Math.max(1, lines);
      while (n < want) n += statement(inner, want - n);
      return n;
    };
    switch (kind) {
      case 4:
      case 5:
        emit(indent, `if ${cond()}:`);
        used = 1 + body(indent + 1, r.int(1, 3));
        if (r.chance(0.5)) {
          emit(indent, r.chance(0.5) ? `elif ${cond()}:` : 'else:');
          used += 1 + body(indent + 1, r.int(1, 2));
        }
        return used;
      case 6:
        emit(indent, `for ${r.pick(NOUNS)} in ${r.pick(['sorted', 'list', 'reversed', 'enumerate'])}(${plural(r.pick(NOUNS))}):`);
        return 1 + body(indent + 1, r.int(1, 4));
      case 7: {
        emit(indent, 'try:');
        used = 1 + body(indent + 1, r.int(1, 3));
        const bare = v.chance(0.12);
        emit(indent, bare ? 'except:' : `except (${r.pick(['KeyError', 'ValueError', 'OSError', 'TimeoutError'])}, ${r.pick(['TypeError', 'LookupError'])}) as exc:`);
        if (!bare) emit(indent + 1, `logger.warning("could not ${r.pick(VERBS)} %s: %s", ${r.pick(NOUNS)}, exc)`);
        used += bare ? 1 : 2;
        used += body(indent + 1, 1);
        if (r.chance(0.3)) {
          emit(indent, 'finally:');
          used += 1 + body(indent + 1, 1);
        }
        return used;
      }
      case 8:
        emit(indent, `with open(${r.pick(NOUNS)}_path, "${r.pick(['r', 'rb', 'w'])}") as handle:`);
        return 1 + body(indent + 1, r.int(1, 3));
      case 9:
        emit(indent, `while ${cond()}:`);
        return 1 + body(indent + 1, r.int(1, 3));
      case 10:
        const entries = r.int(2, 5);
        emit(indent, `${name()} = {`);
        for (let i = entries; i > 0; i--) emit(indent + 1, `"${r.pick(NOUNS)}_${i}": ${expr(1)},`);
        emit(indent, '}');
        return entries + 2;
      default:
        emit(indent, `return ${expr()}`);
        return 1;
    }
  };
  const fn = (indent, method) => {
    const verb = r.pick(VERBS);
    const noun = r.pick(NOUNS);
    const params = [];
    const count = r.int(0, 3);
    const firstDefault = r.chance(0.4) ? r.int(0, count) : count;
    for (let i = 0; i < count; i++) params.push(`${r.pick(NOUNS)}_${i + 1}: ${r.pick(TYPES)}${i >= firstDefault ? ' = None' : ''}`);
    if (method) params.unshift('self');
    if (r.chance(0.2)) emit(indent, r.pick(method ? ['@property', '@functools.cached_property', '@classmethod'] : ['@functools.lru_cache(maxsize=128)', '@contextmanager', '@functools.cache']));
    const isAsync = r.chance(0.15);
    emit(indent, `${isAsync ? 'async ' : ''}def ${method && r.chance(0.2) ? '_' : ''}${verb}_${noun}(${params.join(', ')}) -> ${r.pick(TYPES)}:`);
    let n = 2;
    const named = params.filter((p) => p !== 'self');
    if (named.length && r.chance(0.4)) {
      // A longer docstring, as documented public functions have.
      emit(indent + 1, `"""${cap(verb)} the ${r.pick(ADJ)} ${noun} and return the ${r.pick(NOUNS)}.`);
      emit(indent + 1, '');
      emit(indent + 1, `The ${r.pick(NOUNS)} is checked first when it is ${r.pick(ADJ)}; see ${r.pick(VERBS)}_${r.pick(NOUNS)}() for details.`);
      emit(indent + 1, '');
      emit(indent + 1, 'Args:');
      for (const param of named) emit(indent + 2, `${param.split(':')[0]}: the ${r.pick(ADJ)} ${r.pick(NOUNS)} to ${r.pick(VERBS)}.`);
      emit(indent + 1, '"""');
      n += 5 + named.length;
    } else emit(indent + 1, `"""${cap(verb)} the ${r.pick(ADJ)} ${noun} and return the ${r.pick(NOUNS)}."""`);
    const want = r.int(6, 22);
    while (n < want) n += statement(indent + 1, want - n);
    if (isAsync) emit(indent + 1, `await asyncio.sleep(0)`);
    emit(indent + 1, `return ${expr()}`);
    out.push('');
  };

  emit(0, `"""${cap(r.pick(NOUNS))} ${r.pick(NOUNS)} helpers (generated for benchmarks, seed ${seed})."""`);
  emit(0, 'from __future__ import annotations');
  emit(0, '');
  const imports = new Set(['import logging']);
  for (let i = r.int(4, 9); i > 0; i--) imports.add(r.pick(IMPORTS));
  for (const line of [...imports].sort()) emit(0, line);
  emit(0, '');
  emit(0, 'logger = logging.getLogger(__name__)');
  for (let i = r.int(2, 5); i > 0; i--) emit(0, `${r.pick(ADJ).toUpperCase()}_${r.pick(NOUNS).toUpperCase()}S = frozenset({${Array.from({ length: r.int(2, 5) }, () => `"${r.pick(NOUNS)}"`).join(', ')}})`);
  emit(0, '');
  emit(0, '');
  while (out.length < targetLines - 10) {
    if (r.chance(0.45)) {
      const cls = `${cap(r.pick(ADJ))}${cap(r.pick(NOUNS))}`;
      if (r.chance(0.4)) {
        emit(0, '@dataclass');
        emit(0, `class ${cls}:`);
        emit(1, `"""A ${r.pick(ADJ)} ${r.pick(NOUNS)}."""`);
        const fields = r.int(2, 6);
        const firstDefault = r.int(1, fields);
        for (let i = 0; i < fields; i++) emit(1, `${r.pick(NOUNS)}_${i + 1}: ${r.pick(TYPES)}${i >= firstDefault ? ' = field(default_factory=list)' : ''}`);
        out.push('');
      } else {
        emit(0, `class ${cls}(${r.pick(['object', 'Exception', 'dict', `${cap(r.pick(NOUNS))}Base`])}):`);
        emit(1, `"""Keeps track of ${plural(r.pick(NOUNS))}."""`);
        emit(1, '');
        emit(1, `def __init__(self, ${r.pick(NOUNS)}: ${r.pick(TYPES)}, **options: Any) -> None:`);
        for (let i = r.int(2, 4); i > 0; i--) emit(2, `self._${r.pick(NOUNS)} = options.pop("${r.pick(NOUNS)}", ${expr(2)})`);
        out.push('');
        for (let i = r.int(1, 4); i > 0 && out.length < targetLines - 10; i--) fn(1, true);
      }
      out.push('');
    } else {
      fn(0, false);
      out.push('');
    }
  }
  emit(0, '');
  emit(0, 'if __name__ == "__main__":');
  emit(1, `sys.exit(${r.pick(VERBS)}_${r.pick(NOUNS)}(sys.argv[1:]))`);
  return `${out.join('\n')}\n`;
}
