import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { csvField, type EvidenceRow, evidenceCsv } from './evidence.ts';

/** A strict RFC 4180 reader, to check the writer round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
    i++;
  }
  return rows;
}

test('csvField: quotes commas, quotes and line breaks; defuses formulas', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField('+1'), "'+1");
  assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvField(-3), '-3', 'numbers are numbers, not formulas');
});

test('evidenceCsv: every row round-trips through an RFC 4180 reader (fuzz)', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.string(), fc.string(), fc.nat()), { maxLength: 5 }), (values) => {
      const rows: EvidenceRow[] = values.map(([title, service, n]) => ({
        framework: 'soc2',
        control: 'CC6.1',
        ruleId: 'R-1',
        ruleTitle: title,
        service,
        teamId: 't',
        result: 'fail',
        activeFindings: n,
        exceptedFindings: 0,
        lastEvaluatedAt: '2026-01-01T00:00:00.000Z',
      }));
      const parsed = parseCsv(evidenceCsv(rows));
      assert.equal(parsed.length, rows.length + 1);
      parsed.slice(1).forEach((cells, i) => {
        assert.equal(cells.length, 10);
        const unformula = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
        assert.equal(cells[3], unformula(rows[i]?.ruleTitle as string));
        assert.equal(cells[4], unformula(rows[i]?.service as string));
        assert.equal(cells[7], String(rows[i]?.activeFindings));
      });
    }),
  );
});
