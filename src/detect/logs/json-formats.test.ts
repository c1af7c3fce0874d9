import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cloudtrail } from './cloudtrail.ts';
import { evtxJson } from './evtx-json.ts';
import { json } from './json.ts';
import { jsonl } from './jsonl.ts';
import { k8sAudit } from './k8s-audit.ts';
import { parseAll, readFixture, where } from './test-helpers.ts';

describe('JSON lines', () => {
  const text = readFixture('events.jsonl');

  it('keeps each object as is, with line, byte offset and event time; blank lines are not problems', () => {
    const { events, problems } = parseAll(jsonl, text, { file: 'events.jsonl' });
    assert.deepEqual(
      events.map((e) => [e.fields, e.source, e.timestamp]),
      [
        [
          { '@timestamp': '2024-03-01T10:00:00Z', Image: 'C:\\Windows\\System32\\cmd.exe', EventID: 1 },
          { file: 'events.jsonl', line: 1, offset: 0 },
          '2024-03-01T10:00:00.000Z',
        ],
        [
          { message: 'second', time: '2024-03-01T10:00:01.500+01:00' },
          { file: 'events.jsonl', line: 4, offset: text.indexOf('{"message"') },
          '2024-03-01T09:00:01.500Z',
        ],
      ],
    );
    assert.deepEqual(where(problems), ['events.jsonl:3', 'events.jsonl:5']);
  });

  it('reads CRLF line endings and lines cut across chunks', () => {
    const { events } = parseAll(jsonl, '{"a":1}\r\n{"b":2}\r\n', { chunk: 3 });
    assert.deepEqual(
      events.map((e) => [e.fields, e.source.line, e.source.offset]),
      [
        [{ a: 1 }, 1, 0],
        [{ b: 2 }, 2, 9],
      ],
    );
  });
});

describe('evtx_dump JSON (Event.System / Event.EventData / #attributes)', () => {
  const text = readFixture('sysmon.evtx.json');

  it('flattens System and EventData into Sigma Windows field names', () => {
    const { events } = parseAll(evtxJson, text, { file: 'sysmon.evtx.json' });
    const first = events[0];
    assert.ok(first);
    const { Event, ...fields } = first.fields;
    assert.deepEqual(fields, {
      Provider_Name: 'Microsoft-Windows-Sysmon',
      Provider_Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9',
      EventID: 1,
      Version: 5,
      Level: 4,
      Task: 1,
      Opcode: 0,
      Keywords: '0x8000000000000000',
      EventRecordID: 4242,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'WS01.corp.local',
      TimeCreated: '2024-03-01T10:00:00.123456Z',
      ProcessID: 2032,
      ThreadID: 3104,
      UserID: 'S-1-5-18',
      RuleName: '-',
      Image: 'C:\\Windows\\System32\\cmd.exe',
      CommandLine: 'cmd.exe /c "echo {not a brace} \\" }"',
      ParentImage: 'C:\\Windows\\explorer.exe',
      User: 'CORP\\alice',
    });
    assert.equal((Event as { System: { Computer: string } }).System.Computer, 'WS01.corp.local');
    assert.equal(first.timestamp, '2024-03-01T10:00:00.123Z');
    assert.deepEqual(first.source, { file: 'sysmon.evtx.json', line: 1, offset: 0 });
  });

  it('sets logsource from Channel and Sysmon EventID, and unwraps #text EventIDs', () => {
    const { events, problems } = parseAll(evtxJson, text, { file: 'sysmon.evtx.json' });
    assert.deepEqual(
      events.map((e) => [e.fields.EventID, e.source.line, e.logsource]),
      [
        [1, 1, { product: 'windows', service: 'sysmon', category: 'process_creation' }],
        [4625, 49, { product: 'windows', service: 'security' }],
        [13, 79, { product: 'windows', service: 'sysmon', category: 'registry:registry_set' }],
      ],
    );
    // The object without Event.System is counted at its first line, not dropped silently.
    assert.deepEqual(where(problems), ['sysmon.evtx.json:78']);
  });

  it('gives identical events when the pretty-printed stream arrives one byte at a time', () => {
    assert.deepEqual(parseAll(evtxJson, text, { chunk: 1 }), parseAll(evtxJson, text));
  });

  it('reads a top-level array and flattens UserData (1102 log cleared)', () => {
    const { events, problems } = parseAll(evtxJson, readFixture('system.evtx-array.json'));
    assert.deepEqual(problems, []);
    assert.deepEqual(
      events.map(({ fields: { Event: _, ...f }, source, logsource }) => [f, source.line, logsource]),
      [
        [
          {
            EventID: 7045,
            Channel: 'System',
            Computer: 'SRV1',
            TimeCreated: '2024-03-02T08:00:00Z',
            ServiceName: 'evil',
            ImagePath: 'C:\\evil.exe',
          },
          2,
          { product: 'windows', service: 'system' },
        ],
        [
          {
            EventID: 1102,
            Channel: 'Security',
            Computer: 'SRV1',
            SubjectUserName: 'bob',
            SubjectDomainName: 'CORP',
          },
          3,
          { product: 'windows', service: 'security' },
        ],
      ],
    );
  });
});

describe('evtx EventData as a list of named Data elements', () => {
  it('maps {"#attributes": {"Name"}} and xmltodict "@Name" entries to fields; unnamed Data stays a list', () => {
    const event = (data: unknown) =>
      JSON.stringify({
        Event: { System: { EventID: 4688, Channel: 'Security' }, EventData: { Data: data } },
      });
    const text = [
      event([
        { '#attributes': { Name: 'NewProcessName' }, '#text': 'C:\\x.exe' },
        { '@Name': 'SubjectUserName', '#text': 'bob' },
      ]),
      event(['a', 'b']),
    ].join('\n');
    const { events } = parseAll(evtxJson, text);
    assert.deepEqual(
      [events[0]?.fields.NewProcessName, events[0]?.fields.SubjectUserName],
      ['C:\\x.exe', 'bob'],
    );
    assert.deepEqual(events[0]?.logsource, {
      product: 'windows',
      service: 'security',
      category: 'process_creation',
    });
    assert.deepEqual(events[1]?.fields.Data, ['a', 'b']);
  });
});

describe('Kubernetes audit (audit.k8s.io/v1 Event)', () => {
  it('keeps verb, objectRef, user, sourceIPs nested; product kubernetes, service audit', () => {
    const { events, problems } = parseAll(k8sAudit, readFixture('k8s-audit.jsonl'), { file: 'k8s.jsonl' });
    assert.deepEqual(
      events.map((e) => [
        e.fields.verb,
        e.fields.objectRef,
        (e.fields.user as { username: string }).username,
        e.fields.sourceIPs,
        e.timestamp,
        e.source.line,
      ]),
      [
        [
          'create',
          { resource: 'pods', namespace: 'prod', name: 'web-0', apiVersion: 'v1', subresource: 'exec' },
          'alice',
          ['10.0.0.5'],
          '2024-03-01T10:00:00.000Z',
          1,
        ],
        [
          'list',
          { resource: 'secrets', apiVersion: 'v1' },
          'system:serviceaccount:default:sa',
          ['10.0.0.9'],
          '2024-03-01T10:00:01.000Z',
          2,
        ],
      ],
    );
    assert.deepEqual(events[0]?.logsource, { product: 'kubernetes', service: 'audit' });
    assert.deepEqual(
      problems.map((p) => `${p.file}:${p.line}: ${p.message}`),
      ['k8s.jsonl:3: truncated JSON record', 'k8s.jsonl:4: not a Kubernetes audit event (no verb/auditID)'],
    );
  });

  it('reads an EventList (items array)', () => {
    const list =
      '{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[{"verb":"get","auditID":"x"},{"verb":"delete","auditID":"y"}]}';
    assert.deepEqual(
      parseAll(k8sAudit, list).events.map((e) => e.fields.verb),
      ['get', 'delete'],
    );
  });
});

describe('AWS CloudTrail ({"Records": [...]})', () => {
  it('emits each record with its line, event time and logsource aws/cloudtrail', () => {
    const { events, problems } = parseAll(cloudtrail, readFixture('cloudtrail.json'), { file: 'ct.json' });
    assert.deepEqual(
      events.map((e) => [
        e.fields.eventName,
        e.fields.eventSource,
        (e.fields.userIdentity as { type: string }).type,
        e.timestamp,
        e.source.line,
      ]),
      [
        ['ConsoleLogin', 'signin.amazonaws.com', 'Root', '2024-03-01T10:00:00.000Z', 2],
        ['StopLogging', 'cloudtrail.amazonaws.com', 'IAMUser', '2024-03-01T10:05:00.000Z', 13],
      ],
    );
    assert.deepEqual(events[1]?.logsource, { product: 'aws', service: 'cloudtrail' });
    assert.deepEqual(where(problems), ['ct.json:14']);
  });

  it('also reads one event per line (CloudTrail Lake / EventBridge exports)', () => {
    const lines =
      '{"eventSource":"s3.amazonaws.com","eventName":"PutBucketAcl"}\n{"eventSource":"iam.amazonaws.com","eventName":"CreateUser"}\n';
    assert.deepEqual(
      parseAll(cloudtrail, lines, { chunk: 7 }).events.map((e) => [e.fields.eventName, e.source.line]),
      [
        ['PutBucketAcl', 1],
        ['CreateUser', 2],
      ],
    );
  });
});

describe('generic JSON (pretty-printed, concatenated, arrays)', () => {
  it('emits every object with the line of its opening brace and its event time', () => {
    const text =
      '[\n  {\n    "user": "a",\n    "@timestamp": "2024-03-01T10:00:00Z"\n  },\n  {"user": "b"}\n]\n{"user": "c"}\n';
    const { events, problems } = parseAll(json, text, { chunk: 2 });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      events.map((e) => [e.fields.user, e.source.line, e.timestamp]),
      [
        ['a', 2, '2024-03-01T10:00:00.000Z'],
        ['b', 6, undefined],
        ['c', 8, undefined],
      ],
    );
  });
});
