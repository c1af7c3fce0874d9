import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AuditError } from './errors.ts';

/** Signs checkpoints. The private key never enters the database: whoever can write the DB must not be able to re-sign it. */
export interface CheckpointSigner {
  readonly keyId: string;
  /** PEM SPKI public key, stored beside every checkpoint so exports verify offline. */
  readonly publicKeyPem: string;
  sign(payload: Uint8Array): string;
}

/** First 16 hex characters of SHA-256 over the SPKI DER encoding: short enough to print and pin. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function signerFromPrivateKey(privateKey: KeyObject): CheckpointSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new AuditError('audit signing key: not an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (payload) => sign(null, payload, privateKey).toString('base64'),
  };
}

export function generateSigner(): CheckpointSigner {
  return signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
}

/**
 * Loads the PKCS#8 PEM Ed25519 key at `file`, creating it (mode 0600, parent folders 0700) when
 * it does not exist yet. Creation uses the exclusive flag so two processes starting together
 * cannot both write a key.
 */
export function loadOrCreateSigningKey(file: string): CheckpointSigner {
  try {
    return signerFromPrivateKey(createPrivateKey(readFileSync(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      if (error instanceof AuditError) throw new AuditError(`${file}: ${error.message}`, { file });
      throw new AuditError(`cannot read the audit signing key: ${(error as Error).message}`, {
        file,
        cause: error,
      });
    }
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (error) {
    // Another process won the race: use its key.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSigningKey(file);
    throw new AuditError(`cannot write the audit signing key: ${(error as Error).message}`, {
      file,
      cause: error,
    });
  }
  return signerFromPrivateKey(privateKey);
}

/** Key ids from a PEM file holding one or more public (or private) keys, for pinning at verify time. */
export function trustedKeyIdsFromPem(text: string, file: string): Set<string> {
  const blocks = text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
  if (blocks.length === 0) throw new AuditError(`${file}: no PEM key found`, { file });
  const ids = new Set<string>();
  for (const block of blocks) {
    try {
      ids.add(keyIdOf(createPublicKey(block)));
    } catch (error) {
      throw new AuditError(`${file}: not a usable key (${(error as Error).message})`, { file, cause: error });
    }
  }
  return ids;
}

/** The public half (PEM) and key id of a PEM private or public key, without the ability to sign. */
export function publicKeyOf(pem: string, file: string): { keyId: string; publicKeyPem: string } {
  try {
    const publicKey = createPublicKey(pem);
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
    return {
      keyId: keyIdOf(publicKey),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  } catch (error) {
    throw new AuditError(`${file}: not a usable audit key (${(error as Error).message})`, {
      file,
      cause: error,
    });
  }
}
