import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { isAffected } from './match.ts';
import { parseOsvJson, parseOsvValue } from './parse.ts';
import { advisorySeverity } from './severity.ts';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/deps/osv');
const read = (name: string) => parseOsvJson(readFileSync(join(fixtures, name), 'utf8'), { file: name });

test('a GitHub-style record parses with aliases, ranges, purl and severity', () => {
  const { record, problems } = read('GHSA-example-lodash.json');
  assert.deepEqual(problems, []);
  assert.ok(record);
  assert.equal(record.id, 'GHSA-35jh-r3h4-6jhm');
  assert.deepEqual(record.aliases, ['CVE-2021-23337']);
  assert.deepEqual(record.affected[0]?.package, { ecosystem: 'npm', name: 'lodash', purl: 'pkg:npm/lodash' });
  assert.deepEqual(record.affected[0]?.ranges[0]?.events, [
    { kind: 'introduced', version: '0' },
    { kind: 'fixed', version: '4.17.21' },
  ]);
  assert.equal(advisorySeverity(record).score, 7.2);
  assert.equal(isAffected(record, 'npm', 'lodash', '4.17.20'), true);
  assert.equal(isAffected(record, 'npm', 'lodash', '4.17.21'), false);
});

test('withdrawn record parses but never matches', () => {
  const { record } = read('PYSEC-example-withdrawn.json');
  assert.ok(record);
  assert.equal(record.withdrawn, '2024-02-01T00:00:00Z');
  assert.equal(isAffected(record, 'PyPI', 'requests', '2.0.0'), false);
});

test('an event with two kinds is rejected naming file, id and field path', () => {
  const { record, problems } = read('bad-event.json');
  assert.equal(record, undefined);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.id, 'GHSA-bad-0001');
  assert.match(
    problems[0]?.message ?? '',
    /^bad-event\.json \(GHSA-bad-0001\): invalid OSV record, affected\[0\]\.ranges\[0\]\.events\[0\]: an event has exactly one of/,
  );
});

test('truncated JSON is reported with the archive entry', () => {
  const result = parseOsvJson(readFileSync(join(fixtures, 'truncated.json'), 'utf8'), {
    file: 'npm.zip',
    entry: 'truncated.json',
  });
  assert.equal(result.record, undefined);
  assert.equal(result.problems[0]?.entry, 'truncated.json');
  assert.match(result.problems[0]?.message ?? '', /^npm\.zip!truncated\.json: not valid JSON/);
});

test('required and typed fields', () => {
  const cases: [unknown, RegExp][] = [
    [[], /an OSV record is a JSON object/],
    [{ modified: '2024-01-01T00:00:00Z' }, /id: expected a string/],
    [{ id: 'A' }, /modified: expected a string/],
    [{ id: 'A', modified: 'yesterday' }, /modified: not an RFC 3339 timestamp/],
    [{ id: 'A', modified: '2024-01-01T00:00:00Z', aliases: 'CVE-1' }, /aliases: expected an array/],
    [{ id: 'A', modified: '2024-01-01T00:00:00Z', aliases: [1] }, /aliases\[0\]: expected a string/],
    [
      { id: 'A', modified: '2024-01-01T00:00:00Z', affected: [{ ranges: [{ type: 'SEMVER', events: [] }] }] },
      /affected\[0\]\.ranges\[0\]\.events: a range needs at least one event/,
    ],
    [
      {
        id: 'A',
        modified: '2024-01-01T00:00:00Z',
        affected: [{ ranges: [{ type: 'DATE', events: [{ introduced: '0' }] }] }],
      },
      /unknown range type "DATE"/,
    ],
    [
      { id: 'A', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm' } }] },
      /affected\[0\]\.package\.name: expected a string/,
    ],
    [
      { id: 'A', modified: '2024-01-01T00:00:00Z', severity: [{ type: 'CVSS_V3' }] },
      /severity\[0\]\.score: expected a string/,
    ],
  ];
  for (const [value, expected] of cases) {
    const { record, problems } = parseOsvValue(value, { file: 'f.json' });
    assert.equal(record, undefined, JSON.stringify(value));
    assert.match(problems[0]?.message ?? '', expected);
  }
});

// Arbitrary JSON, and records close to valid ones, never throw and always yield a record or a problem.
const nearRecord = fc.record(
  {
    id: fc.oneof(fc.string(), fc.integer()),
    modified: fc.oneof(fc.constant('2024-01-01T00:00:00Z'), fc.string()),
    withdrawn: fc.oneof(fc.constant('2024-01-01T00:00:00Z'), fc.string()),
    aliases: fc.oneof(fc.array(fc.string()), fc.anything()),
    severity: fc.array(fc.record({ type: fc.constantFrom('CVSS_V3', 'CVSS_V4', 'X'), score: fc.string() })),
    affected: fc.array(
      fc.record({
        package: fc.record({ ecosystem: fc.constantFrom('npm', 'PyPI', 'Go', 'Hex', ''), name: fc.string() }),
        versions: fc.array(fc.string()),
        ranges: fc.array(
          fc.record({
            type: fc.constantFrom('SEMVER', 'ECOSYSTEM', 'GIT', 'BAD'),
            events: fc.array(
              fc.oneof(
                fc.record({ introduced: fc.oneof(fc.constant('0'), fc.string()) }),
                fc.record({ fixed: fc.string() }),
                fc.record({ last_affected: fc.string() }),
                fc.record({ limit: fc.string() }),
                fc.anything(),
              ),
            ),
          }),
        ),
      }),
    ),
  },
  { requiredKeys: [] },
);

test('fuzz: the parser and matcher never throw', () => {
  fc.assert(
    fc.property(fc.oneof(fc.anything(), nearRecord), fc.string(), (value, version) => {
      const { record, problems } = parseOsvValue(value, { file: 'fuzz.json', entry: 'e' });
      assert.ok((record === undefined) !== (problems.length === 0));
      if (record) {
        advisorySeverity(record);
        for (const a of record.affected)
          if (a.package) isAffected(record, a.package.ecosystem, a.package.name, version);
      }
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.string(), (text) => {
      const { record, problems } = parseOsvJson(text, { file: 'fuzz.json' });
      assert.ok(record !== undefined || problems.length === 1);
    }),
    { numRuns: 1000 },
  );
});
