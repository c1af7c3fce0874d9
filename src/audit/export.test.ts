import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AuditLog } from './audit-log.ts';
import { AuditError } from './errors.ts';
import { verifyExportLines, writeExport } from './export.ts';
import { generateSigner } from './signing-key.ts';
import { MemoryAuditRepository } from './testing/memory-repository.ts';

async function exportLines(count: number): Promise<string[]> {
  const repo = new MemoryAuditRepository();
  const log = new AuditLog(repo, generateSigner(), { checkpointEvery: 4 });
  for (let i = 1; i <= count; i++) {
    await log.append({
      actor: 'person:1',
      action: 'x.y',
      target: `t:${i}`,
      details: { i, note: 'a "quoted"\nline', list: [1, 2.5, null] },
    });
  }
  const lines: string[] = [];
  await writeExport(repo, (line) => {
    lines.push(line);
  });
  return lines;
}

test('export: header, entries and checkpoints in seq order; round trip verifies', async () => {
  const lines = await exportLines(9);
  const types = lines.map((l) => JSON.parse(l).type);
  assert.deepEqual(types, [
    'header',
    ...'eceeeceeeece'.split('').map((c) => (c === 'e' ? 'entry' : 'checkpoint')),
  ]);
  const report = await verifyExportLines(lines);
  assert.equal(report.ok, true, report.problem?.reason);
  assert.deepEqual([report.entries, report.checkpoints, report.signedThrough], [9, 3, 8]);
});

test('export: dropped lines are detected (entry → missing, last entries → truncated)', async () => {
  const lines = await exportLines(9);
  const withoutEntry3 = lines.filter((l) => !l.includes('"seq":3,"at"'));
  assert.equal((await verifyExportLines(withoutEntry3)).problem?.kind, 'missing');
  // Keep the header, entries 1..5 and every checkpoint line.
  const truncated = lines.filter((l) => !/"type":"entry","seq":[6-9],/.test(l));
  const report = await verifyExportLines(truncated);
  assert.deepEqual([report.problem?.seq, report.problem?.kind], [6, 'truncated']);
});

test('export: any single-character change to an entry or checkpoint line is detected (property)', async () => {
  const lines = await exportLines(9);
  const body = lines.length - 1;
  await fc.assert(
    fc.asyncProperty(
      fc.nat(body - 1),
      fc.nat(10_000),
      fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
      async (which, at, replacement) => {
        const index = 1 + which;
        const line = lines[index] as string;
        const position = at % line.length;
        if (line[position] === replacement) return;
        const changed = [...lines];
        changed[index] = line.slice(0, position) + replacement + line.slice(position + 1);
        const report = await verifyExportLines(changed);
        assert.equal(
          report.ok,
          false,
          `undetected: line ${index} char ${position} → ${JSON.stringify(replacement)}`,
        );
      },
    ),
    { numRuns: 1000 },
  );
});

test('export: a signature with a junk character in its base64 padding is rejected (found by the property above)', async () => {
  const lines = await exportLines(4);
  const index = lines.findIndex((l) => l.includes('"type":"checkpoint","seq":4'));
  const changed = [...lines];
  changed[index] = (changed[index] as string).replace(/="\}$/, '\u{2f47b}"}');
  assert.notEqual(changed[index], lines[index]);
  const report = await verifyExportLines(changed);
  assert.deepEqual(
    [report.problem?.kind, report.problem?.reason],
    ['bad-checkpoint', 'checkpoint for seq 4: its signature is not 64 bytes of canonical base64'],
  );
});

test('export: arbitrary input never crashes the verifier (fuzz: report or AuditError only)', async () => {
  const header = JSON.stringify({ type: 'header', format: 'rampart-audit-export', version: 1, keys: [] });
  const line = fc.oneof(
    fc.string(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .record({
        type: fc.constantFrom('entry', 'checkpoint'),
        seq: fc.oneof(fc.integer(), fc.double()),
        hash: fc.string(),
      })
      .map((v) => JSON.stringify(v)),
  );
  await fc.assert(
    fc.asyncProperty(fc.boolean(), fc.array(line, { maxLength: 20 }), async (withHeader, lines) => {
      try {
        const report = await verifyExportLines(withHeader ? [header, ...lines] : lines);
        assert.equal(typeof report.ok, 'boolean');
      } catch (error) {
        assert.ok(error instanceof AuditError, String(error));
      }
    }),
    { numRuns: 300 },
  );
});
