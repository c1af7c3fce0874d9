import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { access } from './access.ts';
import { auditd } from './auditd.ts';
import { auth } from './auth.ts';
import { plain } from './plain.ts';
import { syslog } from './syslog.ts';
import { parseAll, readFixture, where } from './test-helpers.ts';

describe('syslog RFC 5424', () => {
  const { events, problems } = parseAll(syslog, readFixture('rfc5424.log'), { file: 'rfc5424.log' });

  it('§6 header: PRI → facility/severity, VERSION, TIMESTAMP, HOSTNAME, APP-NAME, MSGID; §6.4 BOM before MSG dropped', () => {
    assert.deepEqual(events[0]?.fields, {
      priority: 34,
      facility: 4,
      severity: 2,
      version: 1,
      time: '2003-10-11T22:14:15.003Z',
      hostname: 'mymachine.example.com',
      app_name: 'su',
      msgid: 'ID47',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
    assert.equal(events[0]?.timestamp, '2003-10-11T22:14:15.003Z');
    assert.deepEqual(events[0]?.logsource, { product: 'linux', service: 'syslog' });
  });

  it('§6.2.3 timestamps with an offset are converted to UTC; PROCID kept', () => {
    assert.equal(events[1]?.timestamp, '2003-08-24T12:14:15.000Z');
    assert.equal(events[1]?.fields.procid, '8710');
  });

  it('§6.3 STRUCTURED-DATA: several elements, and \\" \\] \\\\ escapes in PARAM-VALUE', () => {
    assert.deepEqual(events[2]?.fields.structured_data, {
      'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' },
      'examplePriority@32473': { class: 'high' },
    });
    assert.equal(events[2]?.fields.message, 'An application event log entry...');
    assert.deepEqual(events[3]?.fields.structured_data, {
      'exampleSDID@32473': { iut: '3', escaped: 'a"b]c\\d' },
    });
  });

  it('§6.2.1 PRI above 191 is malformed; §6 NILVALUE fields are absent', () => {
    assert.deepEqual(where(problems), ['rfc5424.log:5']);
    assert.deepEqual(events[4]?.fields, { priority: 13, facility: 1, severity: 5, version: 1, message: '' });
    assert.equal(events[4]?.timestamp, undefined);
    assert.equal(events[4]?.source.line, 6);
  });
});

describe('syslog RFC 3164', () => {
  const { events, problems } = parseAll(syslog, readFixture('rfc3164.log'), { file: 'rfc3164.log' });

  it('§4.1 PRI, TIMESTAMP without year (year inferred: not in the future), HOSTNAME, TAG', () => {
    assert.deepEqual(events[0]?.fields, {
      priority: 34,
      facility: 4,
      severity: 2,
      time: 'Oct 11 22:14:15',
      hostname: 'mymachine',
      app_name: 'su',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
    // Now is 2024-03-15: October 11 must be last year's.
    assert.equal(events[0]?.timestamp, '2023-10-11T22:14:15.000Z');
    assert.equal(events[4]?.timestamp, '2023-12-31T23:59:59.000Z');
  });

  it('files without PRI, TAG[pid], a year after the day, and RFC 3339 timestamps (rsyslog)', () => {
    assert.deepEqual(
      events
        .slice(1, 4)
        .map((e) => [e.fields.hostname, e.fields.app_name, e.fields.procid, e.timestamp, e.source.line]),
      [
        ['web01', 'nginx', '1234', '2024-02-05T17:32:18.000Z', 2],
        ['router01', '%LINK-3-UPDOWN', undefined, '2023-03-01T10:00:00.000Z', 3],
        ['web01', 'CRON', '42', '2024-03-01T09:00:00.123Z', 4],
      ],
    );
  });

  it('lines without a header and impossible dates (Feb 30) are counted with file:line', () => {
    assert.deepEqual(where(problems), ['rfc3164.log:6', 'rfc3164.log:7']);
  });
});

describe('OpenSSH / auth.log', () => {
  const { events, problems } = parseAll(auth, readFixture('auth.log'), { file: 'auth.log' });
  const pick = (i: number, keys: string[]) => Object.fromEntries(keys.map((k) => [k, events[i]?.fields[k]]));
  const SSH = ['event', 'outcome', 'method', 'user', 'src_ip', 'src_port', 'invalid_user'];

  it('sshd "Failed password for invalid user" and "Failed password for root"', () => {
    assert.deepEqual(pick(0, SSH), {
      event: 'auth',
      outcome: 'failure',
      method: 'password',
      user: 'admin',
      src_ip: '203.0.113.5',
      src_port: 51234,
      invalid_user: true,
    });
    assert.deepEqual(pick(1, SSH), {
      event: 'auth',
      outcome: 'failure',
      method: 'password',
      user: 'root',
      src_ip: '203.0.113.5',
      src_port: 51236,
      invalid_user: false,
    });
    assert.deepEqual(events[0]?.logsource, { product: 'linux', service: 'sshd' });
  });

  it('sshd "Accepted publickey" (with key) and "Accepted password" from IPv6', () => {
    assert.deepEqual(pick(2, [...SSH, 'key']), {
      event: 'auth',
      outcome: 'success',
      method: 'publickey',
      user: 'alice',
      src_ip: '198.51.100.7',
      src_port: 50022,
      invalid_user: false,
      key: 'ED25519 SHA256:abcdef',
    });
    assert.deepEqual(pick(10, ['outcome', 'method', 'user', 'src_ip']), {
      outcome: 'success',
      method: 'password',
      user: 'bob',
      src_ip: '2001:db8::5',
    });
  });

  it('sshd "Invalid user" and a preauth disconnect', () => {
    assert.deepEqual(pick(3, SSH), {
      event: 'invalid_user',
      outcome: 'failure',
      method: undefined,
      user: 'oracle',
      src_ip: '203.0.113.5',
      src_port: 51240,
      invalid_user: true,
    });
    assert.deepEqual(pick(8, ['event', 'user', 'src_ip', 'preauth']), {
      event: 'disconnect',
      user: 'root',
      src_ip: '203.0.113.5',
      preauth: true,
    });
  });

  it('PAM authentication failure and session opened', () => {
    assert.deepEqual(pick(4, ['pam_module', 'pam_service', 'pam_type', 'outcome', 'user', 'src_ip', 'tty']), {
      pam_module: 'pam_unix',
      pam_service: 'sshd',
      pam_type: 'auth',
      outcome: 'failure',
      user: 'root',
      src_ip: '203.0.113.5',
      tty: 'ssh',
    });
    assert.deepEqual(pick(5, ['event', 'user', 'uid']), {
      event: 'session_opened',
      user: 'alice',
      uid: '1000',
    });
    assert.deepEqual(events[9]?.logsource, { product: 'linux', service: 'auth' });
    assert.equal(events[9]?.fields.src_ip, undefined, 'an empty rhost= is no source address');
  });

  it('sudo command (success) and incorrect password attempts (failure); service sudo', () => {
    assert.deepEqual(pick(6, ['event', 'user', 'outcome', 'tty', 'pwd', 'target_user', 'command']), {
      event: 'sudo',
      user: 'alice',
      outcome: 'success',
      tty: 'pts/0',
      pwd: '/home/alice',
      target_user: 'root',
      command: '/usr/bin/cat /etc/shadow',
    });
    assert.deepEqual(pick(7, ['user', 'outcome', 'reason']), {
      user: 'bob',
      outcome: 'failure',
      reason: '3 incorrect password attempts',
    });
    assert.deepEqual(events[6]?.logsource, { product: 'linux', service: 'sudo' });
  });

  it('other programs keep the syslog fields; a non-syslog line is counted', () => {
    assert.deepEqual(
      [events[11]?.fields.app_name, events[11]?.fields.message, events[11]?.source.line],
      ['systemd-logind', 'New session 7 of user alice.', 13],
    );
    assert.deepEqual(where(problems), ['auth.log:12']);
    assert.equal(events.length, 12);
  });
});

describe('access logs (NCSA common / combined) as W3C fields', () => {
  const { events, problems } = parseAll(access, readFixture('access.log'), { file: 'access.log' });

  it('common format: date/time in UTC, username, no referer or user agent', () => {
    assert.deepEqual(events[0]?.fields, {
      'c-ip': '127.0.0.1',
      'cs-username': 'frank',
      date: '2000-10-10',
      time: '20:55:36',
      'cs-method': 'GET',
      'cs-uri-stem': '/apache_pb.gif',
      'cs-version': 'HTTP/1.0',
      'sc-status': 200,
      'sc-bytes': 2326,
    });
    assert.equal(events[0]?.timestamp, '2000-10-10T20:55:36.000Z');
    assert.deepEqual(events[0]?.logsource, { category: 'webserver' });
  });

  it('combined format: query split from the stem, user agent, referer with nginx \\x22 escapes', () => {
    assert.deepEqual(events[1]?.fields, {
      'c-ip': '203.0.113.9',
      date: '2024-03-01',
      time: '10:00:00',
      'cs-method': 'GET',
      'cs-uri-stem': '/search.php',
      'cs-uri-query': 'q=1%27%20OR%201=1--&x=2',
      'cs-version': 'HTTP/1.1',
      'sc-status': 404,
      'sc-bytes': 153,
      'cs-user-agent': 'sqlmap/1.7.2#stable (https://sqlmap.org)',
    });
    assert.equal(events[2]?.fields['cs-referer'], 'https://example.com/"quoted"');
    assert.equal(events[2]?.fields['sc-bytes'], undefined);
    assert.equal(events[2]?.fields.time, '09:00:01');
  });

  it('a request line that is not METHOD URI VERSION is kept whole as cs-request', () => {
    assert.equal(events[3]?.fields['cs-method'], undefined);
    assert.equal(events[3]?.fields['cs-request'], '\u0016\u0003\u0001\u0000\u00a5');
  });

  it('malformed lines and impossible dates are counted with file:line', () => {
    assert.deepEqual(where(problems), ['access.log:5', 'access.log:6']);
  });
});

describe('auditd (records merged per serial)', () => {
  const { events, problems } = parseAll(auditd, readFixture('audit.log'), { file: 'audit.log' });

  it('merges SYSCALL, EXECVE, CWD, PATH, PROCTITLE of one serial into one event, emitted at EOE', () => {
    const e = events[0];
    assert.ok(e);
    assert.deepEqual(e.fields.type, ['SYSCALL', 'EXECVE', 'CWD', 'PATH', 'PROCTITLE']);
    assert.equal(e.fields.serial, 24287);
    assert.deepEqual(
      [e.fields.exe, e.fields.comm, e.fields.key, e.fields.cwd],
      ['/usr/bin/chmod', 'chmod', 'perm_mod', '/root'],
    );
    assert.deepEqual(
      e.fields.a1,
      ['55d7c3b0', 'u+s'],
      'a key in two records with different values lists both',
    );
    assert.deepEqual(e.fields.name, ['/usr/bin/chmod', '/lib64/ld-linux-x86-64.so.2']);
    assert.equal(e.timestamp, '2024-03-01T10:00:00.123Z');
    assert.deepEqual(e.source, { file: 'audit.log', line: 1, offset: 0 });
    assert.deepEqual(e.logsource, { product: 'linux', service: 'auditd' });
    assert.equal(((e.fields.records as Record<string, unknown>).PATH as unknown[]).length, 2);
  });

  it('decodes hex-encoded EXECVE arguments and proctitle (NUL-separated argv)', () => {
    assert.deepEqual(events[0]?.fields.a2, ['55d7c3c0', '/tmp/my sh1']);
    assert.equal(events[0]?.fields.proctitle, 'chmod u+s /tmp/my sh1');
  });

  it("USER_* records: msg='…' pairs become fields, hex acct decoded, node= kept", () => {
    assert.deepEqual(
      [
        events[1]?.fields.type,
        events[1]?.fields.acct,
        events[1]?.fields.res,
        events[1]?.fields.exe,
        events[1]?.source.line,
      ],
      ['USER_AUTH', 'root', 'failed', '/usr/bin/su', 8],
    );
    assert.deepEqual(
      [events[2]?.fields.node, events[2]?.fields.acct, events[2]?.timestamp],
      ['web01', 'my user', '2024-03-01T10:00:02.500Z'],
    );
    assert.deepEqual(where(problems), ['audit.log:9']);
  });

  it('ENRICHED format: fields after the 0x1d separator are added', () => {
    const { events: enriched } = parseAll(auditd, readFixture('audit-enriched.log'));
    assert.deepEqual([enriched[0]?.fields.UID, enriched[0]?.fields.AUID], ['root', 'alice']);
  });

  it('interleaved serials stay separate and are all flushed at the end', () => {
    const text = [
      'type=SYSCALL msg=audit(1.000:1): comm="a"',
      'type=SYSCALL msg=audit(1.000:2): comm="b"',
      'type=PATH msg=audit(1.000:1): name="/x"',
      'type=PATH msg=audit(1.000:2): name="/y"',
    ].join('\n');
    assert.deepEqual(
      parseAll(auditd, text, { chunk: 5 }).events.map((e) => [e.fields.comm, e.fields.name]),
      [
        ['a', '/x'],
        ['b', '/y'],
      ],
    );
  });
});

describe('plain text', () => {
  it('one event per non-blank line with field message', () => {
    const { events } = parseAll(plain, readFixture('plain.txt'), { file: 'plain.txt' });
    assert.deepEqual(
      events.map((e) => [e.fields, e.source.line, e.source.offset]),
      [
        [{ message: 'first line of text' }, 1, 0],
        [{ message: 'third line mentions mimikatz' }, 3, 20],
      ],
    );
  });
});
