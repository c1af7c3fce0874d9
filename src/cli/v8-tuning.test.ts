import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isBatchRun } from './v8-tuning.ts';

describe('isBatchRun', () => {
  it('is a one-shot scan, wherever its options are', () => {
    assert.equal(isBatchRun(['scan']), true);
    assert.equal(isBatchRun(['scan', '.', '-f', 'sarif']), true);
    assert.equal(isBatchRun(['scan', '--secrets-config', 'x.toml', 'src']), true);
  });

  it('is not a long-running command or another command', () => {
    assert.equal(isBatchRun(['scan', '--watch']), false);
    assert.equal(isBatchRun(['scan', '.', '--watch', '-f', 'json']), false);
    assert.equal(isBatchRun(['serve']), false);
    assert.equal(isBatchRun(['detect', 'logs.jsonl']), false);
    assert.equal(isBatchRun([]), false);
    assert.equal(isBatchRun(['--version']), false);
  });
});
