/**
 * One extra CEL function overload. `signature` uses cel-js syntax: `name(dyn, int): bool` for a
 * global, `string.name(): bool` for a receiver-style method. Handlers must not throw for
 * odd inputs (null for unknown values, wrong types): they return a neutral value instead.
 */
export interface CelFunction {
  readonly signature: string;
  readonly description: string;
  readonly handler: (...args: never[]) => unknown;
}

/** A documented group of functions, one file per group (listed in index.ts). */
export interface CelFunctionGroup {
  readonly name: string;
  readonly functions: readonly CelFunction[];
}
