import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matches, ruleFrom } from './test-support.ts';
import { ANY_ONE, ANY_RUN, parseWildcards } from './wildcard.ts';

// Values are written in YAML single quotes, so backslashes reach the engine as written.
const rule = (value: string) => ruleFrom(`sel:\n  F: '${value}'\ncondition: sel`);
const m = (value: string, event: string) => matches(rule(value), { F: event });

test('Sigma spec §String Wildcard: * matches any run, ? exactly one character', () => {
  assert.equal(m('prog?.exe', 'progA.exe'), true);
  assert.equal(m('prog?.exe', 'prog.exe'), false);
  assert.equal(m('prog?.exe', 'progAB.exe'), false);
  assert.equal(m('antivirus_V*.exe', 'antivirus_V21.2.1.exe'), true);
  assert.equal(m('antivirus_V*.exe', 'antivirus_V.exe'), true);
  assert.equal(m('antivirus_V*.exe', 'antivirus_V1.dll'), false);
  assert.equal(m('a*b*c', 'a__b__c'), true);
  assert.equal(m('a*b*c', 'a__c__b'), false);
  assert.equal(m('*', ''), true);
});

test('Sigma spec §Escape Character: plain backslash as \\ or \\\\ is one literal backslash', () => {
  assert.deepEqual(parseWildcards('C:\\Windows'), ['C:\\Windows']);
  assert.deepEqual(parseWildcards('C:\\\\Windows'), ['C:\\Windows']);
  assert.equal(m('C:\\Windows\\cmd.exe', 'C:\\Windows\\cmd.exe'), true);
  assert.equal(m('C:\\\\Windows\\\\cmd.exe', 'C:\\Windows\\cmd.exe'), true);
});

test('Sigma spec §Escape Character: \\* and \\? are literal wildcard characters', () => {
  assert.deepEqual(parseWildcards('a\\*b'), ['a*b']);
  assert.deepEqual(parseWildcards('a\\?b'), ['a?b']);
  assert.equal(m('a\\*b', 'a*b'), true);
  assert.equal(m('a\\*b', 'axxb'), false);
  assert.equal(m('what\\?', 'what?'), true);
  assert.equal(m('what\\?', 'whatx'), false);
});

test('Sigma spec §Escape Character: \\\\* is a literal backslash followed by a wildcard', () => {
  assert.deepEqual(parseWildcards('dir\\\\*'), ['dir\\', ANY_RUN]);
  assert.equal(m('dir\\\\*', 'dir\\anything'), true);
  assert.equal(m('dir\\\\*', 'dir*'), false);
});

test('Sigma spec §Escape Character: \\\\\\* is a literal backslash and a literal star', () => {
  assert.deepEqual(parseWildcards('dir\\\\\\*'), ['dir\\*']);
  assert.equal(m('dir\\\\\\*', 'dir\\*'), true);
  assert.equal(m('dir\\\\\\*', 'dir\\x'), false);
});

test('Sigma spec §Escape Character: three or four backslashes are a double backslash', () => {
  assert.deepEqual(parseWildcards('a\\\\\\b'), ['a\\\\b']);
  assert.deepEqual(parseWildcards('a\\\\\\\\b'), ['a\\\\b']);
  assert.equal(m('a\\\\\\\\b', 'a\\\\b'), true);
  assert.equal(m('a\\\\\\\\b', 'a\\b'), false);
});

test('Sigma spec §Escape Character: trailing backslash and ? next to escapes', () => {
  assert.deepEqual(parseWildcards('end\\'), ['end\\']);
  assert.deepEqual(parseWildcards('\\\\?'), ['\\', ANY_ONE]);
});

test('Sigma spec §Strings: matching is case-insensitive by default', () => {
  assert.equal(m('CMD.EXE', 'cmd.exe'), true);
  assert.equal(m('c*D.exe', 'CMD.EXE'), true);
});
