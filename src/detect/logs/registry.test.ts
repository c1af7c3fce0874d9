import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, findFormat, LOG_FORMAT_NAMES } from './registry.ts';
import { readFixture } from './test-helpers.ts';

describe('format auto-detection', () => {
  const cases: [string, string][] = [
    ['events.jsonl', 'jsonl'],
    ['sysmon.evtx.json', 'evtx-json'],
    ['system.evtx-array.json', 'evtx-json'],
    ['rfc5424.log', 'syslog'],
    ['rfc3164.log', 'syslog'],
    ['auth.log', 'auth'],
    ['access.log', 'access'],
    ['audit.log', 'auditd'],
    ['k8s-audit.jsonl', 'k8s-audit'],
    ['cloudtrail.json', 'cloudtrail'],
    ['plain.txt', 'plain'],
  ];
  for (const [file, expected] of cases) {
    it(`${file} is ${expected}`, () => {
      assert.equal(detectFormat(readFixture(file), file).name, expected);
    });
  }

  it('sshd lines are auth even without the auth.log name; evtx_dump JSON lines are evtx-json', () => {
    assert.equal(detectFormat(readFixture('auth.log').split('\n').slice(0, 4).join('\n')).name, 'auth');
    const line = '{"Event":{"System":{"EventID":1,"Channel":"Security"},"EventData":{}}}\n';
    assert.equal(detectFormat(line.repeat(3)).name, 'evtx-json');
  });

  it('pretty-printed JSON that is no known log is generic json; one object per line stays jsonl', () => {
    assert.equal(detectFormat('{\n  "a": 1\n}\n{\n  "a": 2\n}\n', 'x.json').name, 'json');
    assert.equal(detectFormat('[\n  {"a": 1}\n]\n').name, 'json');
    assert.equal(detectFormat('{"a": 1}\n{"a": 2}\n').name, 'jsonl');
  });

  it('empty input falls back to plain text', () => {
    assert.equal(detectFormat('').name, 'plain');
  });

  it('looks formats up by name and rejects unknown names with the list of known ones', () => {
    assert.equal(findFormat('auditd').name, 'auditd');
    assert.throws(
      () => findFormat('xml'),
      (e: Error & { code?: string }) => e.code === 'E_PARSE' && e.message.includes('evtx-json'),
    );
    assert.equal(new Set(LOG_FORMAT_NAMES).size, LOG_FORMAT_NAMES.length);
  });
});
