import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ReadArena, readScanFile, readScanFileSync } from './read.ts';

describe('readScanFileSync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-read-sync-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'ok.yaml'), 'kind: Pod\nname: é\n');
  writeFileSync(join(dir, 'bin.dat'), Buffer.from([1, 2, 0, 3]));
  writeFileSync(join(dir, 'big.txt'), 'x'.repeat(100));

  for (const [name, max] of [
    ['ok.yaml', 1000],
    ['bin.dat', 1000],
    ['big.txt', 10],
    ['missing.txt', 1000],
  ] as const) {
    it(`gives exactly what readScanFile gives: ${name}`, async () => {
      const sync = readScanFileSync(join(dir, name), name, max);
      assert.deepEqual(sync, await readScanFile(join(dir, name), name, max));
      if (name === 'ok.yaml')
        assert.deepEqual(sync, {
          path: name,
          content: 'kind: Pod\nname: é\n',
          bytes: Buffer.from('kind: Pod\nname: é\n'),
        });
      else assert.equal('content' in sync, false, `${name} is skipped with a notice`);
    });

    it(`gives the same through a read arena, with room or without: ${name}`, () => {
      const alone = readScanFileSync(join(dir, name), name, max);
      for (const room of [1000, 100, 99, 5, 0]) {
        const arena = new ReadArena(1000);
        arena.take(1000 - room);
        assert.deepEqual(readScanFileSync(join(dir, name), name, max, arena), alone, `room ${room}`);
      }
    });
  }

  it('reads files into the arena back to back until it is full, then into buffers of their own', () => {
    const arena = new ReadArena(250);
    const first = readScanFileSync(join(dir, 'big.txt'), 'big.txt', 1000, arena);
    const second = readScanFileSync(join(dir, 'big.txt'), 'big.txt', 1000, arena);
    const third = readScanFileSync(join(dir, 'big.txt'), 'big.txt', 1000, arena);
    const bytes = (f: typeof first) => ('bytes' in f ? f.bytes : undefined) as Uint8Array;
    assert.equal(arena.holds(bytes(first)), true);
    assert.equal(arena.holds(bytes(second)), true);
    assert.equal(arena.holds(bytes(third)), false);
    for (const f of [first, second, third]) assert.equal(Buffer.from(bytes(f)).toString(), 'x'.repeat(100));
  });
});
