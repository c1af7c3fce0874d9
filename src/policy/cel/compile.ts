import type { Scalar } from 'yaml';
import { RuleError } from '../../core/errors.ts';
import { scalarOffset } from '../load/scalar-offset.ts';
import type { SourceText } from '../load/source-text.ts';
import type { CompiledExpression, EvalOutcome } from '../types.ts';
import { aggregateEnvironment, environmentWith } from './environment.ts';
import { freeVariables } from './free-variables.ts';

interface CelLikeError {
  readonly summary?: string;
  readonly message?: string;
  readonly range?: { readonly start: number; readonly end: number };
}

/** What an expression must produce, checked at load when the type checker knows it. */
export type ExpectedType = 'bool' | 'string' | 'list' | 'any';

/**
 * Parses and type-checks one expression exactly once. A problem becomes a RuleError
 * (E_RULE_CEL) at the file line/column of the offending character inside the YAML value.
 */
export function compileExpression(
  src: SourceText,
  node: Scalar<string>,
  field: string,
  expected: ExpectedType,
  itemName?: string,
  scope: 'rule' | 'aggregate' = 'rule',
): CompiledExpression | RuleError {
  const source = node.value;
  const env = scope === 'aggregate' ? aggregateEnvironment() : environmentWith(itemName);
  let program: ReturnType<typeof env.parse>;
  try {
    program = env.parse(source);
  } catch (error) {
    return celError(src, node, field, error as CelLikeError);
  }
  const check = program.check();
  if (!check.valid) return celError(src, node, field, (check.error ?? {}) as CelLikeError);
  const type = check.type ?? 'dyn';
  if (expected !== 'any' && type !== 'dyn' && !type.startsWith(expected)) {
    return celError(src, node, field, { summary: `must evaluate to ${expected}, but evaluates to ${type}` });
  }
  const startOffset = scalarOffset(src.text, node, 0);
  const free = freeVariables(program.ast);
  return {
    source,
    field,
    at: { file: src.file, ...src.position(startOffset) },
    usesDocuments: free.identifiers.has('documents'),
    free,
    run(context): EvalOutcome {
      try {
        return { ok: true, value: program(context) };
      } catch (error) {
        const e = error as CelLikeError;
        return { ok: false, error: e.summary ?? e.message ?? String(error) };
      }
    },
  };
}

function celError(src: SourceText, node: Scalar<string>, field: string, error: CelLikeError): RuleError {
  const inExpression = error.range?.start ?? 0;
  const offset = scalarOffset(src.text, node, inExpression);
  const { line, column } = src.position(offset);
  const summary = error.summary ?? error.message ?? 'invalid expression';
  return new RuleError('E_RULE_CEL', `${field}: ${summary}\n${src.excerpt(line, column)}`, {
    file: src.file,
    line,
    column,
  });
}
