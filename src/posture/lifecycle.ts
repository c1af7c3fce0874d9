import type { FindingStatus } from './types.ts';

/**
 * A finding's status when an upload reports it: first sighting `new`, later sightings `open`, a
 * fixed finding that comes back `reopened`. Exceptions (waived, risk-accepted) stand until they
 * expire or are revoked: seeing the finding again is expected.
 */
export function statusWhenSeen(previous: FindingStatus | undefined): FindingStatus {
  switch (previous) {
    case undefined:
      return 'new';
    case 'new':
    case 'open':
      return 'open';
    case 'fixed':
      return 'reopened';
    default:
      return previous;
  }
}

/** Statuses an exception (waiver, risk acceptance) may be placed on: anything not fixed. */
export function canTakeException(status: FindingStatus): boolean {
  return status !== 'fixed';
}
