import type { FindingTable } from '../schema.ts';

/**
 * Tables and columns of migrations 0003-posture, 0005-posture-counters and 0008-posture-rule-due-counters, typed for the posture repository only
 * (`db.withTables<PostureTables>()`), so src/store/schema.ts stays as other repositories know it.
 */
export type PostureTables = {
  findings: FindingTable & { analyzer: string; scope_target: string; last_upload_id: string | null };
  waivers: {
    id: string;
    finding_id: string | null;
    service_id: string | null;
    rule_id: string | null;
    reason: string;
    owner: string;
    status: string;
    requested_by: string;
    approved_by: string | null;
    created_at: string;
    decided_at: string | null;
    expires_at: string | null;
    kind: string;
  };
  uploads: {
    id: string;
    service_id: string;
    commit_sha: string | null;
    branch: string | null;
    target: string;
    full_scan: number;
    scope: string;
    actor: string;
    at: string;
    summary: string;
  };
  posture_rules: { rule_id: string; title: string; severity: string; frameworks: string; updated_at: string };
  service_rules: { service_id: string; rule_id: string; last_evaluated_at: string };
  posture_snapshots: {
    service_id: string;
    team_id: string;
    day: string;
    severity: string;
    open_count: number;
  };
  /** Migration 0005-posture-counters. */
  posture_counts: {
    service_id: string;
    team_id: string;
    severity: string;
    status: string;
    finding_count: number;
  };
  posture_team_days: { team_id: string; day: string; severity: string; open_count: number };
  /** Migration 0008-posture-rule-due-counters. */
  posture_rule_counts: {
    service_id: string;
    team_id: string;
    rule_id: string;
    status: string;
    finding_count: number;
  };
  posture_due_counts: {
    service_id: string;
    team_id: string;
    severity: string;
    status: string;
    due_day: string;
    finding_count: number;
  };
  /** Migration 0009-posture-team-rollups: the two tables above summed over a team's services. */
  posture_rule_totals: { team_id: string; rule_id: string; status: string; finding_count: number };
  posture_due_totals: {
    team_id: string;
    severity: string;
    status: string;
    due_day: string;
    finding_count: number;
  };
};
