import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type JsonRecord, JsonRecordSplitter } from './json-split.ts';

function split(
  text: string,
  chunk = text.length,
  max?: number,
): { records: JsonRecord[]; problems: string[] } {
  const s = new JsonRecordSplitter(max);
  const records: JsonRecord[] = [];
  const problems: string[] = [];
  const sink = {
    record: (r: JsonRecord) => records.push(r),
    problem: (l: number, m: string) => problems.push(`${l}: ${m}`),
  };
  for (let i = 0; i < text.length; i += chunk) s.push(text.slice(i, i + chunk), sink);
  s.end(sink);
  return { records, problems };
}

describe('JSON record splitter (concatenated, array and {"Records": [...]} layouts)', () => {
  const pretty = '{\n  "a": "}{\\"",\n  "b": {"c": [1, {"d": 2}]}\n}\n{\n  "e": "\\\\"\n}\n';

  it('splits concatenated pretty-printed objects, ignoring braces and escaped quotes in strings', () => {
    const { records, problems } = split(pretty);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      records.map((r) => [JSON.parse(r.text), r.line, r.offset]),
      [
        [{ a: '}{"', b: { c: [1, { d: 2 }] } }, 1, 0],
        [{ e: '\\' }, 5, pretty.indexOf('{\n  "e"')],
      ],
    );
  });

  it('gives the same records when fed one character at a time', () => {
    assert.deepEqual(split(pretty, 1), split(pretty));
  });

  it('emits the objects of a top-level array and of an array under a top-level key', () => {
    assert.deepEqual(
      split('[{"x":1},\n {"x":2}]').records.map((r) => r.text),
      ['{"x":1}', '{"x":2}'],
    );
    const ct = split('{"Records": [\n{"n": 1},\n{"n": {"deep": 2}}\n]}\n');
    assert.deepEqual(ct.problems, []);
    assert.deepEqual(
      ct.records.map((r) => [r.text, r.line]),
      [
        ['{"n": 1}', 2],
        ['{"n": {"deep": 2}}', 3],
      ],
    );
  });

  it('counts byte offsets of multi-byte UTF-8 text before a record', () => {
    const { records } = split('{"s":"é€"}\n{"t":1}');
    assert.equal(records[1]?.offset, Buffer.byteLength('{"s":"é€"}\n'));
  });

  it('skips a record larger than the bound and reports its first line, then carries on', () => {
    const big = `{"big":"${'x'.repeat(200)}"}\n{"ok":1}`;
    const { records, problems } = split(big, 16, 100);
    assert.deepEqual(
      records.map((r) => r.text),
      ['{"ok":1}'],
    );
    assert.deepEqual(problems, ['1: record larger than 100 bytes']);
  });

  it('resynchronises after a truncated line in JSON lines and reports text outside objects', () => {
    const { records, problems } = split('{"a": "cut\n{"b":1}\nhello\n{"c":{\n{"d":1}\n');
    assert.deepEqual(
      records.map((r) => r.text),
      ['{"b":1}', '{"d":1}'],
    );
    assert.deepEqual(problems, [
      '1: truncated JSON record',
      '3: text outside a JSON object',
      '4: truncated JSON record',
    ]);
  });

  it('reports a value still open at the end of input', () => {
    assert.deepEqual(split('{"a": [1, 2').problems, ['1: truncated JSON at end of input']);
  });
});
