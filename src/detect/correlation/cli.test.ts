import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { detectAction } from '../../cli/commands/detect.ts';
import { captureIo } from '../../cli/testing/run-cli.ts';

const FIX = path.resolve(fileURLToPath(import.meta.url), '../../../../test/fixtures/detect/correlation');

const fakeIo = () => captureIo({ cwd: FIX });

const flags = {
  rules: ['failed-then-success.yml'],
  format: 'jsonl' as const,
  keywordMatch: 'contains' as const,
  routing: false,
};

test('rampart detect: a correlation chain over a log file, event time from @timestamp, stats on stderr', async () => {
  const io = fakeIo();
  const code = await detectAction(['sshd.jsonl'], { ...flags, failOn: 'high' }, io);
  assert.equal(code, 1, 'the correlation alert is high');
  const alerts = io.stdout
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as {
          title: string;
          correlation?: { groupBy: Record<string, string>; lastTime: string };
        },
    );
  assert.deepEqual(
    alerts.map((a) => [a.title, a.correlation?.groupBy, a.correlation?.lastTime]),
    [['SSH brute force followed by a successful login', { user: 'root' }, '2026-03-01T10:04:00.000Z']],
  );
  assert.match(io.stderr, /^loaded 2 rules, 0 filters and 2 correlations, rejected 0$/m);
  assert.match(
    io.stderr,
    /^correlations: 1 alerts, 0 late, 0 untimed, 0 without group-by field, 0 groups and 0 entries evicted$/m,
  );
});

test('rampart detect: --allowed-lateness takes a Sigma timespan and rejects anything else', async () => {
  await assert.rejects(
    detectAction(['sshd.jsonl'], { ...flags, allowedLateness: '5 minutes' }, fakeIo()),
    /--allowed-lateness '5 minutes'/,
  );
  const io = fakeIo();
  assert.equal(await detectAction(['sshd.jsonl'], { ...flags, allowedLateness: '10m' }, io), 0);
  assert.match(io.stderr, /0 late/);
});
