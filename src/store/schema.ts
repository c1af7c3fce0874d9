import type { ColumnType } from 'kysely';

/**
 * Table types for Kysely. Columns are portable between SQLite and PostgreSQL: text ids, ISO 8601
 * UTC timestamps as text, JSON as text. `bigint` columns come back from `pg` as strings, hence
 * `number | string` on select — repositories convert with Number().
 */
type BigIntColumn = ColumnType<number | string, number, number>;

export interface TeamTable {
  id: string;
  name: string;
  display_name: string;
  created_at: string;
  updated_at: string;
}

export interface PersonTable {
  id: string;
  email: string;
  display_name: string;
  created_at: string;
  updated_at: string;
}

export interface RoleTable {
  name: string;
  description: string;
}

/** A person holds a role, globally (team_id null) or for one team; architects may hold it for many. */
export interface MembershipTable {
  id: string;
  person_id: string;
  team_id: string | null;
  role: string;
  created_at: string;
}

export interface ServiceTable {
  id: string;
  name: string;
  owner_team_id: string;
  tier: string | null;
  data_classification: string | null;
  repository: string | null;
  created_at: string;
  updated_at: string;
  /** Migration 0007: Backstage `spec.system`, `spec.lifecycle`, `spec.type`. */
  system_id: string | null;
  lifecycle: string | null;
  type: string | null;
}

/** Migration 0007: Backstage System entities. */
export interface SystemTable {
  id: string;
  name: string;
  display_name: string;
  owner_team_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApiTokenTable {
  id: string;
  name: string;
  /** SHA-256 of the secret; the secret itself is never stored. */
  token_hash: string;
  /** First characters of the secret, shown in the UI to tell tokens apart. */
  prefix: string;
  /** JSON array of scope strings. */
  scopes: string;
  person_id: string | null;
  team_id: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface FindingTable {
  id: string;
  service_id: string;
  /** Owner team of the service when the finding was stored: list filters by team without a join. */
  team_id: string;
  fingerprint: string;
  rule_id: string;
  severity: string;
  /** critical 4 … info 0 (src/core/severity.ts), for sorting. */
  severity_rank: number;
  status: string;
  title: string;
  file: string | null;
  line: number | null;
  first_seen_at: string;
  last_seen_at: string;
  fixed_at: string | null;
  sla_due_at: string | null;
  /** JSON of the full finding as uploaded. */
  data: string;
  created_at: string;
  updated_at: string;
}

export interface FindingEventTable {
  id: string;
  finding_id: string;
  at: string;
  actor: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  /** JSON object. */
  details: string;
}

export interface WaiverTable {
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
}

export interface AuditLogTable {
  seq: BigIntColumn;
  at: string;
  actor: string;
  action: string;
  target: string;
  /** Canonical JSON (src/audit/canonical.ts) of the details object. */
  details: string;
  hash: string;
}

export interface AuditCheckpointTable {
  seq: BigIntColumn;
  hash: string;
  at: string;
  key_id: string;
  public_key: string;
  signature: string;
}

export interface Database {
  teams: TeamTable;
  people: PersonTable;
  roles: RoleTable;
  memberships: MembershipTable;
  services: ServiceTable;
  systems: SystemTable;
  api_tokens: ApiTokenTable;
  findings: FindingTable;
  finding_events: FindingEventTable;
  waivers: WaiverTable;
  audit_log: AuditLogTable;
  audit_checkpoints: AuditCheckpointTable;
}
