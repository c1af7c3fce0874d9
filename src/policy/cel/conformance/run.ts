import { tests } from '@bufbuild/cel-spec/testdata/conformance.js';
import { Environment } from '@marcbachmann/cel-js';
import { CEL_FUNCTION_GROUPS } from '../../functions/index.ts';
import { fromJsonValue, type JsonValue, matchesExpected, Unsupported } from './values.ts';

export interface ConformanceCase {
  /** `file/section/test`, e.g. `basic/self_eval_zeroish/self_eval_int_zero`. */
  readonly id: string;
  readonly expr: string;
  readonly outcome: 'pass' | 'fail' | 'unsupported';
  readonly detail?: string;
}

interface SimpleTest {
  name?: string;
  expr: string;
  disableMacros?: boolean;
  container?: string;
  typeEnv?: { name: string }[];
  bindings?: Record<string, { value?: JsonValue }>;
  value?: JsonValue;
  evalError?: unknown;
  anyEvalErrors?: unknown;
  unknown?: unknown;
  anyUnknowns?: unknown;
  typedResult?: { result?: JsonValue };
  checkOnly?: boolean;
}

interface Suite {
  name: string;
  suites?: Suite[];
  tests?: { original: SimpleTest }[];
}

/**
 * Runs the upstream CEL conformance data (as shipped by @bufbuild/cel-spec) against the
 * evaluator configuration rules use: cel-js with optional syntax and our extra functions.
 */
export function runConformance(filter: (id: string) => boolean = () => true): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  const walk = (suite: Suite, prefix: string) => {
    for (const sub of suite.suites ?? []) walk(sub, prefix ? `${prefix}/${sub.name}` : sub.name);
    for (const t of suite.tests ?? []) {
      const id = `${prefix}/${t.original.name ?? t.original.expr}`;
      if (filter(id)) out.push(runOne(id, t.original));
    }
  };
  walk(tests as unknown as Suite, '');
  return out;
}

function environment(test: SimpleTest): Environment {
  const env = new Environment({
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
    unlistedVariablesAreDyn: true,
  });
  for (const group of CEL_FUNCTION_GROUPS) {
    for (const fn of group.functions)
      env.registerFunction(fn.signature, fn.handler as (...args: unknown[]) => unknown);
  }
  for (const decl of test.typeEnv ?? []) {
    if (decl.name && !env.hasVariable(decl.name)) {
      try {
        env.registerVariable(decl.name, 'dyn');
      } catch {
        // Function declarations share typeEnv with variables; those are not variables.
      }
    }
  }
  return env;
}

function runOne(id: string, test: SimpleTest): ConformanceCase {
  const base = { id, expr: test.expr };
  if (test.checkOnly)
    return { ...base, outcome: 'unsupported', detail: 'check-only test (type checker output)' };
  if (test.unknown || test.anyUnknowns)
    return { ...base, outcome: 'unsupported', detail: 'unknown-value results' };
  if (test.container) return { ...base, outcome: 'unsupported', detail: `container ${test.container}` };
  let bindings: Record<string, unknown>;
  try {
    bindings = Object.fromEntries(
      Object.entries(test.bindings ?? {}).map(([k, v]) => [
        k,
        fromJsonValue((v.value ?? { nullValue: null }) as JsonValue),
      ]),
    );
  } catch (error) {
    return { ...base, outcome: 'unsupported', detail: `binding: ${(error as Error).message}` };
  }
  const expected = test.value ?? test.typedResult?.result;
  const wantsError = test.evalError !== undefined || test.anyEvalErrors !== undefined;
  let actual: unknown;
  try {
    actual = environment(test).evaluate(test.expr, bindings);
  } catch (error) {
    if (wantsError) return { ...base, outcome: 'pass' };
    return {
      ...base,
      outcome: 'fail',
      detail: `threw: ${(error as { summary?: string }).summary ?? (error as Error).message}`,
    };
  }
  if (wantsError) return { ...base, outcome: 'fail', detail: `expected an error, got ${show(actual)}` };
  if (!expected) return { ...base, outcome: 'pass' };
  try {
    return matchesExpected(actual, expected)
      ? { ...base, outcome: 'pass' }
      : { ...base, outcome: 'fail', detail: `expected ${JSON.stringify(expected)}, got ${show(actual)}` };
  } catch (error) {
    if (error instanceof Unsupported) return { ...base, outcome: 'unsupported', detail: error.message };
    throw error;
  }
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'bigint' ? `${v}n` : v instanceof Map ? Object.fromEntries(v) : v,
    );
  } catch {
    return String(value);
  }
}
