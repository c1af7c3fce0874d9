import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { canonicalJson } from './canonical.ts';
import type { Checkpoint } from './entry.ts';
import { keyIdOf } from './signing-key.ts';

/**
 * The bytes an Ed25519 checkpoint signature covers. The domain prefix keeps a checkpoint
 * signature from ever being valid for some other message signed with the same key.
 */
export function checkpointPayload(seq: number, hash: string, at: string): Buffer {
  return Buffer.from(`rampart-audit-checkpoint-v1\n${canonicalJson({ seq, hash, at })}`, 'utf8');
}

/** Why a checkpoint cannot be trusted, or undefined when its signature and key are good. */
export function checkpointProblem(
  checkpoint: Checkpoint,
  trustedKeyIds?: ReadonlySet<string>,
): string | undefined {
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey(checkpoint.publicKey);
  } catch {
    return 'its public key is not a valid PEM public key';
  }
  if (key.asymmetricKeyType !== 'ed25519') return 'its public key is not an Ed25519 key';
  const keyId = keyIdOf(key);
  if (keyId !== checkpoint.keyId)
    return `its key id ${checkpoint.keyId} does not match its public key (${keyId})`;
  if (trustedKeyIds && !trustedKeyIds.has(keyId)) return `it is signed by key ${keyId}, which is not trusted`;
  const signature = Buffer.from(checkpoint.signature, 'base64');
  // Node's base64 decoder skips characters it does not know; only the canonical spelling counts.
  if (signature.length !== 64 || signature.toString('base64') !== checkpoint.signature) {
    return 'its signature is not 64 bytes of canonical base64';
  }
  const payload = checkpointPayload(checkpoint.seq, checkpoint.hash, checkpoint.at);
  let valid = false;
  try {
    valid = verifySignature(null, payload, key, signature);
  } catch {
    valid = false;
  }
  return valid ? undefined : 'its signature does not verify';
}
