/**
 * Log input benchmark: for each format, a generated stream of N MB (made on the fly, never held
 * whole) goes through readLogs; prints one JSON line with MB/s and events/s per format, plus a
 * gzip CloudTrail run and the peak RSS of the whole process (the bounded-memory check at scale).
 * Usage: tsx bench/detect-logs.ts [mbPerFormat=64]
 */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { readLogBatches } from '../src/detect/logs/read.ts';
import { peakRssMb, printLine } from './measure.ts';

const mb = Number(process.argv[2] ?? 64);
const TARGET = mb * 1024 * 1024;

type Gen = (i: number) => string;

const pad = (i: number) => String(i % 100000).padStart(5, '0');
const GENERATORS: Record<string, { gen: Gen; head?: string; sep?: string; tail?: string }> = {
  jsonl: {
    gen: (i) =>
      `${JSON.stringify({ '@timestamp': '2024-03-01T10:00:00Z', EventID: 1, Image: `C:\\Windows\\p${pad(i)}.exe`, CommandLine: `p${i} --flag value` })}\n`,
  },
  'evtx-json': {
    gen: (i) =>
      `${JSON.stringify(
        {
          Event: {
            '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
            System: {
              Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
              EventID: 1,
              TimeCreated: { '#attributes': { SystemTime: '2024-03-01T10:00:00.000Z' } },
              EventRecordID: i,
              Channel: 'Microsoft-Windows-Sysmon/Operational',
              Computer: 'WS01',
            },
            EventData: {
              Image: `C:\\Windows\\p${pad(i)}.exe`,
              CommandLine: `p${i} "a b" {c}`,
              User: 'CORP\\alice',
            },
          },
        },
        null,
        2,
      )}\n`,
  },
  syslog: {
    gen: (i) =>
      `<165>1 2024-03-01T10:00:00.003Z host${i % 50} app ${i} ID47 [ex@32473 iut="3" n="${i}"] message number ${i}\n`,
  },
  auth: {
    gen: (i) =>
      `Mar  1 10:00:01 bastion sshd[${i % 30000}]: Failed password for invalid user u${pad(i)} from 203.0.113.${i % 255} port ${1024 + (i % 60000)} ssh2\n`,
  },
  access: {
    gen: (i) =>
      `203.0.113.${i % 255} - - [01/Mar/2024:10:00:00 +0000] "GET /p/${pad(i)}?q=${i}&x=y HTTP/1.1" 200 ${i % 9000} "-" "Mozilla/5.0 (X11; Linux x86_64)"\n`,
  },
  auditd: {
    gen: (i) =>
      `type=SYSCALL msg=audit(1709287200.123:${i}): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=${i} uid=0 comm="sh" exe="/bin/sh" key="exec"\n` +
      `type=EXECVE msg=audit(1709287200.123:${i}): argc=2 a0="sh" a1=2D63206C73\n` +
      `type=PROCTITLE msg=audit(1709287200.123:${i}): proctitle=7368002D63006C73\n` +
      `type=EOE msg=audit(1709287200.123:${i}):\n`,
  },
  'k8s-audit': {
    gen: (i) =>
      `${JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', auditID: `a${i}`, verb: 'get', user: { username: 'alice' }, sourceIPs: ['10.0.0.5'], objectRef: { resource: 'pods', namespace: 'prod', name: `p${i}` }, requestURI: `/api/v1/namespaces/prod/pods/p${i}`, responseStatus: { code: 200 }, requestReceivedTimestamp: '2024-03-01T10:00:00Z' })}\n`,
  },
  cloudtrail: {
    head: '{"Records": [\n',
    gen: (i) =>
      JSON.stringify({
        eventVersion: '1.08',
        userIdentity: { type: 'IAMUser', userName: `u${i}` },
        eventTime: '2024-03-01T10:00:00Z',
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        sourceIPAddress: '203.0.113.5',
        requestParameters: { bucketName: 'b', key: `k${i}` },
      }),
    sep: ',\n',
    tail: '\n]}\n',
  },
  plain: { gen: (i) => `free text line ${i} with some words in it and a number ${i * 7}\n` },
};

/** ~1 MB blocks of generated records, repeated until `TARGET` bytes (never the whole stream in memory). */
function* stream(spec: { gen: Gen; head?: string; sep?: string; tail?: string }): Generator<Buffer> {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 1 << 20; i++) {
    const r = spec.gen(i) + (spec.sep ?? '');
    parts.push(r);
    size += r.length;
  }
  const block = Buffer.from(parts.join(''));
  if (spec.head) yield Buffer.from(spec.head);
  for (let sent = 0; sent < TARGET; sent += block.length) yield block;
  if (spec.tail) yield Buffer.from(`${spec.gen(0)}${spec.tail}`);
}

async function run(format: string, input: Readable, bytes: number) {
  const t0 = process.hrtime.bigint();
  let events = 0;
  let problems = 0;
  for await (const batch of readLogBatches(input, { file: format, format, onProblem: () => problems++ }))
    events += batch.length;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    mbPerSec: Math.round((bytes / 1048576 / s) * 10) / 10,
    eventsPerSec: Math.round(events / s),
    events,
    problems,
  };
}

const results: Record<string, unknown> = {};
for (const [name, spec] of Object.entries(GENERATORS)) {
  let bytes = 0;
  const counted = (function* () {
    for (const b of stream(spec)) {
      bytes += b.length;
      yield b;
    }
  })();
  const r = await run(name, Readable.from(counted), 0);
  results[name] = { ...r, mbPerSec: Math.round((bytes / 1048576 / (r.events / r.eventsPerSec)) * 10) / 10 };
}
// gzip: one compressed block repeated (concatenated gzip members are one valid stream).
const gzBlock = gzipSync(
  Buffer.concat([...stream({ ...GENERATORS.jsonl, gen: GENERATORS.jsonl?.gen as Gen })].slice(0, 1)),
);
const members = Math.ceil(TARGET / (1 << 20));
const gz = await run(
  'jsonl',
  Readable.from(
    (function* () {
      for (let i = 0; i < members; i++) yield gzBlock;
    })(),
  ),
  members * (1 << 20),
);
results['jsonl.gz'] = gz;
printLine({ bench: 'detect-logs', mbPerFormat: mb, formats: results, peakRssMb: peakRssMb() });
