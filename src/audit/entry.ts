import type { JsonObject } from './canonical.ts';

/** What a caller records: who did what to which object, with structured details. */
export interface AuditEvent {
  /** `person:<id>`, `token:<id>`, `system`… — whoever caused the change. */
  readonly actor: string;
  /** Dotted verb, e.g. `waiver.approve`, `auth.sign-in`, `catalog.service.update`. */
  readonly action: string;
  /** The object acted on, e.g. `finding:<id>`, `team:<id>`. Empty when there is none. */
  readonly target: string;
  readonly details: JsonObject;
}

/** One link of the chain: the event plus its position and time. These fields are what is hashed. */
export interface AuditEntry extends AuditEvent {
  /** 1, 2, 3… without gaps. */
  readonly seq: number;
  /** ISO 8601 UTC timestamp. */
  readonly at: string;
}

/** An entry as stored: `hash` = SHA-256(previous hash ‖ canonical(entry)), lowercase hex. */
export interface AuditRecord extends AuditEntry {
  readonly hash: string;
}

/** A signed statement "the chain had `hash` at `seq` at time `at`". */
export interface Checkpoint {
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
  /** First 16 hex characters of SHA-256 over the public key's SPKI DER. */
  readonly keyId: string;
  /** PEM-encoded SPKI Ed25519 public key that made `signature`. */
  readonly publicKey: string;
  /** Base64 Ed25519 signature over the checkpoint payload (see checkpoint.ts). */
  readonly signature: string;
}
