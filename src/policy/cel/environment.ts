import { Environment } from '@marcbachmann/cel-js';
import { CEL_FUNCTION_GROUPS } from '../functions/index.ts';

/** Variables every rule expression may use (docs/rule-format.md, "CEL environment"). */
export const RULE_VARIABLES = [
  'object',
  'document',
  'documents',
  'variables',
  'podSpec',
  'podSpecPath',
  'containers',
  'aggregates',
] as const;

/** What an aggregate expression sees: the run's documents and earlier aggregates, nothing per-document. */
export const AGGREGATE_VARIABLES = ['documents', 'aggregates'] as const;

let base: Environment | undefined;
let aggregate: Environment | undefined;
const withItem = new Map<string, Environment>();

/**
 * The one rule environment: optional syntax on, every rule variable `dyn` (documents are
 * schemaless), extra functions from src/policy/functions. Typos in variable names are still
 * compile errors because unlisted variables are not allowed.
 */
export function ruleEnvironment(): Environment {
  if (base) return base;
  base = withFunctions(RULE_VARIABLES);
  return base;
}

/**
 * The environment of `aggregates` expressions: only `documents` and `aggregates`, so a
 * per-document name (`object`, `variables`) is a load-time error instead of a silent null.
 */
export function aggregateEnvironment(): Environment {
  aggregate ??= withFunctions(AGGREGATE_VARIABLES);
  return aggregate;
}

function withFunctions(variables: readonly string[]): Environment {
  const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  for (const name of variables) env.registerVariable(name, 'dyn');
  for (const group of CEL_FUNCTION_GROUPS) {
    for (const fn of group.functions) {
      env.registerFunction(fn.signature, fn.handler as (...args: unknown[]) => unknown, {
        description: fn.description,
      });
    }
  }
  return env;
}

/** The environment plus a forEach item variable (`as`); one clone per name, cached. */
export function environmentWith(itemName: string | undefined): Environment {
  if (itemName === undefined) return ruleEnvironment();
  let env = withItem.get(itemName);
  if (!env) {
    env = ruleEnvironment().clone().registerVariable(itemName, 'dyn');
    withItem.set(itemName, env);
  }
  return env;
}
