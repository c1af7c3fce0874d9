import type { Node, Scalar } from 'yaml';
import { RuleError } from '../../core/errors.ts';
import { type FrameworkId, isFrameworkId } from '../../core/framework.ts';
import { isSeverity, SEVERITIES, type Severity } from '../../core/severity.ts';
import { INPUT_TYPES, type InputType } from '../../inputs/document.ts';
import { parsePath } from '../../inputs/path.ts';
import { compileExpression, type ExpectedType } from '../cel/compile.ts';
import { RULE_VARIABLES } from '../cel/environment.ts';
import type {
  CompiledExpression,
  CompiledRule,
  CompiledValidation,
  CompiledVariable,
  RuleMatch,
} from '../types.ts';
import type { Field, NodeReader } from './node-reader.ts';

export const API_VERSION = 'rampart.dev/v1';
const RULE_ID = /^[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)*$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONDITION_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const TOP_LEVEL = [
  'apiVersion',
  'kind',
  'id',
  'title',
  'severity',
  'description',
  'why',
  'fix',
  'references',
  'frameworks',
  'aliases',
  'tags',
  'match',
  'matchConditions',
  'aggregates',
  'variables',
  'validations',
] as const;
const REQUIRED = [
  'apiVersion',
  'kind',
  'id',
  'title',
  'severity',
  'description',
  'why',
  'fix',
  'match',
  'validations',
];
const VALIDATION_FIELDS = [
  'expression',
  'message',
  'messageExpression',
  'path',
  'pathExpression',
  'forEach',
  'as',
];

export interface ReadRuleOptions {
  /** Built-in packs may use the reserved `RMP-` prefix; user packs may not. */
  readonly builtin: boolean;
}

/**
 * Reads one `kind: PolicyRule` YAML document strictly (unknown fields and wrong types are
 * errors naming the field) and compiles every expression once. Problems go to `reader.errors`;
 * returns undefined when the rule cannot be used.
 */
export function readRule(
  reader: NodeReader,
  root: Node | null,
  options: ReadRuleOptions,
): CompiledRule | undefined {
  const before = reader.errors.length;
  const fields = reader.object({ node: root, field: '' }, TOP_LEVEL, REQUIRED);
  if (!fields) return undefined;
  const text = (name: string, nonEmpty = true) => reader.string(fields.get(name), { nonEmpty });

  const apiVersion = reader.string(fields.get('apiVersion'), {
    pattern: new RegExp(`^${API_VERSION.replace('.', '\\.')}$`),
    hint: `expected ${API_VERSION}`,
  });
  reader.string(fields.get('kind'), { pattern: /^PolicyRule$/, hint: 'expected PolicyRule' });
  const idField = fields.get('id');
  const id = reader.string(idField, {
    pattern: RULE_ID,
    hint: 'upper-case letters, digits and dashes, e.g. ACME-K8S-001',
  });
  if (id !== undefined && !options.builtin && id.startsWith('RMP-')) {
    reader.fail(idField?.node, 'id', `the RMP- prefix is reserved for built-in rules; use your own prefix`);
  }
  const title = text('title');
  const severityField = fields.get('severity');
  const severityText = reader.string(severityField);
  let severity: Severity | undefined;
  if (severityText !== undefined) {
    if (isSeverity(severityText)) severity = severityText;
    else
      reader.fail(
        severityField?.node,
        'severity',
        `invalid severity '${severityText}' (one of ${SEVERITIES.join(', ')})`,
      );
  }
  const description = text('description');
  const why = text('why');
  const fix = text('fix');
  const references = reader.stringList(fields.get('references')) ?? [];
  const tags = reader.stringList(fields.get('tags')) ?? [];
  const frameworks = readFrameworks(reader, fields.get('frameworks'));
  const aliases = readAliases(reader, fields.get('aliases'));
  const match = readMatch(reader, fields.get('match'));

  const compile = (
    node: Scalar<string> | undefined,
    field: string,
    expected: ExpectedType,
    item?: string,
    scope?: 'rule' | 'aggregate',
  ) => {
    if (!node) return undefined;
    const result = compileExpression(reader.src, node, field, expected, item, scope);
    if ('run' in result) return result;
    reader.errors.push(result as RuleError);
    return undefined;
  };
  // Condition names are labels (`not-kube-system`); variable names are read as `variables.<name>`.
  const matchConditions = readNamed(
    reader,
    fields.get('matchConditions'),
    compile,
    'bool',
    CONDITION_NAME,
    'letters, digits, - _ .',
  );
  const aggregates = readNamed(
    reader,
    fields.get('aggregates'),
    (node, field, expected) => compile(node, field, expected, undefined, 'aggregate'),
    'any',
    IDENTIFIER,
    'a CEL identifier',
  );
  const variables = readNamed(
    reader,
    fields.get('variables'),
    compile,
    'any',
    IDENTIFIER,
    'a CEL identifier',
  );
  const validations = readValidations(reader, fields.get('validations'), compile);
  checkAggregateReferences(reader, aggregates, [
    ...matchConditions,
    ...variables,
    ...validations.flatMap((v) =>
      [v.expression, v.forEach, v.messageExpression, v.pathExpression]
        .filter((e) => e !== undefined)
        .map((expression) => ({ name: expression.field, expression })),
    ),
  ]);

  if (reader.errors.length > before) return undefined;
  if (!apiVersion || !id || !title || !severity || !description || !why || !fix || !match) return undefined;
  const all: CompiledExpression[] = [
    ...matchConditions.map((c) => c.expression),
    ...variables.map((v) => v.expression),
    ...validations.flatMap((v) =>
      [v.expression, v.forEach, v.messageExpression, v.pathExpression].filter((e) => e !== undefined),
    ),
  ];
  const at = reader.src.position(idField?.node?.range?.[0] ?? 0);
  return {
    apiVersion,
    id,
    title,
    severity,
    description,
    why,
    fix,
    references,
    tags,
    frameworks,
    aliases,
    match,
    matchConditions,
    variables,
    ...(aggregates.length > 0 ? { aggregates } : {}),
    validations,
    source: { file: reader.src.file, ...at },
    crossDocument: aggregates.length > 0 || all.some((e) => e.usesDocuments),
    variablesFirst: matchConditions.some((c) => c.expression.free.identifiers.has('variables')),
  };
}

type Compile = (
  node: Scalar<string> | undefined,
  field: string,
  expected: ExpectedType,
  item?: string,
) => CompiledExpression | undefined;

/**
 * `aggregates.<name>` must name a declared aggregate, and inside an aggregate an earlier one
 * (they are evaluated in order, once): caught at load with the field that holds the reference,
 * not as an evaluation error on every document. `aggregates[...]` is left to run time.
 */
function checkAggregateReferences(
  reader: NodeReader,
  aggregates: readonly CompiledVariable[],
  others: readonly CompiledVariable[],
): void {
  const names = aggregates.map((a) => a.name);
  const check = (expression: CompiledExpression, allowed: readonly string[]) => {
    const refs = expression.free.aggregateRefs;
    // `aggregates[x]` or the whole map: names unknown until run time (a missing one is an evaluation error).
    if (refs === 'all') return;
    for (const name of refs) {
      if (allowed.includes(name)) continue;
      const problem = names.includes(name)
        ? `aggregates.${name} is not declared before this aggregate (aggregates are evaluated in order)`
        : `unknown aggregate '${name}'${names.length > 0 ? ` (declared: ${names.join(', ')})` : ' (the rule declares no aggregates)'}`;
      reader.errors.push(
        new RuleError(
          'E_RULE_INVALID',
          `${expression.field}: ${problem}\n${reader.src.excerpt(expression.at.line, expression.at.column)}`,
          {
            file: expression.at.file,
            line: expression.at.line,
            column: expression.at.column,
          },
        ),
      );
    }
  };
  aggregates.forEach((a, i) => {
    check(a.expression, names.slice(0, i));
  });
  for (const o of others) check(o.expression, names);
}

function readFrameworks(
  reader: NodeReader,
  f: Field | undefined,
): Partial<Record<FrameworkId, readonly string[]>> {
  const out: Partial<Record<FrameworkId, readonly string[]>> = {};
  reader.entries(f, (key, value, keyNode) => {
    if (!isFrameworkId(key)) {
      reader.fail(keyNode, value.field, `unknown framework id '${key}' (see src/core/framework.ts)`);
      return undefined;
    }
    const controls = reader.stringList(value);
    if (controls) out[key] = controls;
    return controls;
  });
  return out;
}

function readAliases(reader: NodeReader, f: Field | undefined): Record<string, string | readonly string[]> {
  const out: Record<string, string | readonly string[]> = {};
  reader.entries(f, (key, value) => {
    const v = Array.isArray((value.node as { items?: unknown } | null)?.items)
      ? reader.stringList(value)
      : reader.string(value);
    if (v !== undefined) out[key] = v;
    return v;
  });
  return out;
}

function readMatch(reader: NodeReader, f: Field | undefined): RuleMatch | undefined {
  if (!f) return undefined;
  const fields = reader.object(f, ['input', 'kinds', 'resourceTypes', 'dataTypes', 'blockTypes'], ['input']);
  if (!fields) return undefined;
  const inputField = fields.get('input');
  const input = reader.string(inputField);
  if (input === undefined) return undefined;
  if (!(INPUT_TYPES as readonly string[]).includes(input)) {
    reader.fail(
      inputField?.node,
      'match.input',
      `unknown input type '${input}' (one of ${INPUT_TYPES.join(', ')})`,
    );
    return undefined;
  }
  const match: { -readonly [K in keyof RuleMatch]: RuleMatch[K] } = { input: input as InputType };
  const kinds = reader.stringList(fields.get('kinds'));
  if (kinds) match.kinds = kinds;
  for (const key of ['resourceTypes', 'dataTypes', 'blockTypes'] as const) {
    const field = fields.get(key);
    if (!field) continue;
    if (input !== 'terraform') {
      reader.fail(field.key, field.field, `only valid with input: terraform`);
      continue;
    }
    const list = reader.stringList(field);
    if (list) match[key] = list;
  }
  return match;
}

function readNamed(
  reader: NodeReader,
  f: Field | undefined,
  compile: Compile,
  expected: ExpectedType,
  namePattern: RegExp,
  hint: string,
): CompiledVariable[] {
  const out: CompiledVariable[] = [];
  const seen = new Set<string>();
  for (const item of reader.list(f) ?? []) {
    const fields = reader.object(item, ['name', 'expression'], ['name', 'expression']);
    if (!fields) continue;
    const name = reader.string(fields.get('name'), { pattern: namePattern, hint });
    if (name !== undefined) {
      if (seen.has(name))
        reader.fail(fields.get('name')?.node, `${item.field}.name`, `duplicate name '${name}'`);
      seen.add(name);
    }
    const expression = compile(reader.scalar(fields.get('expression')), `${item.field}.expression`, expected);
    if (name !== undefined && expression)
      out.push({ name, expression, invariant: isInvariant(expression, out) });
  }
  return out;
}

/** Reads only `documents`, constants and earlier invariant variables (see CompiledVariable). */
function isInvariant(expression: CompiledExpression, earlier: readonly CompiledVariable[]): boolean {
  const { identifiers, variableRefs } = expression.free;
  for (const id of identifiers) if (id !== 'documents' && id !== 'variables') return false;
  if (variableRefs === 'all') return false;
  for (const ref of variableRefs) {
    if (!earlier.some((v) => v.name === ref && v.invariant)) return false;
  }
  return true;
}

function readValidations(reader: NodeReader, f: Field | undefined, compile: Compile): CompiledValidation[] {
  const out: CompiledValidation[] = [];
  const items = reader.list(f);
  if (items && items.length === 0) reader.fail(f?.node, 'validations', 'at least one validation is required');
  for (const [index, item] of (items ?? []).entries()) {
    const fields = reader.object(item, VALIDATION_FIELDS, ['expression']);
    if (!fields) continue;
    const forEachNode = reader.scalar(fields.get('forEach'));
    const asField = fields.get('as');
    let as = 'item';
    if (asField) {
      const name = reader.string(asField, { pattern: IDENTIFIER, hint: 'a CEL identifier' });
      if (!fields.has('forEach'))
        reader.fail(asField.key, asField.field, '`as` only applies together with forEach');
      if (name !== undefined && (RULE_VARIABLES as readonly string[]).includes(name)) {
        reader.fail(asField.node, asField.field, `'${name}' would hide the rule variable of the same name`);
      } else if (name !== undefined) as = name;
    }
    const item_ = fields.has('forEach') ? as : undefined;
    for (const [a, b] of [
      ['message', 'messageExpression'],
      ['path', 'pathExpression'],
    ] as const) {
      if (fields.has(a) && fields.has(b))
        reader.fail(fields.get(b)?.key, `${item.field}.${b}`, `use either ${a} or ${b}, not both`);
    }
    const expression = compile(
      reader.scalar(fields.get('expression')),
      `${item.field}.expression`,
      'bool',
      item_,
    );
    const forEach = compile(forEachNode, `${item.field}.forEach`, 'list');
    const messageExpression = compile(
      reader.scalar(fields.get('messageExpression')),
      `${item.field}.messageExpression`,
      'string',
      item_,
    );
    const pathExpression = compile(
      reader.scalar(fields.get('pathExpression')),
      `${item.field}.pathExpression`,
      'string',
      item_,
    );
    const message = reader.string(fields.get('message'));
    const path = reader.string(fields.get('path'));
    if (path !== undefined && parsePath(path) === undefined) {
      reader.fail(fields.get('path')?.node, `${item.field}.path`, `malformed field path '${path}'`);
    }
    if (!expression) continue;
    const v: { -readonly [K in keyof CompiledValidation]: CompiledValidation[K] } = { index, expression, as };
    if (forEach) v.forEach = forEach;
    if (message !== undefined) v.message = message;
    if (messageExpression) v.messageExpression = messageExpression;
    if (path !== undefined) v.path = path;
    if (pathExpression) v.pathExpression = pathExpression;
    out.push(v);
  }
  return out;
}
