import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyResult } from '../../test/fixtures/report/scan-result.ts';
import { UsageError } from '../core/errors.ts';
import { getReporter, REPORTERS, reporterFormats } from './registry.ts';

test('registry: lists table, json, sarif and junit, each format once', () => {
  assert.deepEqual(reporterFormats(), ['table', 'json', 'sarif', 'junit']);
  assert.equal(new Set(REPORTERS.map((r) => r.format)).size, REPORTERS.length);
});

test('registry: getReporter returns the reporter for a known format', () => {
  for (const format of reporterFormats()) {
    const reporter = getReporter(format);
    assert.equal(reporter.format, format);
    assert.ok(reporter.fileExtension.length > 0);
    assert.ok(reporter.render(emptyResult, { color: false }).endsWith('\n'), `${format} ends with a newline`);
  }
});

test('registry: an unknown format is a UsageError naming it and the valid formats', () => {
  assert.throws(
    () => getReporter('xml'),
    (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.code, 'E_USAGE');
      assert.match(error.message, /"xml"/);
      assert.match(error.message, /table, json, sarif, junit/);
      return true;
    },
  );
  assert.throws(() => getReporter('JSON'), UsageError, 'formats are case-sensitive');
});
