import type { Migration } from 'kysely';
import { initial } from './0001-initial.ts';
import { auth } from './0002-auth.ts';
import { posture } from './0003-posture.ts';
import { listSorts } from './0004-list-sorts.ts';
import { postureCounters } from './0005-posture-counters.ts';
import { waiverRequests } from './0006-waiver-requests.ts';
import { catalogBackstage } from './0007-catalog-backstage.ts';
import { postureRuleDueCounters } from './0008-posture-rule-due-counters.ts';
import { postureTeamRollups } from './0009-posture-team-rollups.ts';
import { auditActionIndex } from './0010-audit-action-index.ts';

/**
 * Every migration, in order, listed explicitly (never discovered from a folder at run time, so
 * bundling, tsx and compiled builds all see the same set). Names sort in application order and
 * must never change once released.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-auth': auth,
  '0003-posture': posture,
  '0004-list-sorts': listSorts,
  '0005-posture-counters': postureCounters,
  '0006-waiver-requests': waiverRequests,
  '0007-catalog-backstage': catalogBackstage,
  '0008-posture-rule-due-counters': postureRuleDueCounters,
  '0009-posture-team-rollups': postureTeamRollups,
  '0010-audit-action-index': auditActionIndex,
};
