import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter } from './lines.ts';

function lines(text: string, chunk: number, max?: number): string[] {
  const s = new LineSplitter(max);
  const out: string[] = [];
  const sink = {
    line: (t: string, n: number, o: number) => out.push(`${n}@${o}:${t}`),
    tooLong: (n: number) => out.push(`${n}: too long`),
  };
  for (let i = 0; i < text.length; i += chunk) s.push(text.slice(i, i + chunk), sink);
  s.end(sink);
  return out;
}

describe('line splitter', () => {
  it('numbers lines, counts UTF-8 byte offsets, strips CR of CRLF even when the CR ends a chunk', () => {
    const text = 'a\r\nüb\r\n\nlast';
    const expected = ['1@0:a', '2@3:üb', '3@8:', '4@9:last'];
    assert.deepEqual(lines(text, text.length), expected);
    for (const chunk of [1, 2, 3]) assert.deepEqual(lines(text, chunk), expected);
  });

  it('skips a line longer than the bound without buffering it, once, and keeps counting', () => {
    const text = `ok\n${'x'.repeat(50)}\nnext\n${'y'.repeat(11)}`;
    const expected = ['1@0:ok', '2: too long', '3@54:next', '4: too long'];
    assert.deepEqual(lines(text, 4, 10), expected);
    assert.deepEqual(lines(text, text.length, 10), expected);
  });
});
