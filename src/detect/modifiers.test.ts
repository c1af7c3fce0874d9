import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64Offsets } from './encoding.ts';
import { matches, rejectionOf, ruleFrom } from './test-support.ts';

const sel = (body: string) =>
  ruleFrom(
    `sel:\n${body
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')}\ncondition: sel`,
  );

test('Sigma spec §modifiers: contains, startswith, endswith', () => {
  assert.equal(matches(sel(`F|contains: 'mimi'`), { F: 'x MIMIkatz y' }), true);
  assert.equal(matches(sel(`F|contains: 'mimi'`), { F: 'mim' }), false);
  assert.equal(matches(sel(`F|startswith: 'adm_'`), { F: 'ADM_bob' }), true);
  assert.equal(matches(sel(`F|startswith: 'adm_'`), { F: 'x_adm_bob' }), false);
  assert.equal(matches(sel(`F|endswith: '\\cmd.exe'`), { F: 'C:\\Windows\\System32\\CMD.EXE' }), true);
  assert.equal(matches(sel(`F|endswith: '\\cmd.exe'`), { F: 'C:\\cmd.exe.bak' }), false);
  // Wildcards inside the value keep working with position modifiers.
  assert.equal(matches(sel(`F|contains: 'a?c'`), { F: '__abc__' }), true);
});

test('Sigma spec §modifiers: lists are OR, all makes them AND; all on a single value is invalid', () => {
  const r = sel(`F|contains|all:\n  - ' -a '\n  - ' -b '`);
  assert.equal(matches(r, { F: 'tool -b -x -a -y' }), true);
  assert.equal(matches(r, { F: 'tool -a ' }), false);
  const any = sel(`F|contains:\n  - ' -a '\n  - ' -b '`);
  assert.equal(matches(any, { F: 'tool -a ' }), true);
  assert.match(rejectionOf(`sel:\n  F|contains|all: 'x'\ncondition: sel`) ?? '', /'all' needs a list/);
});

test('Sigma spec §modifiers: exists checks presence only (null and empty values exist)', () => {
  const yes = sel('F|exists: true');
  const no = sel('F|exists: false');
  assert.equal(matches(yes, { F: null }), true);
  assert.equal(matches(yes, { F: '' }), true);
  assert.equal(matches(yes, { G: 'x' }), false);
  assert.equal(matches(no, { G: 'x' }), true);
  assert.equal(matches(no, { F: 'x' }), false);
  assert.match(rejectionOf(`sel:\n  F|exists: 'yes'\ncondition: sel`) ?? '', /true or false/);
});

test('Sigma spec §Special Field Values: null matches an absent or null field; empty string only empty', () => {
  const r = sel('F: null');
  assert.equal(matches(r, {}), true);
  assert.equal(matches(r, { F: null }), true);
  assert.equal(matches(r, { F: '' }), false);
  assert.equal(matches(sel(`F: ''`), { F: '' }), true);
  assert.equal(matches(sel(`F: ''`), { F: 'a' }), false);
  assert.match(
    rejectionOf(`sel:\n  F:\n    - a\n    - null\ncondition: sel`) ?? '',
    /null cannot be an item of a list/,
  );
});

test('Sigma spec §modifiers: cased makes matching case-sensitive', () => {
  assert.equal(matches(sel(`F|cased: 'CmD'`), { F: 'CmD' }), true);
  assert.equal(matches(sel(`F|cased: 'CmD'`), { F: 'cmd' }), false);
  assert.equal(matches(sel(`F|contains|cased: 'Evil'`), { F: 'xEvilx' }), true);
  assert.equal(matches(sel(`F|contains|cased: 'Evil'`), { F: 'xevilx' }), false);
});

test('Sigma spec §modifiers: neq — the field differs from every value', () => {
  const r = sel(`F|neq:\n  - a\n  - b`);
  assert.equal(matches(r, { F: 'c' }), true);
  assert.equal(matches(r, { F: 'A' }), false);
  assert.equal(matches(r, { F: 'b' }), false);
  assert.equal(matches(sel('F|neq: 5'), { F: 6 }), true);
  assert.equal(matches(sel('F|neq: 5'), { F: 5 }), false);
});

test('Sigma spec §modifiers: windash — every dash variant at every position', () => {
  const r = sel(`F|windash|contains: ' -enc -nop '`);
  for (const a of ['-', '/', '\u2013', '\u2014', '\u2015']) {
    for (const b of ['-', '/', '\u2013', '\u2014', '\u2015']) {
      assert.equal(matches(r, { F: `powershell ${a}enc ${b}nop x` }), true, `${a} ${b}`);
    }
  }
  assert.equal(matches(r, { F: 'powershell +enc -nop x' }), false);
  assert.equal(matches(sel(`F|windash: '/s'`), { F: '\u2014s' }), true);
});

test('Sigma spec §Regular Expression: re is case-sensitive; i, m, s sub-modifiers', () => {
  assert.equal(matches(sel(`F|re: 'ab+c'`), { F: 'xxabbbc' }), true);
  assert.equal(matches(sel(`F|re: 'ab+c'`), { F: 'ABC' }), false);
  assert.equal(matches(sel(`F|re|i: 'ab+c'`), { F: 'ABC' }), true);
  assert.equal(matches(sel(`F|re: '^b$'`), { F: 'a\nb\nc' }), false);
  assert.equal(matches(sel(`F|re|m: '^b$'`), { F: 'a\nb\nc' }), true);
  assert.equal(matches(sel(`F|re: 'a.b'`), { F: 'a\nb' }), false);
  assert.equal(matches(sel(`F|re|s: 'a.b'`), { F: 'a\nb' }), true);
  assert.match(rejectionOf(`sel:\n  F|i: 'x'\ncondition: sel`) ?? '', /sub-modifier of 're'/);
  assert.match(rejectionOf(`sel:\n  F|re: '(?<=a)b'\ncondition: sel`) ?? '', /RE2/);
});

test('Sigma spec §Regular Expression: a catastrophic pattern runs in linear time (RE2)', () => {
  const r = sel(`F|re: '(a+)+$'`);
  const start = performance.now();
  assert.equal(matches(r, { F: `${'a'.repeat(50_000)}!` }), false);
  assert.ok(performance.now() - start < 1000);
});

test('Sigma spec §Encoding: base64 and base64offset (three shifted variants)', () => {
  assert.equal(matches(sel(`F|base64: 'cmd'`), { F: 'Y21k' }), true);
  assert.equal(matches(sel(`F|base64|contains: 'http://'`), { F: 'url=aHR0cDovLw== end' }), true);
  assert.deepEqual(base64Offsets(new TextEncoder().encode('/bin/bash')), [
    'L2Jpbi9iYXNo',
    '9iaW4vYmFza',
    'vYmluL2Jhc2',
  ]);
  const r = sel(`F|base64offset|contains: '/bin/bash'`);
  for (const prefix of ['', 'a', 'ab', 'abc']) {
    const encoded = Buffer.from(`${prefix}/bin/bash -i`).toString('base64');
    assert.equal(matches(r, { F: `echo ${encoded} | base64 -d` }), true, prefix);
  }
  assert.equal(matches(r, { F: Buffer.from('/bin/sh').toString('base64') }), false);
});

test('Sigma spec §Encoding: utf16le / wide / utf16be / utf16 (BOM) before base64', () => {
  const le = Buffer.from('cmd', 'utf16le').toString('base64');
  assert.equal(matches(sel(`F|utf16le|base64: 'cmd'`), { F: le }), true);
  assert.equal(matches(sel(`F|wide|base64: 'cmd'`), { F: le }), true);
  const be = Buffer.from([0, 0x63, 0, 0x6d, 0, 0x64]).toString('base64');
  assert.equal(matches(sel(`F|utf16be|base64: 'cmd'`), { F: be }), true);
  const bom = Buffer.from([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]).toString('base64');
  assert.equal(matches(sel(`F|utf16|base64: 'cmd'`), { F: bom }), true);
  // PowerShell -EncodedCommand carries UTF-16LE base64 at any offset.
  const ps = Buffer.from('IEX (New-Object Net.WebClient).DownloadString', 'utf16le').toString('base64');
  assert.equal(
    matches(sel(`F|wide|base64offset|contains: 'DownloadString'`), { F: `powershell -enc ${ps}` }),
    true,
  );
  // Without base64 the UTF-16 bytes are matched as characters.
  assert.equal(matches(sel(`F|wide|contains: 'ab'`), { F: 'xa\u0000b\u0000y' }), true);
});

test('Sigma spec §Numeric Modifiers: lt, lte, gt, gte over numbers and numeric strings', () => {
  assert.equal(matches(sel('F|gt: 10'), { F: 11 }), true);
  assert.equal(matches(sel('F|gt: 10'), { F: 10 }), false);
  assert.equal(matches(sel('F|gte: 10'), { F: '10' }), true);
  assert.equal(matches(sel('F|lt: 10'), { F: 9.5 }), true);
  assert.equal(matches(sel('F|lte: 10'), { F: 11 }), false);
  assert.equal(matches(sel('F|lt: 10'), { F: 'abc' }), false);
  assert.match(rejectionOf(`sel:\n  F|gt: 'ten'\ncondition: sel`) ?? '', /not a number/);
});

test('Sigma notes: a rule value 42 matches event "42" and 42; booleans as text', () => {
  assert.equal(matches(sel('F: 42'), { F: '42' }), true);
  assert.equal(matches(sel('F: 42'), { F: 42 }), true);
  assert.equal(matches(sel(`F: '42'`), { F: 42 }), true);
  assert.equal(matches(sel('F: 42'), { F: 420 }), false);
  assert.equal(matches(sel('F: true'), { F: true }), true);
});

test('Sigma spec §Time Modifiers: minute, hour, day, week, month, year', () => {
  const e = { T: '2024-03-07T22:15:09.123Z' };
  assert.equal(matches(sel('T|minute: 15'), e), true);
  assert.equal(matches(sel('T|hour: 22'), e), true);
  assert.equal(matches(sel('T|hour: 21'), e), false);
  assert.equal(matches(sel('T|day: 7'), e), true);
  assert.equal(matches(sel('T|week: 10'), e), true);
  assert.equal(matches(sel('T|month: 3'), e), true);
  assert.equal(matches(sel('T|year: 2024'), e), true);
  assert.equal(matches(sel('T|hour|gte: 20'), e), true); // out-of-hours logons
  assert.equal(matches(sel('T|hour: 22'), { T: 'not a date' }), false);
});

test('Sigma spec §IP Modifiers: cidr over IPv4 and IPv6', () => {
  const r = sel(`IP|cidr:\n  - 10.0.0.0/8\n  - 'fe80::/10'`);
  assert.equal(matches(r, { IP: '10.200.3.4' }), true);
  assert.equal(matches(r, { IP: '11.0.0.1' }), false);
  assert.equal(matches(r, { IP: 'FE80::1' }), true);
  assert.equal(matches(r, { IP: 'fec0::1' }), false);
  assert.equal(matches(r, { IP: '::ffff:10.1.1.1' }), true);
  assert.equal(matches(r, { IP: 'garbage' }), false);
  assert.equal(matches(sel(`IP|cidr: '2001:db8::/32'`), { IP: '2001:db8:ffff::1' }), true);
  assert.match(rejectionOf(`sel:\n  IP|cidr: '10.0.0.0/33'\ncondition: sel`) ?? '', /CIDR/);
});

test('Sigma spec §Specific Modifiers: expand uses configured placeholder values, else rejects', () => {
  const det = `sel:\n  User|expand: '%admins%'\ncondition: sel`;
  assert.match(rejectionOf(det) ?? '', /%admins% has no configured values/);
  const r = ruleFrom(det, { placeholders: { admins: ['root', 'adm_*'] } });
  assert.equal(matches(r, { User: 'root' }), true);
  assert.equal(matches(r, { User: 'adm_bob' }), true);
  assert.equal(matches(r, { User: 'bob' }), false);
  // Without expand, %name% is literal text (spec §Placeholders).
  assert.equal(matches(sel(`User: '%admins%'`), { User: '%admins%' }), true);
});

test('Sigma spec §Specific Modifiers: fieldref compares two fields of the event, with neq', () => {
  const same = sel('A|fieldref: B');
  assert.equal(matches(same, { A: 'x', B: 'X' }), true);
  assert.equal(matches(same, { A: 'x', B: 'y' }), false);
  assert.equal(matches(same, { A: 'x' }), false);
  assert.equal(matches(sel('A|fieldref|neq: B'), { A: 'x', B: 'y' }), true);
  assert.equal(matches(sel('A|fieldref|neq: B'), { A: 'x', B: 'x' }), false);
  assert.equal(matches(sel('A|fieldref|endswith: B'), { A: 'C:\\x\\evil.exe', B: 'evil.exe' }), true);
});

test('Sigma spec §modifiers: unknown modifiers and conflicting combinations are rejected', () => {
  assert.match(rejectionOf(`sel:\n  F|bogus: x\ncondition: sel`) ?? '', /unknown modifier 'bogus'/);
  assert.match(rejectionOf(`sel:\n  F|re|contains: x\ncondition: sel`) ?? '', /cannot be combined/);
  assert.match(rejectionOf(`sel:\n  F|contains|startswith: x\ncondition: sel`) ?? '', /only one of/);
  assert.match(rejectionOf(`sel:\n  F|base64: 'a*'\ncondition: sel`) ?? '', /wildcards cannot be encoded/);
});

test('long value lists (one automaton pass) match exactly like item-by-item matching', () => {
  const items = ['\\a.exe', '\\b.exe', 'c:\\x\\', 'mid', 'exact', 'pre', 'X-Y'];
  for (const mod of ['', '|endswith', '|startswith', '|contains', '|windash|contains']) {
    const yaml = `F${mod}:\n${items.map((i) => `  - '${i}'`).join('\n')}`;
    const long = sel(yaml);
    const node = long.match as { kind: string; test?: { multi?: unknown } };
    assert.ok(node.test?.multi, `multi for ${mod}`);
    for (const value of [
      'C:\\A.EXE',
      'c:\\x\\b.exe',
      'a mid b',
      'exact',
      'EXACT',
      'prefix',
      'x/y z',
      'nothing',
      'xexactx',
      '',
    ]) {
      const want = items.some((i) => matches(sel(`F${mod}: '${i}'`), { F: value }));
      assert.equal(matches(long, { F: value }), want, `${mod} ${value}`);
    }
  }
});

test('field lookup: inherited object members are not event fields; dotted paths reach nested values', () => {
  assert.equal(matches(sel('constructor|exists: true'), {}), false);
  assert.equal(matches(sel('__proto__|exists: true'), {}), false);
  assert.equal(matches(sel('toString|exists: false'), {}), true);
  assert.equal(matches(sel(`process.name: 'cmd.exe'`), { process: { name: 'CMD.EXE' } }), true);
  assert.equal(matches(sel(`process.name: 'cmd.exe'`), { 'process.name': 'cmd.exe' }), true);
  assert.equal(matches(sel(`F: 'a'`), { F: ['x', 'A'] }), true);
});
