import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readLogs } from './read.ts';
import { fixturePath, NOW, readFixture } from './test-helpers.ts';
import type { LogEvent, LogProblem } from './types.ts';

async function collect(input: Readable, format?: string, file = 'in') {
  const events: LogEvent[] = [];
  const problems: LogProblem[] = [];
  let chosen = '';
  for await (const e of readLogs(input, {
    file,
    now: NOW,
    ...(format ? { format } : {}),
    onProblem: (p) => problems.push(p),
    onFormat: (f) => {
      chosen = f.name;
    },
  }))
    events.push(e);
  return { events, problems, chosen };
}

/** A stream that hands out `buf` `size` bytes at a time (like a slow pipe). */
function trickle(buf: Buffer, size: number): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
    })(),
  );
}

describe('readLogs', () => {
  it('inflates gzip transparently (detected by magic bytes, not by name) and sniffs the inflated text', async () => {
    const { events, problems, chosen } = await collect(
      createReadStream(fixturePath('cloudtrail.json.gz')),
      undefined,
      'ct',
    );
    assert.equal(chosen, 'cloudtrail');
    assert.deepEqual(
      events.map((e) => [e.fields.eventName, e.source.line]),
      [
        ['ConsoleLogin', 2],
        ['StopLogging', 13],
      ],
    );
    assert.deepEqual(
      problems.map((p) => `${p.file}:${p.line}`),
      ['ct:14'],
    );
  });

  it('reads gzip and multi-byte UTF-8 delivered one byte at a time', async () => {
    const text = '{"user":"Jürgen €"}\n{"user":"b"}\n';
    const gz = await collect(trickle(gzipSync(text), 1));
    const raw = await collect(trickle(Buffer.from(text), 1));
    assert.deepEqual(
      gz.events.map((e) => e.fields.user),
      ['Jürgen €', 'b'],
    );
    assert.deepEqual(raw.events, gz.events);
    assert.equal(raw.events[1]?.source.offset, Buffer.byteLength('{"user":"Jürgen €"}\n'));
  });

  it('honours a forced format over sniffing', async () => {
    const { events, chosen } = await collect(Readable.from([Buffer.from(readFixture('auth.log'))]), 'plain');
    assert.equal(chosen, 'plain');
    assert.equal(events.length, 13);
  });

  it('reports a corrupt gzip stream as a problem instead of throwing', async () => {
    const bad = Buffer.concat([gzipSync('{"a":1}\n'.repeat(1000)).subarray(0, 40), Buffer.from('garbage!')]);
    const { events, problems } = await collect(Readable.from([bad]));
    // What inflated before the damage is still read; its cut last line is a second problem.
    assert.ok(events.length > 0 && events.every((e) => e.fields.a === 1));
    assert.deepEqual(
      problems.map((p) => p.message.replace(/\(.+\)/, '(…)')),
      ['input unreadable from here on (…)', 'not a JSON object'],
    );
  });

  it('keeps memory bounded on a generated 80 MB stream (events consumed as they come)', async () => {
    const line = `${JSON.stringify({ EventID: 1, Image: 'C:\\x.exe', CommandLine: 'x'.repeat(180) })}\n`;
    const perChunk = Buffer.from(line.repeat(256));
    const chunks = Math.ceil((80 * 1024 * 1024) / perChunk.length);
    const input = Readable.from(
      (function* () {
        for (let i = 0; i < chunks; i++) yield perChunk;
      })(),
    );
    global.gc?.();
    const before = process.memoryUsage().rss;
    let count = 0;
    let peak = before;
    for await (const _ of readLogs(input, { file: 'gen' })) {
      if (++count % 20000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    assert.equal(count, chunks * 256);
    // The input is 80 MB; holding it (or its ~400k events) would cost several times that. The
    // bound leaves room for GC lag on a loaded CI machine (83 MB growth was seen at 40 MB input).
    assert.ok(peak - before < 128 * 1024 * 1024, `RSS grew by ${Math.round((peak - before) / 1e6)} MB`);
  });
});
