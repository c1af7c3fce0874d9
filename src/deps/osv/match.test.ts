import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixSuggestion, isAffected, matchRecord } from './match.ts';
import { parseOsvValue } from './parse.ts';
import { affectedRange, osvJson, type RecordOptions } from './testing.ts';
import type { OsvRecord } from './types.ts';

function record(options: RecordOptions): OsvRecord {
  const { record, problems } = parseOsvValue(osvJson(options), { file: 'test.json' });
  assert.deepEqual(problems, []);
  return record as OsvRecord;
}

function affectedSet(r: OsvRecord, ecosystem: string, name: string, versions: string[]): string[] {
  return versions.filter((v) => isAffected(r, ecosystem, name, v));
}

const ALL = ['0.1.0', '1.0.0', '1.0.1', '1.1.0', '1.2.0', '1.5.0', '2.0.0', '2.0.5', '2.1.0', '3.0.0'];

test('introduced "0" + fixed: everything below fixed is affected, fixed itself is not', () => {
  const r = record({ affected: [affectedRange('npm', 'lodash', [{ introduced: '0' }, { fixed: '1.2.0' }])] });
  assert.deepEqual(affectedSet(r, 'npm', 'lodash', ALL), ['0.1.0', '1.0.0', '1.0.1', '1.1.0']);
});

test('introduced is inclusive; no closing event leaves the range open', () => {
  const r = record({ affected: [affectedRange('npm', 'x', [{ introduced: '2.0.0' }])] });
  assert.deepEqual(affectedSet(r, 'npm', 'x', ALL), ['2.0.0', '2.0.5', '2.1.0', '3.0.0']);
});

test('last_affected is inclusive', () => {
  const r = record({
    affected: [affectedRange('npm', 'x', [{ introduced: '1.0.1' }, { last_affected: '1.5.0' }])],
  });
  assert.deepEqual(affectedSet(r, 'npm', 'x', ALL), ['1.0.1', '1.1.0', '1.2.0', '1.5.0']);
});

test('limit caps the range (exclusive) even without a fixed event', () => {
  const r = record({ affected: [affectedRange('npm', 'x', [{ introduced: '0' }, { limit: '2.0.5' }])] });
  assert.deepEqual(affectedSet(r, 'npm', 'x', ALL), [
    '0.1.0',
    '1.0.0',
    '1.0.1',
    '1.1.0',
    '1.2.0',
    '1.5.0',
    '2.0.0',
  ]);
});

test('several intervals in one range, events given out of order (sorted by version first)', () => {
  const r = record({
    affected: [
      affectedRange('npm', 'x', [
        { fixed: '2.1.0' },
        { introduced: '1.0.0' },
        { introduced: '2.0.0' },
        { fixed: '1.2.0' },
      ]),
    ],
  });
  assert.deepEqual(affectedSet(r, 'npm', 'x', ALL), ['1.0.0', '1.0.1', '1.1.0', '2.0.0', '2.0.5']);
  assert.equal(matchRecord(r, 'npm', 'x', '1.0.1').fixed, '1.2.0');
  assert.equal(matchRecord(r, 'npm', 'x', '2.0.5').fixed, '2.1.0');
});

test('introduced and fixed at the same version make an empty interval', () => {
  const r = record({ affected: [affectedRange('npm', 'x', [{ introduced: '1.5.0' }, { fixed: '1.5.0' }])] });
  assert.deepEqual(affectedSet(r, 'npm', 'x', ALL), []);
});

test('ECOSYSTEM order is the ecosystem’s own: PyPI pre-releases and post-releases', () => {
  const r = record({
    affected: [affectedRange('PyPI', 'Django', [{ introduced: '4.0a1' }, { fixed: '4.0.post1' }])],
  });
  const versions = ['3.2', '4.0a1', '4.0rc1', '4.0', '4.0.post1', '4.1'];
  assert.deepEqual(affectedSet(r, 'PyPI', 'django', versions), ['4.0a1', '4.0rc1', '4.0']);
});

test('ECOSYSTEM order for Maven qualifiers (1.0-alpha < 1.0 < 1.0-sp1) and Debian epochs', () => {
  const maven = record({
    affected: [
      affectedRange('Maven', 'org.example:lib', [{ introduced: '1.0-alpha' }, { fixed: '1.0-sp1' }]),
    ],
  });
  assert.deepEqual(affectedSet(maven, 'Maven', 'org.example:lib', ['0.9', '1.0-alpha', '1.0', '1.0-sp1']), [
    '1.0-alpha',
    '1.0',
  ]);
  const debian = record({
    affected: [affectedRange('Debian:12', 'openssl', [{ introduced: '0' }, { fixed: '1:1.0-1' }])],
  });
  assert.deepEqual(affectedSet(debian, 'Debian:12', 'openssl', ['9.9-1', '1:0.9-1', '1:1.0-1']), [
    '9.9-1',
    '1:0.9-1',
  ]);
  assert.equal(isAffected(debian, 'Debian:11', 'openssl', '9.9-1'), false, 'another Debian release');
  assert.equal(
    isAffected(debian, 'Debian', 'openssl', '9.9-1'),
    true,
    'no release known: any release matches',
  );
});

test('SEMVER ranges use SemVer 2.0 precedence (pre-release below release)', () => {
  const r = record({
    affected: [affectedRange('Go', 'github.com/a/b', [{ introduced: '0' }, { fixed: '1.4.0' }], 'SEMVER')],
  });
  assert.deepEqual(affectedSet(r, 'Go', 'github.com/a/b', ['1.3.9', '1.4.0-rc.1', '1.4.0', 'v1.3.0']), [
    '1.3.9',
    '1.4.0-rc.1',
    'v1.3.0',
  ]);
});

test('explicit versions list matches even without ranges; nothing else does', () => {
  const r = record({ affected: [{ package: { ecosystem: 'PyPI', name: 'pkg' }, versions: ['1.0', '1.1'] }] });
  assert.deepEqual(affectedSet(r, 'PyPI', 'pkg', ['0.9', '1.0', '1.0.0', '1.1', '1.2']), [
    '1.0',
    '1.0.0',
    '1.1',
  ]);
  assert.equal(matchRecord(r, 'PyPI', 'pkg', '1.0').fixed, undefined);
});

test('withdrawn records never match', () => {
  const r = record({
    withdrawn: '2024-02-01T00:00:00Z',
    affected: [affectedRange('npm', 'x', [{ introduced: '0' }])],
  });
  assert.equal(isAffected(r, 'npm', 'x', '1.0.0'), false);
});

test('GIT ranges are ignored with a note', () => {
  const r = record({
    affected: [affectedRange('npm', 'x', [{ introduced: 'abc123' }, { fixed: 'def456' }], 'GIT')],
  });
  const m = matchRecord(r, 'npm', 'x', '1.0.0');
  assert.equal(m.affected, false);
  assert.match(m.notes.join(), /GIT range ignored/);
});

test('unknown ecosystem order: ranges skipped with a note, explicit versions still match', () => {
  const r = record({
    affected: [
      {
        package: { ecosystem: 'Hex', name: 'plug' },
        versions: ['1.0.0'],
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
      },
    ],
  });
  assert.equal(isAffected(r, 'Hex', 'plug', '1.0.0'), true);
  const m = matchRecord(r, 'Hex', 'plug', '2.0.0');
  assert.equal(m.affected, false);
  assert.match(m.notes.join(), /no version order for ecosystem "Hex"/);
});

test('multiple affected entries: only the one naming the package counts; fix must leave every matching range', () => {
  const r = record({
    affected: [
      affectedRange('npm', 'other', [{ introduced: '0' }, { fixed: '9.0.0' }]),
      affectedRange('npm', 'x', [{ introduced: '0' }, { fixed: '1.2.0' }]),
      affectedRange('npm', 'x', [{ introduced: '1.0.0' }, { fixed: '1.5.0' }]),
      affectedRange('PyPI', 'x', [{ introduced: '0' }]),
    ],
  });
  assert.equal(matchRecord(r, 'npm', 'x', '1.1.0').fixed, '1.5.0');
  assert.equal(matchRecord(r, 'npm', 'x', '0.1.0').fixed, '1.2.0');
  assert.equal(isAffected(r, 'npm', 'x', '1.5.0'), false);
  assert.equal(isAffected(r, 'npm', 'X', '1.1.0'), false, 'npm names are case-sensitive');
});

test('a matching range with no fix means no upgrade suggestion', () => {
  const r = record({
    affected: [
      affectedRange('npm', 'x', [{ introduced: '0' }, { fixed: '1.2.0' }]),
      affectedRange('npm', 'x', [{ introduced: '1.0.0' }, { last_affected: '1.5.0' }]),
    ],
  });
  const m = matchRecord(r, 'npm', 'x', '1.1.0');
  assert.equal(m.affected, true);
  assert.equal(m.fixed, undefined);
});

test('PyPI names match after PEP 503 normalisation', () => {
  const r = record({
    affected: [affectedRange('PyPI', 'Zope.Interface', [{ introduced: '0' }, { fixed: '5.0' }])],
  });
  assert.equal(isAffected(r, 'PyPI', 'zope_interface', '4.0'), true);
  assert.equal(isAffected(r, 'pypi', 'ZOPE--interface', '4.0'), true);
});

test('invalid event version: that range is skipped with a note, not treated as affected', () => {
  const r = record({
    affected: [affectedRange('npm', 'x', [{ introduced: '0' }, { fixed: 'not a version' }])],
  });
  const m = matchRecord(r, 'npm', 'x', '1.0.0');
  assert.equal(m.affected, false);
  assert.match(m.notes.join(), /"not a version" is not a valid version/);
});

test('fixSuggestion wording', () => {
  assert.equal(fixSuggestion('lodash', '4.17.21'), 'upgrade lodash to ≥ 4.17.21');
  assert.equal(fixSuggestion('lodash', undefined), undefined);
});
