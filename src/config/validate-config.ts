import { LANGUAGE_IDS, SEVERITIES } from '../model.js';
import { AttractorError, describeProblem } from '../shared/errors.js';
import { DEFAULT_CONFIG, type Config } from './defaults.js';

type Json = unknown;

function kindOf(value: Json): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'null';
  return typeof value;
}

function expect(file: string, key: string, value: Json, want: string): never {
  throw new AttractorError('bad-config', describeProblem(file, key, `expected ${want}, got ${kindOf(value)}`));
}

function merge(file: string, prefix: string, defaults: Record<string, Json>, value: Json): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) expect(file, prefix || '(top level)', value, 'an object');
  const out: Record<string, Json> = { ...defaults };
  for (const [key, given] of Object.entries(value as Record<string, Json>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!(key in defaults)) throw new AttractorError('bad-config', describeProblem(file, path, `unknown key (known: ${Object.keys(defaults).join(', ')})`));
    const base = defaults[key];
    if (path === 'rules') {
      out[key] = checkRules(file, given);
    } else if (path === 'extensions') {
      out[key] = checkExtensions(file, given);
    } else if (Array.isArray(base)) {
      if (!Array.isArray(given) || given.some((item) => typeof item !== 'string')) expect(file, path, given, 'a list of strings');
      out[key] = given;
    } else if (typeof base === 'object' && base !== null) {
      out[key] = merge(file, path, base as Record<string, Json>, given);
    } else if (typeof given !== typeof base || (typeof given === 'number' && !Number.isFinite(given))) {
      expect(file, path, given, `a ${typeof base}`);
    } else {
      out[key] = given;
    }
  }
  return out;
}

function checkRules(file: string, value: Json): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) expect(file, 'rules', value, 'an object of rule id to severity');
  for (const [id, severity] of Object.entries(value as Record<string, Json>)) {
    if (severity !== 'off' && !(SEVERITIES as readonly Json[]).includes(severity)) {
      throw new AttractorError('bad-config', describeProblem(file, `rules.${id}`, `expected one of ${[...SEVERITIES, 'off'].join(', ')}, got ${JSON.stringify(severity)}`));
    }
  }
  return value as Record<string, Json>;
}

function checkExtensions(file: string, value: Json): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) expect(file, 'extensions', value, 'an object of extension to language');
  for (const [ext, language] of Object.entries(value as Record<string, Json>)) {
    if (!/^\.[\w.-]+$/.test(ext)) throw new AttractorError('bad-config', describeProblem(file, `extensions.${ext}`, 'an extension starts with a dot, e.g. ".pyx"'));
    if (!(LANGUAGE_IDS as readonly Json[]).includes(language)) {
      throw new AttractorError('bad-config', describeProblem(file, `extensions.${ext}`, `expected one of ${LANGUAGE_IDS.join(', ')}, got ${JSON.stringify(language)}`));
    }
  }
  return value as Record<string, Json>;
}

/** `host:port`, `:port` or an http(s) URL, as the ollama client accepts them. */
function isOllamaHost(host: string): boolean {
  const value = host.startsWith(':') ? `http://127.0.0.1${host}` : host.includes('://') ? host : `http://${host}`;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function checkLlm(file: string, llm: Config['llm']): void {
  const fail = (key: string, why: string): never => {
    throw new AttractorError('bad-config', describeProblem(file, `llm.${key}`, why));
  };
  if (llm.host.trim() !== '' && !isOllamaHost(llm.host.trim())) fail('host', `expected host:port or an http(s) URL, got ${JSON.stringify(llm.host)}`);
  if (llm.model.trim() === '') fail('model', 'must name a model, e.g. "qwen2.5-coder:3b"');
  if (!Number.isInteger(llm.timeoutMs) || llm.timeoutMs <= 0) fail('timeoutMs', 'must be a positive whole number of milliseconds');
  if (llm.temperature < 0 || llm.temperature > 2) fail('temperature', 'must be between 0 and 2');
  if (!Number.isInteger(llm.retries) || llm.retries < 0 || llm.retries > 10) fail('retries', 'must be a whole number from 0 to 10');
  if (llm.apiHitThreshold < 0 || llm.apiHitThreshold > 1) fail('apiHitThreshold', 'must be between 0 and 1');
}

/**
 * Checks a raw configuration object and merges it over (a copy of) the defaults, so a caller that
 * changes its config never changes the defaults of the next load. Errors name the key.
 */
export function validateConfig(value: Json, file: string): Config {
  const defaults = structuredClone(DEFAULT_CONFIG) as unknown as Record<string, Json>;
  const config = merge(file, '', defaults, value ?? {}) as unknown as Config;
  if (!Number.isInteger(config.maxFileSize) || config.maxFileSize <= 0) throw new AttractorError('bad-config', describeProblem(file, 'maxFileSize', 'must be a positive whole number of bytes'));
  checkLlm(file, config.llm);
  if (!Number.isInteger(config.server.idleMinutes) || config.server.idleMinutes < 1) throw new AttractorError('bad-config', describeProblem(file, 'server.idleMinutes', 'must be a whole number of at least 1'));
  for (const [key, n] of Object.entries(config.siblings)) {
    if (typeof n === 'number' && (!Number.isInteger(n) || n < 1)) throw new AttractorError('bad-config', describeProblem(file, `siblings.${key}`, 'must be a whole number of at least 1'));
  }
  return config;
}
