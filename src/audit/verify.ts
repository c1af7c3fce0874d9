import type { AuditRepository } from './repository.ts';
import { ChainVerifier, type VerifierOptions, type VerifyReport } from './verifier.ts';

export interface VerifyRepositoryOptions extends VerifierOptions {
  /** Entries read per query (default 1000). */
  readonly pageSize?: number;
}

/** Verifies the whole chain in the store, page by page, checkpoints merged in seq order. */
export async function verifyRepository(
  repository: AuditRepository,
  options: VerifyRepositoryOptions = {},
): Promise<VerifyReport> {
  const verifier = new ChainVerifier(options);
  const checkpoints = await repository.listCheckpoints();
  // Checkpoints go in first: the verifier holds each until its entry arrives.
  for (const checkpoint of checkpoints) if (!verifier.pushCheckpoint(checkpoint)) return verifier.finish();
  const pageSize = Math.max(1, options.pageSize ?? 1000);
  let after = 0;
  for (;;) {
    const page = await repository.listEntries(after, pageSize);
    for (const record of page) if (!verifier.pushEntry(record)) return verifier.finish();
    if (page.length < pageSize) break;
    after = (page[page.length - 1] as { seq: number }).seq;
  }
  return verifier.finish();
}
