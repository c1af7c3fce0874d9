import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requirementsTxt } from './requirements.ts';
import { parseFixture, problemSummary, summary } from './testing.ts';

const F = 'python/requirements/requirements.txt';
const BASE = 'python/requirements/requirements/base.txt';

test('requirements.txt: only == / === pins are packages; includes, hashes, markers, extras, continuations', () => {
  const r = parseFixture(F);
  assert.deepEqual(summary(r.packages), [
    `pkg:pypi/certifi@2023.11.17 ${BASE}:1 direct=undefined dev=undefined`,
    `pkg:pypi/django@4.2.7 ${F}:6 direct=undefined dev=undefined`,
    `pkg:pypi/requests@2.31.0 ${F}:9 direct=undefined dev=undefined`,
    `pkg:pypi/flask-sqlalchemy@3.1.1 ${F}:10 direct=undefined dev=undefined`,
    `pkg:pypi/zope-interface@6.1 ${F}:18 direct=undefined dev=undefined`,
  ]);
  assert.equal(r.packages[3]?.name, 'Flask_SQLAlchemy', 'the name stays as written; the purl is PEP 503');
  assert.deepEqual(problemSummary(r), [
    `error include ${BASE}:2: include cycle: ${F} → ${BASE} → ${F}`,
    `error include ${BASE}:3: cannot read included file python/requirements/requirements/missing.txt`,
    `notice include ${F}:3: constraints file python/requirements/constraints.txt only limits versions; not read`,
    `notice unpinned ${F}:11: urllib3: urllib3>=1.26,<3 is a range, not a version; not reported`,
    `notice unpinned ${F}:12: celery: celery~=5.3 is a range, not a version; not reported`,
    `notice unpinned ${F}:13: numpy: numpy has no version; not reported`,
    `notice unpinned ${F}:14: pandas: pandas==2.1.* is a range, not a version; not reported`,
    `notice non-registry ${F}:15: editable requirement "-e ./libs/internal"; not reported`,
    `notice non-registry ${F}:16: path or URL requirement "git+https://github.com/someone/pkg.git#egg=pkg"; not reported`,
    `notice non-registry ${F}:17: direct URL reference for mypkg; not reported`,
  ]);
});

test('requirements.txt from pip-compile: `# via -r` marks direct pins', () => {
  const f = 'python/requirements/compiled-requirements.txt';
  assert.deepEqual(summary(parseFixture(f).packages), [
    `pkg:pypi/asgiref@3.7.2 ${f}:7 direct=false dev=undefined`,
    `pkg:pypi/django@4.2.7 ${f}:10 direct=true dev=undefined`,
    `pkg:pypi/sqlparse@0.4.4 ${f}:13 direct=true dev=undefined`,
    `pkg:pypi/typing-extensions@4.8.0 ${f}:17 direct=false dev=undefined`,
  ]);
});

test('requirements includes: without readFile they are problems; nesting is bounded', () => {
  const alone = requirementsTxt.parse('requirements.txt', '-r other.txt\nsix==1.16.0\n');
  assert.deepEqual(summary(alone.packages), [
    'pkg:pypi/six@1.16.0 requirements.txt:2 direct=undefined dev=undefined',
  ]);
  assert.equal(alone.problems[0]?.message, 'requirements.txt:1: cannot read included file other.txt');
  // a chain r0 → r1 → r2 … never ends: stopped at the depth limit
  const chain = requirementsTxt.parse('r0-requirements.txt', '-r r1-requirements.txt\n', {
    readFile: (p) => `-r r${Number(/r(\d+)-/.exec(p)?.[1]) + 1}-requirements.txt\n`,
  });
  assert.equal(chain.problems.length, 1);
  assert.match(chain.problems[0]?.message ?? '', /includes nest deeper than 8/);
});

test('requirements: which files are requirements files', () => {
  for (const p of [
    'requirements.txt',
    'a/requirements-dev.txt',
    'dev-requirements.txt',
    'requirements/base.txt',
  ]) {
    assert.ok(requirementsTxt.accepts(p), p);
  }
  for (const p of ['notes.txt', 'requirements.in', 'README.md']) assert.ok(!requirementsTxt.accepts(p), p);
});

test('requirements: an included text over the size limit is refused', () => {
  const huge = ' '.repeat(64 * 1024 * 1024 + 1);
  const r = requirementsTxt.parse('requirements.txt', '-r big.txt\n', { readFile: () => huge });
  assert.deepEqual(
    r.problems.map((p) => [p.kind, p.message]),
    [['too-large', 'requirements.txt:1: included file big.txt is over the size limit; not read']],
  );
});

test('requirements: -r/-c spellings (space, =, attached) all resolve relative to the including file', () => {
  const seen: string[] = [];
  const r = requirementsTxt.parse(
    'app/requirements.txt',
    '-r a.txt\n--requirement=b.txt\n-rsub/c.txt\n-r ../d.txt\n',
    {
      readFile: (p) => {
        seen.push(p);
        return `pkg-${seen.length}==1.0\n`;
      },
    },
  );
  assert.deepEqual(seen, ['app/a.txt', 'app/b.txt', 'app/sub/c.txt', 'd.txt']);
  assert.deepEqual(
    r.packages.map((p) => `${p.name} ${p.location.file}:${p.location.line}`),
    ['pkg-1 app/a.txt:1', 'pkg-2 app/b.txt:1', 'pkg-3 app/sub/c.txt:1', 'pkg-4 d.txt:1'],
  );
});

const HASHED = 'python/requirements/hashed-requirements.txt';
const sha256 = (p: { hashes?: readonly { algorithm: string; value: string }[] } | undefined) =>
  p?.hashes?.map((h) => `${h.algorithm}:${h.value}`);

test('requirements --hash: one digest is the package hash; several (one per distribution file) record none, like the Python lockfiles', () => {
  const r = parseFixture(HASHED);
  assert.deepEqual(problemSummary(r), []);
  const by = (n: string) => r.packages.find((p) => p.name === n);
  assert.deepEqual(sha256(by('certifi')), [
    'SHA-256:a1556834c105515da000f8b77b0fd13ea715983729513b82f1c0d6498101b958',
  ]);
  // three --hash options across `\` continuation lines: three acceptable files, none is "the" artifact
  assert.equal(by('charset-normalizer')?.hashes, undefined);
  assert.deepEqual(sha256(by('idna')), [
    'SHA-512:5ddc31e1430535c98b94fdc65bcdc23bb11e5355485242ad9f5ff754e88d49300871f19d562c26735b03edabc48976fa647cca660e2d422bc217e846cce3b4aa',
  ]);
  // the same digest twice is one file
  assert.deepEqual(sha256(by('requests')), [
    'SHA-256:49c27f94ec8a3b8bcb00aa495798d1114a624af3873a8d444c2541d1c0f8bf02',
  ]);
  // `--hash sha256:…` (space) after an environment marker
  assert.deepEqual(sha256(by('urllib3')), [
    'SHA-256:019a8d88f9111fd193e2c058d4914b56180249b7ddadf55277d2d37ca5de364b',
  ]);
  assert.deepEqual(
    summary(r.packages).map((s) => s.split(' ').slice(0, 3).join(' ')),
    [
      `pkg:pypi/certifi@2024.2.2 ${HASHED}:5 direct=false`,
      `pkg:pypi/charset-normalizer@3.3.2 ${HASHED}:8 direct=false`,
      `pkg:pypi/idna@3.6 ${HASHED}:13 direct=false`,
      `pkg:pypi/requests@2.31.0 ${HASHED}:15 direct=true`,
      `pkg:pypi/urllib3@2.2.1 ${HASHED}:19 direct=false`,
    ],
  );
});

test('requirements --hash: Django with two --hash options records none; requests without any records none', () => {
  const r = parseFixture(F);
  assert.equal(r.packages.find((p) => p.name === 'Django')?.hashes, undefined);
  assert.equal(r.packages.find((p) => p.name === 'requests')?.hashes, undefined);
});

test('requirements --hash: malformed values are errors naming file, line and requirement; the package stays, hashless', () => {
  const ok = 'a'.repeat(64);
  const text = [
    `md5pkg==1.0 --hash=md5:${'b'.repeat(32)}`,
    'nocolon==1.0 --hash=sha256',
    'shorthex==1.0 --hash=sha256:abc',
    `nothex==1.0 --hash=sha256:${'z'.repeat(64)}`,
    'empty==1.0 --hash=',
    // one good and one bad: the good one may not be the only file, so none is recorded
    `mixed==1.0 \\\n  --hash=sha256:${ok} \\\n  --hash=sha1:${'c'.repeat(40)}`,
    `good==1.0 --hash=sha256:${ok.toUpperCase()}`,
  ].join('\n');
  const r = requirementsTxt.parse('requirements.txt', `${text}\n`);
  assert.deepEqual(
    r.packages.map((p) => [p.name, p.hashes?.map((h) => h.value)]),
    [
      ['md5pkg', undefined],
      ['nocolon', undefined],
      ['shorthex', undefined],
      ['nothex', undefined],
      ['empty', undefined],
      ['mixed', undefined],
      ['good', [ok]],
    ],
  );
  assert.deepEqual(problemSummary(r), [
    'error invalid-digest requirements.txt:1: md5pkg: --hash algorithm "md5" is not one pip accepts (sha256, sha384, sha512); no hash recorded',
    'error invalid-digest requirements.txt:2: nocolon: --hash "sha256" is not <algorithm>:<hex digest>; no hash recorded',
    'error invalid-digest requirements.txt:3: shorthex: --hash "sha256:abc" is not a well-formed sha256 hex digest; no hash recorded',
    `error invalid-digest requirements.txt:4: nothex: --hash "sha256:${'z'.repeat(64)}" is not a well-formed sha256 hex digest; no hash recorded`,
    'error invalid-digest requirements.txt:5: empty: --hash "" is not <algorithm>:<hex digest>; no hash recorded',
    'error invalid-digest requirements.txt:6: mixed: --hash algorithm "sha1" is not one pip accepts (sha256, sha384, sha512); no hash recorded',
  ]);
});
