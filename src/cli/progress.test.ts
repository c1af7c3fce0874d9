import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CliIo } from './io.ts';
import { progressLine } from './progress.ts';

function fakeIo(stderrIsTTY: boolean): CliIo & { errText: string } {
  const io = {
    cwd: '/',
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY,
    errText: '',
    out: () => {},
    err: (text: string) => {
      io.errText += text;
    },
    readStdin: async () => new Uint8Array(),
  };
  return io;
}

describe('progress line', () => {
  it('writes to stderr only when stderr is a terminal, and clears itself when done', () => {
    const tty = fakeIo(true);
    const report = progressLine(tty, true);
    assert.ok(report);
    report({ phase: 'analyzing', files: 12 });
    assert.match(tty.errText, /analyzing 12 files/);
    report({ phase: 'done' });
    assert.ok(tty.errText.endsWith('\r\u001b[2K'));
    assert.equal(progressLine(fakeIo(false), true), undefined);
    assert.equal(progressLine(fakeIo(true), false), undefined, '--quiet');
  });
});
