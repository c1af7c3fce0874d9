import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../main.ts';
import { captureIo } from '../testing/run-cli.ts';
import { detectAction, progressLine } from './detect.ts';

const FIX = path.resolve(fileURLToPath(import.meta.url), '../../../../test/fixtures/detect/cli');

const fakeIo = (stdin = '') => captureIo({ cwd: FIX, stdin });

const base = { rules: ['rules'], format: 'jsonl' as const, keywordMatch: 'contains' as const, routing: true };

test('rampart detect: JSON-lines in, one alert per line out, with file:line event references', async () => {
  const io = fakeIo();
  const code = await detectAction(['logs/events.jsonl'], base, io);
  assert.equal(code, 0);
  const alerts = io.stdout
    .trim()
    .split('\n')
    .map(
      (l) => JSON.parse(l) as { title: string; event: { line: number; source: string }; attack: string[] },
    );
  assert.deepEqual(
    alerts.map((a) => [a.title, a.event.line]),
    [
      ['Encoded PowerShell command line (fixture)', 1],
      ['Shadow copy deletion (fixture)', 2],
      ['SSH failed password (fixture)', 5],
    ],
  );
  assert.equal(alerts[0]?.event.source, path.join('logs', 'events.jsonl'));
  assert.deepEqual(alerts[1]?.attack, ['T1490']);
  // The load report names the rejected rule and why; malformed lines are reported and skipped.
  assert.match(io.stderr, /loaded 3 rules and 0 filters, rejected 1/);
  assert.match(io.stderr, /rejected\.yml:\d+: rejected \[expand\].*%admins%/);
  assert.match(io.stderr, /events\.jsonl:3: skipped: not a JSON object/);
  assert.match(io.stderr, /5 events, 3 alerts, 1 malformed lines skipped/);
});

test('rampart detect --placeholders: expand values come from a config file', async () => {
  const io = fakeIo();
  await detectAction(['logs'], { ...base, placeholders: 'placeholders.yml' }, io);
  assert.match(io.stderr, /loaded 4 rules and 0 filters, rejected 0/);
  assert.match(io.stdout, /Needs placeholder values \(fixture\)/);
});

test('rampart detect --fail-on: exit 1 only for alerts at or above the level', async () => {
  assert.equal(await detectAction(['logs'], { ...base, failOn: 'critical' }, fakeIo()), 1);
  const onlySsh = fakeIo('{"message":"Failed password for bob"}\n');
  assert.equal(await detectAction(['-'], { ...base, failOn: 'medium' }, onlySsh), 0);
  assert.match(onlySsh.stdout, /SSH failed password/);
});

test('rampart detect --lint: load report on stdout, exit 1 when a rule is rejected', async () => {
  const io = fakeIo();
  assert.equal(await detectAction([], { ...base, lint: true }, io), 1);
  assert.match(io.stdout, /^loaded 3 rules and 0 filters, rejected 1\n/);
});

test('rampart detect --format table and json', async () => {
  const table = fakeIo();
  await detectAction(['logs/events.jsonl'], { ...base, format: 'table' }, table);
  assert.match(table.stdout, /^LEVEL\s+EVENT\s+ATT&CK\s+RULE\n/);
  assert.match(table.stdout, /critical\s+logs\/events\.jsonl:2\s+T1490\s+Shadow copy deletion/);
  const json = fakeIo();
  await detectAction(['logs/events.jsonl'], { ...base, format: 'json' }, json);
  assert.equal((JSON.parse(json.stdout) as unknown[]).length, 3);
});

test('rampart detect: usage errors name what is missing', async () => {
  await assert.rejects(detectAction(['x'], { ...base, rules: [] }, fakeIo()), /--rules/);
  await assert.rejects(detectAction(['nope.jsonl'], base, fakeIo()), /nope\.jsonl: no such file/);
});

test('rampart detect is registered in the CLI (main)', async () => {
  const io = fakeIo();
  const code = await main(
    ['detect', '--rules', 'rules/linux.yml', '--format', 'jsonl', 'logs/events.jsonl'],
    io,
  );
  assert.equal(code, 0);
  assert.match(io.stdout, /"title":"SSH failed password \(fixture\)"/);
  assert.match(io.stderr, /loaded 1 rules and 0 filters, rejected 0/);
});

test('rampart detect --logsource: events without a Windows channel get this logsource for routing', async () => {
  const ssh = '{"message":"Failed password for bob"}\n';
  const asWeb = fakeIo(ssh);
  await detectAction(['-'], { ...base, logsource: 'category=webserver' }, asWeb);
  assert.equal(asWeb.stdout, '');
  const asSshd = fakeIo(ssh);
  await detectAction(['-'], { ...base, logsource: 'product=linux,service=sshd' }, asSshd);
  assert.match(asSshd.stdout, /SSH failed password/);
  await assert.rejects(detectAction(['-'], { ...base, logsource: 'vendor=x' }, fakeIo(ssh)), /--logsource/);
});

test('rampart detect --stats: per-rule evaluations, matches and time on stderr', async () => {
  const io = fakeIo();
  await detectAction(['logs/events.jsonl'], { ...base, stats: true }, io);
  assert.match(io.stderr, /EVAL-MS\s+EVALUATIONS\s+MATCHES\s+RULE/);
  assert.match(io.stderr, /\d+\.\d\s+\d+\s+1\s+Shadow copy deletion \(fixture\)/);
});

test('rampart detect --level: LEVEL and >=LEVEL report only alerts at or above; --fail-on judges reported alerts', async () => {
  const high = fakeIo();
  assert.equal(await detectAction(['logs/events.jsonl'], { ...base, level: 'high' }, high), 0);
  const titles = (io: { stdout: string }) =>
    io.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { title: string }).title);
  assert.deepEqual(titles(high), [
    'Encoded PowerShell command line (fixture)',
    'Shadow copy deletion (fixture)',
  ]);
  assert.match(high.stderr, /5 events, 3 alerts \(2 at or above high\)/);
  const ge = fakeIo();
  await detectAction(['logs/events.jsonl'], { ...base, level: '>=critical' }, ge);
  assert.deepEqual(titles(ge), ['Shadow copy deletion (fixture)']);
  // The low SSH alert is filtered out, so --fail-on low does not fire on it; >=LEVEL works here too.
  const ssh = '{"message":"Failed password for bob"}\n';
  assert.equal(await detectAction(['-'], { ...base, level: 'medium', failOn: '>=low' }, fakeIo(ssh)), 0);
  assert.equal(await detectAction(['-'], { ...base, failOn: '>=low' }, fakeIo(ssh)), 1);
  await assert.rejects(detectAction(['-'], { ...base, level: 'severe' }, fakeIo(ssh)), /--level 'severe'/);
  await assert.rejects(detectAction(['-'], { ...base, failOn: '>high' }, fakeIo(ssh)), /--fail-on '>high'/);
});

test('rampart detect --format sarif and csv', async () => {
  const sarif = fakeIo();
  await detectAction(['logs/events.jsonl'], { ...base, format: 'sarif' }, sarif);
  const log = JSON.parse(sarif.stdout) as {
    version: string;
    runs: Array<{
      tool: { driver: { rules: Array<{ shortDescription: { text: string } }> } };
      results: Array<{
        locations: Array<{
          physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
        }>;
      }>;
    }>;
  };
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs[0]?.tool.driver.rules.length, 3);
  assert.deepEqual(
    log.runs[0]?.results.map((r) => {
      const p = r.locations[0]?.physicalLocation;
      return `${p?.artifactLocation.uri}:${p?.region.startLine}`;
    }),
    ['logs/events.jsonl:1', 'logs/events.jsonl:2', 'logs/events.jsonl:5'],
  );
  const csv = fakeIo();
  await detectAction(['logs/events.jsonl'], { ...base, format: 'csv' }, csv);
  const lines = csv.stdout.split('\r\n');
  assert.equal(lines[0], 'level,rule_id,title,source,line,attack,tags,matched,dedup_key');
  assert.equal(lines.length, 5);
  assert.match(lines[2] ?? '', /^critical,.*,Shadow copy deletion \(fixture\),logs\/events\.jsonl,2,T1490,/);
});

test('rampart detect: a progress line (events/s, alerts) on stderr only when stderr is a TTY', async () => {
  const piped = fakeIo();
  await detectAction(['logs/events.jsonl'], base, piped);
  assert.doesNotMatch(piped.stderr, /events\/s/);
  const tty = captureIo({ cwd: FIX, stderrIsTTY: true });
  await detectAction(['logs/events.jsonl'], base, tty);
  const err = tty.stderr;
  // ESC is spelled out (a control character in a regex literal trips the linter).
  const plain = err.replaceAll('\u001b', '<ESC>');
  assert.match(plain, /\r<ESC>\[2Krampart detect: 5 events \(\d+ events\/s\), 3 alerts/);
  // Erased before the summary line, so the summary starts on a clean line.
  assert.match(plain, /\r<ESC>\[2K5 events, 3 alerts/);
});

test('progressLine: redraws at most every 250 ms and reports the rate', () => {
  let t = 1000;
  let err = '';
  const io = { ...fakeIo(), stderrIsTTY: true, err: (x: string) => (err += x) };
  const p = progressLine(
    io,
    () => ({ events: 500, alerts: 2 }),
    () => t,
  );
  t = 1500;
  p?.tick();
  t = 1600;
  p?.tick(); // within 250 ms: no redraw
  assert.equal(err, '\r\u001b[2Krampart detect: 500 events (1000 events/s), 2 alerts');
  p?.done();
  assert.ok(err.endsWith('\r\u001b[2K'));
  assert.equal(
    progressLine(fakeIo(), () => ({ events: 0, alerts: 0 })),
    undefined,
  );
});
