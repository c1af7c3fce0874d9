import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fingerprint } from './fingerprint.ts';

/** The original definition: sha256 over each part followed by NUL, first 32 hex digits. */
function reference(parts: readonly (string | undefined)[]): string {
  const h = createHash('sha256');
  for (const part of parts) {
    h.update(part ?? '');
    h.update('\u0000');
  }
  return h.digest('hex').slice(0, 32);
}

describe('fingerprint', () => {
  it('keeps its published value (baselines and suppressions store it)', () => {
    assert.equal(
      fingerprint(['RMP-K8S-001', 'a.yaml', 'Pod//web', 'spec', '0']),
      reference(['RMP-K8S-001', 'a.yaml', 'Pod//web', 'spec', '0']),
    );
    assert.equal(fingerprint([]), 'e3b0c44298fc1c149afbf4c8996fb924');
    assert.equal(fingerprint([undefined]), fingerprint(['']));
    assert.notEqual(fingerprint(['ab', 'c']), fingerprint(['a', 'bc']));
  });

  it('equals the part-by-part hash for any parts, including non-ASCII', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.string({ unit: 'grapheme' }), { nil: undefined }), { maxLength: 6 }),
        (parts) => {
          assert.equal(fingerprint(parts), reference(parts));
        },
      ),
    );
  });
});
