import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { makeTar, makeZip } from '../../../test/fixtures/secrets/make-archive.ts';
import { DEFAULT_ARCHIVE_LIMITS, readArchive } from './archives.ts';

const paths = (c: { members: { path: string }[] }) => c.members.map((m) => m.path).sort();

test('zip: text members are read and named archive!member; binaries skipped', async () => {
  const zip = makeZip([
    { name: 'config/app.env', data: 'TOKEN=abc\n' },
    { name: 'dir/', data: '' },
    { name: 'logo.png', data: Buffer.from([0x89, 0x50, 0x00, 0x01]) },
    { name: 'readme.txt', data: 'hello', store: true },
  ]);
  const out = await readArchive(zip, 'pkg/a.zip');
  assert.deepEqual(paths(out), ['pkg/a.zip!config/app.env', 'pkg/a.zip!readme.txt']);
  assert.equal(out.members.find((m) => m.path.endsWith('app.env'))?.content, 'TOKEN=abc\n');
  assert.deepEqual(out.problems, []);
});

test('tar and tar.gz, and archives nested in archives up to the depth limit', async () => {
  const inner = makeZip([{ name: 'deep.txt', data: 'deep' }]);
  const tgz = await makeTar(
    [
      { name: 'a.txt', data: 'A' },
      { name: 'inner.zip', data: inner },
    ],
    true,
  );
  const out = await readArchive(tgz, 'b.tar.gz');
  assert.deepEqual(paths(out), ['b.tar.gz!a.txt', 'b.tar.gz!inner.zip!deep.txt']);
  const shallow = await readArchive(tgz, 'b.tgz', { ...DEFAULT_ARCHIVE_LIMITS, maxDepth: 1 });
  assert.deepEqual(paths(shallow), ['b.tgz!a.txt']);
  assert.match(shallow.problems[0]?.message ?? '', /nested deeper than 1/);
  const tarOut = await readArchive(await makeTar([{ name: 'x/y.txt', data: 'Y' }]), 'c.tar');
  assert.deepEqual(paths(tarOut), ['c.tar!x/y.txt']);
});

test('zip-slip: entries escaping the archive are refused and named', async () => {
  const zip = makeZip([
    { name: '../../etc/evil.sh', data: 'x' },
    { name: '/abs/path.txt', data: 'x' },
    { name: 'ok.txt', data: 'fine' },
  ]);
  const out = await readArchive(zip, 'slip.zip');
  assert.deepEqual(paths(out), ['slip.zip!ok.txt']);
  assert.deepEqual(
    out.problems.map((p) => p.path),
    ['slip.zip!../../etc/evil.sh', 'slip.zip!/abs/path.txt'],
  );
  const tarSlip = await readArchive(await makeTar([{ name: '../up.txt', data: 'x' }]), 't.tar');
  assert.match(tarSlip.problems[0]?.message ?? '', /escapes the archive/);
});

test('zip bomb: high compression ratio, entry size and total size are bounded', async () => {
  const zeros = Buffer.alloc(20 * 1024 * 1024);
  const bomb = makeZip([{ name: 'zeros.txt', data: zeros }]);
  const out = await readArchive(bomb, 'bomb.zip');
  assert.equal(out.members.length, 0);
  assert.match(out.problems[0]?.message ?? '', /compression ratio \d+:1 above 100:1/);
  const gz = gzipSync(await makeTar([{ name: 'z.txt', data: zeros }]));
  const gzOut = await readArchive(gz, 'bomb.tgz');
  assert.equal(gzOut.members.length, 0);
  assert.match(gzOut.problems[0]?.message ?? '', /gzip bomb/);
  const many = makeZip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, data: `line ${i}` })));
  const limited = await readArchive(many, 'many.zip', { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 10 });
  assert.equal(limited.members.length, 10);
  assert.match(limited.problems[0]?.message ?? '', /more than 10 entries/);
  const big = await readArchive(
    makeZip([{ name: 'big.txt', data: 'x'.repeat(5000), store: true }]),
    'big.zip',
    {
      ...DEFAULT_ARCHIVE_LIMITS,
      maxEntryBytes: 1000,
    },
  );
  assert.match(big.problems[0]?.message ?? '', /5000 bytes, above the 1000-byte entry limit/);
});

test('corrupt archives become a problem naming the archive, never a throw', async () => {
  const zip = makeZip([{ name: 'a.txt', data: 'hello world hello world' }]);
  const truncated = await readArchive(zip.subarray(0, zip.length - 10), 'cut.zip');
  assert.match(truncated.problems[0]?.path ?? '', /^cut\.zip/);
  const notGzip = await readArchive(Buffer.from('not gzip at all'), 'x.tgz');
  assert.match(notGzip.problems[0]?.message ?? '', /unreadable tgz archive/);
});

test('fuzz: random and mutated archives never throw or hang', async () => {
  const good = makeZip([{ name: 'a.txt', data: 'some text here' }]);
  const goodTar = await makeTar([{ name: 'a.txt', data: 'some text' }], true);
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(good, goodTar),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      fc.nat(),
      fc.constantFrom('f.zip', 'f.tgz', 'f.tar'),
      async (base, flips, cut, name) => {
        const bytes = Buffer.from(base);
        for (const [at, v] of flips) bytes[at % bytes.length] = v;
        const out = await readArchive(bytes.subarray(0, Math.max(1, bytes.length - (cut % 20))), name);
        assert.ok(Array.isArray(out.members) && Array.isArray(out.problems));
      },
    ),
    { numRuns: 300 },
  );
});
