import type { Expr, HclFile } from './ast.ts';
import { EMPTY_SCOPE, Evaluator, type Scope } from './evaluate.ts';
import type { Value } from './values.ts';

/**
 * The variables and locals of one Terraform module directory. Terraform merges every `.tf`
 * file of a directory into one module, so `var.x` and `local.x` resolve across files.
 *
 * Variable precedence (lowest first): `default`, `terraform.tfvars`, `*.auto.tfvars` in lexical
 * order, then other `*.tfvars` in lexical order (those are normally passed with -var-file,
 * which Terraform applies last).
 */
export class DirectoryScope implements Scope {
  private readonly defaults = new Map<string, { expr: Expr; file: HclFile }>();
  private readonly declared = new Set<string>();
  private readonly assigned = new Map<string, { expr: Expr; file: HclFile }>();
  private readonly locals = new Map<string, { expr: Expr; file: HclFile }>();
  private readonly localValues = new Map<string, Value | typeof EVALUATING>();
  private readonly variableValues = new Map<string, Value | undefined>();
  /** Locals being evaluated right now: bounds the stack on long chains of locals. */
  private depth = 0;

  constructor(modules: readonly HclFile[], tfvars: readonly HclFile[]) {
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
      for (const attribute of file.body.attributes)
        this.assigned.set(attribute.name, { expr: attribute.value, file });
    }
  }

  variable(name: string): Value | undefined {
    if (this.variableValues.has(name)) return this.variableValues.get(name);
    // A tfvars value for an undeclared variable is ignored, as Terraform does (with a warning).
    const source = this.declared.has(name) ? (this.assigned.get(name) ?? this.defaults.get(name)) : undefined;
    // Defaults and tfvars are literal-only in Terraform: no var/local references.
    const value = source ? new Evaluator(source.file.text, EMPTY_SCOPE).evaluate(source.expr) : undefined;
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
  if (base.endsWith('.auto.tfvars')) return 1;
  return 2;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
