import { isMap, LineCounter, parseDocument } from 'yaml';
import type { RuleError } from '../../core/errors.ts';
import { INPUT_TYPES, type InputType } from '../../inputs/document.ts';
import { NodeReader } from '../load/node-reader.ts';
import { SourceText } from '../load/source-text.ts';

/** One entry of a rule's tests.yaml. */
export interface TestCase {
  /** Fixture path relative to the rule folder (a file, or a folder parsed as one set). */
  readonly file: string;
  /** Exact set of lines where the rule must report. */
  readonly expect: readonly number[];
  readonly input?: InputType;
  /** Line of the case in tests.yaml, for messages. */
  readonly line: number;
}

/** Reads tests.yaml strictly (unknown fields and wrong types are errors naming file:line:field). */
export function readTests(text: string, file: string): { cases: TestCase[]; errors: RuleError[] } {
  const lineCounter = new LineCounter();
  const src = new SourceText(file, text, lineCounter);
  const reader = new NodeReader(src);
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) reader.fail(null, '', `YAML syntax: ${e.message.split('\n')[0]}`, e.pos[0]);
    return { cases: [], errors: reader.errors };
  }
  const cases: TestCase[] = [];
  const items = reader.list({ node: doc.contents as never, field: 'tests' }) ?? [];
  for (const item of items) {
    if (!isMap(item.node)) {
      reader.fail(item.node, item.field, 'expected a mapping with file and expect');
      continue;
    }
    const fields = reader.object(item, ['file', 'expect', 'input'], ['file', 'expect']);
    if (!fields) continue;
    const fixture = reader.string(fields.get('file'));
    const expect: number[] = [];
    let expectOk = true;
    for (const entry of reader.list(fields.get('expect')) ?? []) {
      const value = (entry.node as { value?: unknown } | null)?.value;
      if (typeof value === 'number' && Number.isInteger(value) && value > 0) expect.push(value);
      else {
        reader.fail(entry.node, entry.field, 'expected a line number (positive integer)');
        expectOk = false;
      }
    }
    const inputField = fields.get('input');
    const input = reader.string(inputField);
    if (input !== undefined && !(INPUT_TYPES as readonly string[]).includes(input)) {
      reader.fail(
        inputField?.node,
        inputField?.field ?? 'input',
        `unknown input type '${input}' (one of ${INPUT_TYPES.join(', ')})`,
      );
      continue;
    }
    if (fixture === undefined || !expectOk || !fields.has('expect')) continue;
    const line = src.position(item.node?.range?.[0] ?? 0).line;
    cases.push(
      input === undefined
        ? { file: fixture, expect, line }
        : { file: fixture, expect, input: input as InputType, line },
    );
  }
  return { cases, errors: reader.errors };
}
