/**
 * OpenSSH / auth.log (and /var/log/secure): syslog lines whose sshd, sudo, su and PAM messages
 * are parsed into fields — user, src_ip, src_port, method, outcome (success|failure),
 * invalid_user, and for sudo tty/pwd/target_user/command. Product linux; service sshd for sshd,
 * sudo for sudo, auth for every other program (Sigma's linux services).
 */
import { lineParser } from './lines.ts';
import { looksLikeSyslog, parseSyslogHeader } from './syslog-header.ts';
import type { LogFormat } from './types.ts';
import { ref, share, sniffLines } from './util.ts';

type Fields = Record<string, unknown>;

/** Shared objects: the detector finds its rule index for a logsource by identity first. */
const SSHD = { product: 'linux', service: 'sshd' } as const;
const SUDO_LS = { product: 'linux', service: 'sudo' } as const;
const AUTH = { product: 'linux', service: 'auth' } as const;

const SSH_AUTH =
  /^(Accepted|Failed) (\S+) for (invalid user )?(.*?) from (\S+) port (\d+)(?: (ssh\d?))?(?:: (.*))?$/;
const SSH_INVALID = /^Invalid user (.*?) from (\S+)(?: port (\d+))?$/;
const SSH_MAX_TRIES =
  /^(?:error: )?maximum authentication attempts exceeded for (invalid user )?(.*?) from (\S+) port (\d+)/;
const SSH_CLOSED =
  /^(Connection closed|Disconnected|Received disconnect) (?:by|from) (?:(authenticating|invalid) user (\S+) |user (\S+) )?(\S+) port (\d+)/;
const SSH_NO_ID = /^Did not receive identification string from (\S+)(?: port (\d+))?/;
const PAM = /^pam_(\w+)\(([^:)]+):(\w+)\): (.*)$/;
const PAM_SESSION = /^session (opened|closed) for user ([^\s(]+)(?:\(uid=(\d+)\))?(?: by (\S*))?/;
const SUDO =
  /^\s*(\S+) : (?:(.*?) ; )?TTY=(\S+) ; PWD=(.*?) ; USER=(\S+) ;(?: (?:ENV=.*? ; )?COMMAND=(.*))?$/;
const SU = /^(?:(?:\+|-|FAILED SU) )?\(to (\S+)\) (\S+) on (\S+)/;

function ssh(msg: string, f: Fields): void {
  let m = SSH_AUTH.exec(msg);
  if (m) {
    f.event = 'auth';
    f.outcome = m[1] === 'Accepted' ? 'success' : 'failure';
    f.method = m[2];
    f.invalid_user = m[3] !== undefined;
    f.user = m[4];
    f.src_ip = m[5];
    f.src_port = Number(m[6]);
    if (m[7]) f.protocol = m[7];
    if (m[8]) f.key = m[8];
    return;
  }
  m = SSH_INVALID.exec(msg);
  if (m) {
    Object.assign(f, {
      event: 'invalid_user',
      outcome: 'failure',
      invalid_user: true,
      user: m[1],
      src_ip: m[2],
    });
    if (m[3]) f.src_port = Number(m[3]);
    return;
  }
  m = SSH_MAX_TRIES.exec(msg);
  if (m) {
    Object.assign(f, { event: 'max_auth_tries', outcome: 'failure', invalid_user: m[1] !== undefined });
    Object.assign(f, { user: m[2], src_ip: m[3], src_port: Number(m[4]) });
    return;
  }
  m = SSH_CLOSED.exec(msg);
  if (m) {
    f.event = 'disconnect';
    const user = m[3] ?? m[4];
    if (user !== undefined) f.user = user;
    if (m[2] === 'invalid') f.invalid_user = true;
    f.src_ip = m[5];
    f.src_port = Number(m[6]);
    if (msg.endsWith('[preauth]')) f.preauth = true;
    return;
  }
  m = SSH_NO_ID.exec(msg);
  if (m) {
    f.event = 'no_identification';
    f.src_ip = m[1];
    if (m[2]) f.src_port = Number(m[2]);
  }
}

/** `key=value key2=value` pairs of a PAM message (values may be empty). */
function pamPairs(text: string, f: Fields): void {
  for (const m of text.matchAll(/(\w+)=(\S*)/g)) {
    const [, k = '', v = ''] = m;
    if (v !== '' && !(k in f)) f[k] = v;
  }
}

function pam(msg: string, f: Fields): boolean {
  const m = PAM.exec(msg);
  if (!m) return false;
  f.pam_module = `pam_${m[1]}`;
  f.pam_service = m[2];
  f.pam_type = m[3];
  const body = m[4] ?? '';
  const s = PAM_SESSION.exec(body);
  if (s) {
    f.event = `session_${s[1]}`;
    f.user = s[2];
    if (s[3]) f.uid = s[3];
    if (s[4]) f.by = s[4];
    return true;
  }
  if (body.startsWith('authentication failure')) {
    f.event = 'auth';
    f.outcome = 'failure';
    const semi = body.indexOf(';');
    if (semi >= 0) pamPairs(body.slice(semi + 1), f);
    if (typeof f.rhost === 'string') f.src_ip = f.rhost;
    return true;
  }
  if (body.startsWith('check pass; user unknown')) f.outcome = 'failure';
  return true;
}

function sudo(msg: string, f: Fields): void {
  const m = SUDO.exec(msg);
  if (!m) return;
  f.event = 'sudo';
  f.user = m[1];
  f.outcome = m[2] ? 'failure' : 'success';
  if (m[2]) f.reason = m[2];
  f.tty = m[3];
  f.pwd = m[4];
  f.target_user = m[5];
  if (m[6] !== undefined) f.command = m[6];
}

function su(msg: string, f: Fields): void {
  const m = SU.exec(msg);
  if (!m) return;
  f.event = 'su';
  f.target_user = m[1];
  f.user = m[2];
  f.tty = m[3];
  f.outcome = msg.startsWith('FAILED') || msg.startsWith('-') ? 'failure' : 'success';
}

export const auth: LogFormat = {
  name: 'auth',
  description: 'OpenSSH / auth.log / secure (sshd, sudo, su, PAM) over syslog lines',
  sniff(firstBytes, path) {
    const lines = sniffLines(firstBytes);
    const sys = share(lines, looksLikeSyslog);
    if (sys === 0) return 0;
    const authish = share(lines, (l) => /\b(sshd|sudo|su|pam_\w+|systemd-logind)(\[\d+\])?:/.test(l));
    return (
      sys * 0.6 +
      (authish >= 0.3 ? 0.25 : 0) +
      (/(^|\/)(auth\.log|secure)(\.\d+)?$/.test(path ?? '') ? 0.1 : 0)
    );
  },
  createParser({ file, now }) {
    const clock = now ?? new Date();
    return lineParser(file, {
      line(text, line, offset, out) {
        const h = parseSyslogHeader(text, clock);
        if (!h) {
          out.problem(line, 'not an auth.log line (syslog header expected)');
          return;
        }
        const f = h.fields;
        const program = typeof f.app_name === 'string' ? f.app_name : '';
        if (!pam(h.message, f)) {
          if (program === 'sshd') ssh(h.message, f);
          else if (program === 'sudo') sudo(h.message, f);
          else if (program === 'su') su(h.message, f);
        }
        const logsource = program === 'sshd' ? SSHD : program === 'sudo' ? SUDO_LS : AUTH;
        out.event({
          fields: f,
          source: ref(file, line, offset),
          logsource,
          ...(h.timestamp ? { timestamp: h.timestamp } : {}),
        });
      },
    });
  },
};
