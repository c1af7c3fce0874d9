import type { Expr, HclFile } from './ast.ts';
import { EMPTY_SCOPE, Evaluator, type Scope } from './evaluate.ts';
import type { Value } from './values.ts';

/** A variable-definitions file: HCL `.tfvars`, or `.tfvars.json` already read into values. */
export type TfvarsFile =
  | HclFile
  | { readonly path: string; readonly values: Readonly<Record<string, Value>> };

/**
 * The variables and locals of one Terraform module directory. Terraform merges every `.tf`
 * file of a directory into one module, so `var.x` and `local.x` resolve across files.
 *
 * Variable precedence (lowest first): `default`, `terraform.tfvars`, `terraform.tfvars.json`,
 * `*.auto.tfvars(.json)` in lexical order, then other `*.tfvars(.json)` in lexical order (those
 * are normally passed with -var-file, which Terraform applies last).
 */
export class DirectoryScope implements Scope {
  private readonly defaults = new Map<string, { expr: Expr; file: HclFile }>();
  private readonly declared = new Set<string>();
  /** Values from tfvars files, evaluated on first use. */
  private readonly assigned = new Map<string, () => Value>();
  private readonly locals = new Map<string, { expr: Expr; file: HclFile }>();
  private readonly localValues = new Map<string, Value | typeof EVALUATING>();
  private readonly variableValues = new Map<string, Value | undefined>();
  /** Locals being evaluated right now: bounds the stack on long chains of locals. */
  private depth = 0;

  constructor(modules: readonly HclFile[], tfvars: readonly TfvarsFile[]) {
    for (const file of modules) {
      for (const block of file.body.blocks) {
        if (block.hasError) continue;
        const name = block.labels[0];
        if (block.type === 'variable' && name !== undefined && !this.declared.has(name)) {
          this.declared.add(name);
          const def = block.body.attributes.find((a) => a.name === 'default');
          if (def) this.defaults.set(name, { expr: def.value, file });
        } else if (block.type === 'locals') {
          for (const attribute of block.body.attributes) {
            if (!this.locals.has(attribute.name))
              this.locals.set(attribute.name, { expr: attribute.value, file });
          }
        }
      }
    }
    for (const file of [...tfvars].sort(
      (a, b) => tfvarsRank(a.path) - tfvarsRank(b.path) || compare(a.path, b.path),
    )) {
      if ('values' in file) {
        for (const [name, value] of Object.entries(file.values)) this.assigned.set(name, () => value);
        continue;
      }
      // tfvars are literal-only in Terraform: no var/local references.
      const evaluator = new Evaluator(file.text, EMPTY_SCOPE);
      for (const attribute of file.body.attributes) {
        this.assigned.set(attribute.name, () => evaluator.evaluate(attribute.value));
      }
    }
  }

  variable(name: string): Value | undefined {
    if (this.variableValues.has(name)) return this.variableValues.get(name);
    // A tfvars value for an undeclared variable is ignored, as Terraform does (with a warning).
    let value: Value | undefined;
    if (this.declared.has(name)) {
      const assigned = this.assigned.get(name);
      const def = this.defaults.get(name);
      // Defaults are literal-only in Terraform: no var/local references.
      value = assigned
        ? assigned()
        : def
          ? new Evaluator(def.file.text, EMPTY_SCOPE).evaluate(def.expr)
          : undefined;
    }
    this.variableValues.set(name, value);
    return value;
  }

  local(name: string): Value | undefined {
    const cached = this.localValues.get(name);
    if (cached === EVALUATING) return undefined; // a cycle: Terraform rejects it, we call it unknown
    if (cached !== undefined || this.localValues.has(name)) return cached as Value;
    const source = this.locals.get(name);
    if (!source || this.depth >= MAX_LOCAL_DEPTH) return undefined;
    this.localValues.set(name, EVALUATING);
    this.depth++;
    const value = new Evaluator(source.file.text, this).evaluate(source.expr);
    this.depth--;
    this.localValues.set(name, value);
    return value;
  }
}

const MAX_LOCAL_DEPTH = 64;
const EVALUATING: unique symbol = Symbol('evaluating');

function tfvarsRank(path: string): number {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === 'terraform.tfvars') return 0;
  if (base === 'terraform.tfvars.json') return 1;
  if (base.endsWith('.auto.tfvars') || base.endsWith('.auto.tfvars.json')) return 2;
  return 3;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
