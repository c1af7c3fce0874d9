import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectAction } from '../../cli/commands/detect.ts';
import { captureIo } from '../../cli/testing/run-cli.ts';
import { FIXTURES } from './test-helpers.ts';

const fakeIo = () => captureIo({ cwd: FIXTURES });

const flags = {
  rules: ['rules'],
  format: 'jsonl' as const,
  keywordMatch: 'contains' as const,
  routing: true,
};
const alertsOf = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { title: string; event: { source: string; line: number } });

describe('rampart detect over every log format (auto-detected)', () => {
  it('routes auth.log, access.log, gzip CloudTrail and evtx JSON events to the rules of their logsource', async () => {
    const io = fakeIo();
    const logs = ['auth.log', 'access.log', 'cloudtrail.json.gz', 'sysmon.evtx.json'];
    assert.equal(await detectAction(logs, flags, io), 0);
    assert.deepEqual(
      alertsOf(io.stdout).map((a) => `${a.event.source}:${a.event.line} ${a.title}`),
      [
        'auth.log:1 SSH failed password (log input fixture)',
        'auth.log:2 SSH failed password (log input fixture)',
        'access.log:2 sqlmap user agent (log input fixture)',
        'cloudtrail.json.gz:13 CloudTrail logging stopped (log input fixture)',
        'sysmon.evtx.json:1 cmd.exe started (log input fixture)',
      ],
    );
    // Malformed records of every file are reported with file:line and counted.
    assert.match(io.stderr, /auth\.log:12: skipped: not an auth\.log line/);
    assert.match(io.stderr, /cloudtrail\.json\.gz:14: skipped: not a CloudTrail record/);
    assert.match(io.stderr, /sysmon\.evtx\.json:78: skipped: not an evtx event/);
    assert.match(io.stderr, /\n21 events, 5 alerts, 5 malformed lines skipped\n$/);
  });

  it('--log-format forces a format: auth.log read as plain text gives the sshd rule nothing to match', async () => {
    const io = fakeIo();
    assert.equal(await detectAction(['auth.log'], { ...flags, logFormat: 'plain' }, io), 0);
    assert.deepEqual(alertsOf(io.stdout), []);
    assert.match(io.stderr, /13 events, 0 alerts\n$/);
  });
});
