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
] as const;

let base: Environment | undefined;
const withItem = new Map<string, Environment>();

/**
 * The one rule environment: optional syntax on, every rule variable `dyn` (documents are
 * schemaless), extra functions from src/policy/functions. Typos in variable names are still
 * compile errors because unlisted variables are not allowed.
 */
export function ruleEnvironment(): Environment {
  if (base) return base;
  const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  for (const name of RULE_VARIABLES) env.registerVariable(name, 'dyn');
  for (const group of CEL_FUNCTION_GROUPS) {
    for (const fn of group.functions) {
      env.registerFunction(fn.signature, fn.handler as (...args: unknown[]) => unknown, {
        description: fn.description,
      });
    }
  }
  base = env;
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
