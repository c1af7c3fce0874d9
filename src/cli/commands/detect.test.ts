import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../io.ts';
import { main } from '../main.ts';
import { detectAction } from './detect.ts';

const FIX = path.resolve(fileURLToPath(import.meta.url), '../../../../test/fixtures/detect/cli');

function fakeIo(stdin = ''): CliIo & { stdout: string; stderr: string } {
  const io = {
    cwd: FIX,
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdout: '',
    stderr: '',
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    readStdin: async () => new TextEncoder().encode(stdin),
  };
  return io;
}

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
