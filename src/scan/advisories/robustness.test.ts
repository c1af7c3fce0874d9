import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { affectedRange, osvJson } from '../../deps/osv/testing.ts';
import { openAdvisoryDb } from './database.ts';
import { importPath } from './import.ts';
import { matchPackages } from './match.ts';
import { makeZip } from './testing/zip-writer.ts';
import { AdvisoryWriter } from './writer.ts';

const record = (modified: string, fixed: string) =>
  osvJson({
    id: 'GHSA-race',
    modified,
    affected: [affectedRange('npm', 'a', [{ introduced: '0' }, { fixed }])],
  });

test('fuzz: damaged zips never throw and never hang; every import is recorded', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-adv-fuzz-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = openAdvisoryDb(join(dir, 'a.db'));
  t.after(() => db.close());
  const good = makeZip([
    { name: 'a.json', data: JSON.stringify(record('2024-01-01T00:00:00Z', '1.0.0')) },
    {
      name: 'b.json',
      data: JSON.stringify({ ...record('2024-01-01T00:00:00Z', '2.0.0'), id: 'GHSA-b' }),
      store: true,
    },
  ]);
  const file = join(dir, 'f.zip');
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 8,
      }),
      fc.nat(good.length),
      async (flips, cut) => {
        const bytes = Buffer.from(good.subarray(0, Math.max(cut, good.length - 40)));
        for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
        writeFileSync(file, bytes);
        const result = await importPath(db, file);
        assert.ok(result.counts.seen <= 2);
        assert.equal(
          result.counts.seen,
          result.counts.added + result.counts.updated + result.counts.unchanged + result.counts.invalid,
        );
      },
    ),
    { numRuns: 150 },
  );
});

test('a writer with an out-of-date view never replaces a newer record written by another connection', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-adv-race-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = openAdvisoryDb(join(dir, 'a.db'));
  const second = openAdvisoryDb(join(dir, 'a.db'));
  t.after(() => {
    first.close();
    second.close();
  });
  const stale = new AdvisoryWriter(first, 'slow', () => {}); // loads its view: empty
  writeFileSync(join(dir, 'new.json'), JSON.stringify(record('2024-06-01T00:00:00Z', '2.0.0')));
  await importPath(second, join(dir, 'new.json'));
  stale.addValue(record('2024-01-01T00:00:00Z', '1.0.0'), { file: 'old.json' });
  stale.flush();
  assert.equal(stale.counts.unchanged, 1);
  assert.equal(matchPackages(first, [{ ecosystem: 'npm', name: 'a', version: '1.5.0' }])[0]?.fixed, '2.0.0');
});
