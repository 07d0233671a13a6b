import { relative } from 'node:path';
import { DEFAULT_CONFIG, loadConfig, type ResolvedConfig } from '../../config/index.js';
import { repoToplevel } from '../../git/index.js';
import { llmHost } from '../../llm/llm-settings.js';
import { probeRuntime } from '../../parse/index.js';
import { validatePack } from '../../rules/probe-regexes.js';
import { AttractorError, isAttractorError } from '../../shared/errors.js';
import { checkHook } from '../../setup/check-hook.js';
import type { DoctorCheck } from '../../setup/doctor-check.js';
import { probeModel } from '../../setup/probe-ollama.js';
import { parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { loadPack } from '../../rules/load-pack.js';

/** Runs `check`, turning an expected failure into a problem line with `fix`. */
function attempt(area: string, fix: string, check: () => DoctorCheck | DoctorCheck[]): DoctorCheck[] {
  try {
    const result = check();
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    if (!isAttractorError(error)) throw error;
    return [{ area, status: 'problem', message: error.message, fix }];
  }
}

function render(check: DoctorCheck): string {
  const label = { ok: 'ok', problem: 'PROBLEM', note: 'note' }[check.status];
  return `  ${label.padEnd(8)} ${check.area}: ${check.message}\n${check.fix ? `  ${''.padEnd(8)} fix: ${check.fix}\n` : ''}`;
}

/**
 * `attractor-lint doctor`: whether the pre-commit hook will actually run, whether tree-sitter loads,
 * whether the configuration and the rule pack validate, and whether Ollama answers. Every problem
 * comes with its fix; exit 0 when there is none, 1 otherwise.
 */
export async function doctorCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { config: { type: 'string', short: 'c' } });
  if (positionals.length) throw new AttractorError('bad-args', `doctor takes no arguments (got "${positionals[0]}")`);
  const checks: DoctorCheck[] = [];
  let root: string | undefined;
  try {
    root = repoToplevel(io.cwd);
  } catch (error) {
    if (!isAttractorError(error)) throw error;
    checks.push({ area: 'git', status: 'problem', message: error.message, fix: 'run doctor inside the repository ("git init" to start one)' });
  }
  if (root) {
    const inRoot = root;
    checks.push(...attempt('pre-commit hook', 'make "git status" work here first', () => checkHook(inRoot, io.env)));
  }

  const runtime = probeRuntime();
  checks.push(
    runtime === undefined
      ? { area: 'tree-sitter', status: 'ok', message: 'the native addon and the Python, JavaScript, TypeScript and TSX grammars load' }
      : { area: 'tree-sitter', status: 'problem', message: `does not load (${runtime})`, fix: '"npm rebuild tree-sitter tree-sitter-python tree-sitter-javascript tree-sitter-typescript" (needs python3, make and g++)' },
  );

  let config: ResolvedConfig | undefined;
  const where = root ?? io.cwd;
  try {
    config = await loadConfig(io.cwd, where, values.config as string | undefined);
    checks.push({ area: 'config', status: 'ok', message: config.file ? `${relative(io.cwd, config.file) || config.file} is valid` : 'none found; the defaults apply' });
  } catch (error) {
    if (!isAttractorError(error)) throw error;
    checks.push({ area: 'config', status: 'problem', message: error.message, fix: 'correct that key (.attractorrc.example in the attractor-lint package lists every key and its default)' });
  }
  if (config && runtime === undefined) {
    const loaded = config;
    checks.push(...attempt('rules', 'correct or remove that rule file ("attractor-lint test" runs every rule\'s cases)', () => {
      // As check validates a pack: queries compile and no regex can backtrack without end.
      const pack = loadPack(loaded, {}, io.cwd, { eager: false });
      validatePack(pack);
      return { area: 'rules', status: 'ok', message: `${pack.source.loaded.length} rules load and their queries compile` };
    }));
  } else if (config) {
    checks.push({ area: 'rules', status: 'note', message: 'not checked: tree-sitter does not load' });
  }

  // The host the llm stage would use (llm-settings imports no ollama client).
  const host = llmHost(config?.llm ?? DEFAULT_CONFIG.llm, io.env);
  const model = (config?.llm ?? DEFAULT_CONFIG.llm).model;
  const ollama = await probeModel(host, model, 1000);
  if (ollama.ok) checks.push({ area: 'ollama', status: 'ok', message: `version ${ollama.version} answers at ${host} with ${model}: "--fix --llm" and "eval --llm" can use it` });
  else if (config?.llm.enabled) checks.push({ area: 'ollama', status: 'problem', message: `${ollama.error}; llm.enabled is set, so --fix asks it`, fix: ollama.reachable ? `ollama pull ${model}, or set llm.model` : `start it ("ollama serve"), set OLLAMA_HOST, or set llm.enabled: false` });
  else checks.push({ area: 'ollama', status: 'note', message: `${ollama.error} (only "--fix --llm" and "eval --llm" need it)` });

  const problems = checks.filter((check) => check.status === 'problem').length;
  io.stdout(`attractor-lint doctor${root ? ` in ${root}` : ''}\n${checks.map(render).join('')}`);
  io.stdout(problems ? `${problems} problem${problems === 1 ? '' : 's'}\n` : 'no problems\n');
  return problems ? 1 : 0;
}
