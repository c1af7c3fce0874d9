import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isRampartError } from '../../core/errors.ts';
import { parseVex } from './parse.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/vex');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

/** Runs parseVex expecting an E_VEX_INVALID error; returns its message. */
function vexError(text: string, file = 'vex.json'): string {
  try {
    parseVex(text, file);
  } catch (error) {
    assert.ok(isRampartError(error), String(error));
    assert.equal(error.code, 'E_VEX_INVALID');
    assert.equal(error.file, file);
    return error.message;
  }
  assert.fail('expected an E_VEX_INVALID error');
}

describe('parseVex: OpenVEX', () => {
  it('reads ids with aliases, products with subcomponents, status and justification', () => {
    const statements = parseVex(fixture('openvex.json'), 'vex/openvex.json');
    assert.equal(statements.length, 3);
    const [lodash, pyyaml, minimist] = statements;
    assert.deepEqual(lodash?.ids, ['CVE-2021-23337', 'GHSA-35jh-r3h4-6jhm']);
    assert.deepEqual(lodash?.purls, ['pkg:npm/shop-api@2.0.0', 'pkg:npm/lodash']);
    assert.equal(lodash?.suppresses, true);
    assert.equal(
      lodash?.justification,
      'vulnerable_code_not_in_execute_path: template() is never called with user input',
    );
    assert.equal(lodash?.format, 'openvex');
    assert.equal(pyyaml?.status, 'affected');
    assert.equal(pyyaml?.suppresses, false);
    assert.equal(minimist?.status, 'fixed');
    assert.equal(minimist?.suppresses, true);
    // The @id (a URL here) counts as an id too; no justification falls back to the status.
    assert.deepEqual(minimist?.ids, ['GHSA-minimist-nofix', 'https://osv.dev/GHSA-minimist-nofix']);
    assert.equal(minimist?.justification, '');
  });

  it('rejects unknown statuses, naming the statement and field', () => {
    assert.equal(
      vexError(fixture('bad-status.openvex.json')),
      'statements[1].status: expected one of not_affected, fixed, affected, under_investigation, got "not-affected"',
    );
  });

  it('rejects missing products, vulnerability names and malformed aliases', () => {
    const doc = (statement: unknown) => JSON.stringify({ statements: [statement] });
    assert.match(
      vexError(doc({ vulnerability: { name: 'X' }, status: 'fixed' })),
      /^statements\[0\]\.products:/,
    );
    assert.match(
      vexError(doc({ vulnerability: {}, products: [{ '@id': 'pkg:npm/a' }], status: 'fixed' })),
      /^statements\[0\]\.vulnerability\.name: required/,
    );
    assert.match(
      vexError(
        doc({
          vulnerability: { name: 'X', aliases: 'Y' },
          products: [{ '@id': 'pkg:npm/a' }],
          status: 'fixed',
        }),
      ),
      /^statements\[0\]\.vulnerability\.aliases:/,
    );
    assert.match(
      vexError(
        doc({ vulnerability: 'X', products: [{ '@id': 'pkg:npm/a' }], status: 'fixed', justification: 3 }),
      ),
      /^statements\[0\]\.justification: expected a string/,
    );
  });
});

describe('parseVex: CycloneDX', () => {
  it('resolves affects refs to component purls (nested too), reads aliases from references', () => {
    const statements = parseVex(fixture('cyclonedx-vex.json'), 'bom.json');
    assert.equal(statements.length, 3);
    const [lodash, pyyaml, minimist] = statements;
    assert.deepEqual(lodash?.ids, ['GHSA-35jh-r3h4-6jhm', 'CVE-2021-23337']);
    assert.deepEqual(lodash?.purls, ['pkg:npm/lodash@4.17.20']);
    assert.equal(lodash?.status, 'false_positive');
    assert.equal(lodash?.suppresses, true);
    assert.equal(lodash?.justification, 'code_not_reachable: only used at build time');
    assert.deepEqual(pyyaml?.purls, ['pkg:pypi/PyYAML@5.3.1']);
    assert.equal(pyyaml?.suppresses, false);
    // A purl as ref is taken as is; a BOM-Link into another BOM is skipped, not an error.
    assert.deepEqual(minimist?.purls, ['pkg:npm/minimist@0.0.1']);
    assert.equal(minimist?.suppresses, true);
  });

  it('treats a vulnerability without analysis as in_triage (never suppresses)', () => {
    const [s] = parseVex(
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.4',
        vulnerabilities: [{ id: 'CVE-1', affects: [{ ref: 'pkg:npm/a@1' }] }],
      }),
      'x.json',
    );
    assert.equal(s?.status, 'in_triage');
    assert.equal(s?.suppresses, false);
  });

  it('rejects dangling refs, unknown states and unsupported spec versions', () => {
    assert.equal(
      vexError(fixture('bad-ref.cdx.json')),
      'vulnerabilities[0].affects[0].ref: "missing" is no component bom-ref with a purl',
    );
    const bom = (v: unknown, specVersion = '1.5') =>
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion, vulnerabilities: [v] });
    assert.match(
      vexError(bom({ id: 'X', analysis: { state: 'wontfix' }, affects: [] })),
      /^vulnerabilities\[0\]\.analysis\.state: expected one of/,
    );
    assert.match(vexError(bom({ id: 'X', affects: [] }, '1.2')), /^specVersion: expected 1\.4, 1\.5 or 1\.6/);
    assert.match(vexError(bom({ affects: [] })), /^vulnerabilities\[0\]\.id: required/);
  });
});

describe('parseVex: statement times', () => {
  it('OpenVEX: statement timestamp, else the document one; last_updated when later', () => {
    const [inherited, own, , edited] = parseVex(fixture('sequence.openvex.json'), 'seq.json');
    assert.equal(inherited?.time, Date.parse('2026-10-01T00:00:00Z'));
    // Nanoseconds and an offset, as go-vex writes them.
    assert.equal(own?.time, Date.parse('2026-10-05T07:30:00.123Z'));
    assert.equal(edited?.time, Date.parse('2026-10-03T00:00:00Z'));
  });

  it('CycloneDX: analysis.lastUpdated, else firstIssued, else metadata.timestamp', () => {
    const [first, updated, undated] = parseVex(fixture('sequence.cdx.json'), 'seq.cdx.json');
    assert.equal(first?.time, Date.parse('2026-09-10T00:00:00Z'));
    assert.equal(updated?.time, Date.parse('2026-09-20T00:00:00Z'));
    assert.equal(undated?.time, Date.parse('2026-09-01T00:00:00Z'));
    const [none] = parseVex(fixture('cyclonedx-vex.json'), 'bom.json');
    assert.equal(none?.time, undefined);
  });

  it('rejects a timestamp that is not an RFC 3339 date-time, naming the field', () => {
    const statement = { vulnerability: 'X', products: [{ '@id': 'pkg:npm/a' }], status: 'fixed' };
    assert.equal(
      vexError(JSON.stringify({ statements: [{ ...statement, timestamp: '2026' }] })),
      'statements[0].timestamp: expected an RFC 3339 date-time (2026-11-01T10:00:00Z), got "2026"',
    );
    assert.match(
      vexError(JSON.stringify({ timestamp: 1_700_000_000, statements: [statement] })),
      /^timestamp: expected an RFC 3339 date-time/,
    );
    assert.match(
      vexError(
        JSON.stringify({
          bomFormat: 'CycloneDX',
          specVersion: '1.6',
          vulnerabilities: [
            {
              id: 'X',
              analysis: { state: 'resolved', lastUpdated: '2026-09-20T00:00:00Z', firstIssued: 'yesterday' },
              affects: [{ ref: 'pkg:npm/a@1' }],
            },
          ],
        }),
      ),
      /^vulnerabilities\[0\]\.analysis\.firstIssued: expected an RFC 3339 date-time/,
    );
  });
});

describe('parseVex: malformed input', () => {
  it('names the problem for non-JSON, truncated and unrecognised documents', () => {
    assert.match(vexError(fixture('truncated.json')), /^not valid JSON/);
    assert.match(vexError('[]'), /^expected a JSON object/);
    assert.match(vexError('{"foo": 1}'), /^neither an OpenVEX document/);
  });

  it('never throws anything but E_VEX_INVALID, whatever the JSON (fuzz)', () => {
    const docs = fc.oneof(
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify({ statements: [v] })),
      fc
        .jsonValue()
        .map((v) => JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', vulnerabilities: [v] })),
      fc
        .jsonValue()
        .map((v) => JSON.stringify({ statements: [{ vulnerability: v, products: v, status: 'fixed' }] })),
    );
    fc.assert(
      fc.property(docs, (text) => {
        try {
          const out = parseVex(text, 'f.json');
          assert.ok(Array.isArray(out));
        } catch (error) {
          assert.ok(isRampartError(error) && error.code === 'E_VEX_INVALID', String(error));
        }
      }),
      { numRuns: 400 },
    );
  });
});
