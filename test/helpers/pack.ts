import { compilePack, type CompiledPack } from '../../src/rules/compile-pack.js';
import { BUILTIN_RULES_DIR, loadRuleDir } from '../../src/rules/load-rules.js';
import { validateRuleSpec } from '../../src/rules/validate-spec.js';

/** Compiles rules given inline (partial specs get dummy cases and curated provenance). */
export function packOf(...specs: Record<string, unknown>[]): CompiledPack {
  return compilePack(
    specs.map((spec, i) => ({
      file: `inline-${i}.json`,
      spec: validateRuleSpec({ provenance: { origin: 'curated' }, cases: { invalid: ['x'], valid: ['y'] }, severity: 'warning', ...spec }, `inline-${i}.json`),
    })),
  );
}

let builtin: CompiledPack | undefined;
/** The shipped starter pack, compiled once per test process. */
export function builtinPack(): CompiledPack {
  builtin ??= compilePack(loadRuleDir(BUILTIN_RULES_DIR, { required: true }));
  return builtin;
}
