import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../core/finding.ts';
import type { WorkFile } from './protocol.ts';
import { scanBatch } from './scan-batch.ts';

const files: WorkFile[] = ['a.ts', 'b.ts', 'c.ts'].map((path, i) => ({ index: 10 + i, path, text: path }));
const finding = (path: string) => ({ ruleId: `r-${path}` }) as unknown as Finding;

test('scanBatch: one entry per file, in the batch order', () => {
  const result = scanBatch(files, (f) => [finding(f.path)]);
  assert.deepEqual(result, { findings: files.map((f) => [finding(f.path)]) });
});

test('scanBatch: stops at the first file the engine throws on, keeping the files before it', () => {
  const seen: string[] = [];
  const result = scanBatch(files, (f) => {
    seen.push(f.path);
    if (f.path === 'b.ts') throw new Error('engine bug');
    return [finding(f.path)];
  });
  assert.deepEqual(seen, ['a.ts', 'b.ts']);
  assert.deepEqual(result, {
    findings: [[finding('a.ts')]],
    failure: { index: 11, path: 'b.ts', message: 'engine bug' },
  });
  assert.equal(
    scanBatch(files, () => {
      throw 'not an Error';
    }).failure?.message,
    'not an Error',
  );
});
