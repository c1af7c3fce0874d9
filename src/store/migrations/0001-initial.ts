import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The control plane's first tables. Portable types only (text, integer, bigint), so the same
 * migration runs on SQLite and PostgreSQL; timestamps are ISO 8601 UTC text (sortable), JSON is text.
 */
export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('teams')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('people')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('roles')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('description', 'text', (c) => c.notNull())
      .execute();
    await db
      .insertInto('roles' as never)
      .values(ROLES.map(([name, description]) => ({ name, description })) as never)
      .execute();

    await db.schema
      .createTable('memberships')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
      .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull().references('roles.name'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('memberships_person')
      .on('memberships')
      .columns(['person_id', 'team_id', 'role'])
      .unique()
      .execute();
    await db.schema.createIndex('memberships_team').on('memberships').columns(['team_id', 'role']).execute();

    await db.schema
      .createTable('services')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('owner_team_id', 'text', (c) => c.notNull().references('teams.id'))
      .addColumn('tier', 'text')
      .addColumn('data_classification', 'text')
      .addColumn('repository', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('services_owner_team').on('services').column('owner_team_id').execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.references('people.id').onDelete('cascade'))
      .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('last_used_at', 'text')
      .execute();

    await db.schema
      .createTable('findings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
      .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) =>
        c.notNull().check(sql`severity in ('critical', 'high', 'medium', 'low', 'info')`),
      )
      .addColumn('severity_rank', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('new', 'open', 'fixed', 'reopened', 'waived', 'risk-accepted')`),
      )
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('file', 'text')
      .addColumn('line', 'integer')
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('fixed_at', 'text')
      .addColumn('sla_due_at', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('findings_service_fingerprint', ['service_id', 'fingerprint'])
      .execute();
    // The findings list: filter by one of service/team/rule (+ status, severity), newest-worst
    // first, keyset pagination on (severity_rank, id). Each index ends with the sort key.
    const listIndexes: Array<[string, string[]]> = [
      ['findings_by_service', ['service_id', 'status', 'severity_rank', 'id']],
      ['findings_by_team', ['team_id', 'status', 'severity_rank', 'id']],
      ['findings_by_rule', ['rule_id', 'status', 'severity_rank', 'id']],
      ['findings_by_status', ['status', 'severity_rank', 'id']],
      ['findings_by_severity', ['severity_rank', 'id']],
      ['findings_sla_due', ['sla_due_at']],
    ];
    for (const [name, columns] of listIndexes) {
      await db.schema.createIndex(name).on('findings').columns(columns).execute();
    }

    await db.schema
      .createTable('finding_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id').onDelete('cascade'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('finding_events_finding')
      .on('finding_events')
      .columns(['finding_id', 'at'])
      .execute();

    await db.schema
      .createTable('waivers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('finding_id', 'text', (c) => c.references('findings.id').onDelete('cascade'))
      .addColumn('service_id', 'text', (c) => c.references('services.id').onDelete('cascade'))
      .addColumn('rule_id', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('requested', 'approved', 'rejected', 'expired', 'revoked')`),
      )
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('approved_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text')
      .addColumn('expires_at', 'text')
      .execute();
    await db.schema.createIndex('waivers_finding').on('waivers').column('finding_id').execute();
    await db.schema.createIndex('waivers_expiry').on('waivers').columns(['status', 'expires_at']).execute();

    // No foreign key between the two audit tables on purpose: tampering must be detectable by
    // verification, not merely prevented by a constraint an attacker with DB access can drop.
    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor', 'seq']).execute();
    await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target', 'seq']).execute();

    await db.schema
      .createTable('audit_checkpoints')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'audit_checkpoints',
      'audit_log',
      'waivers',
      'finding_events',
      'findings',
      'api_tokens',
      'services',
      'memberships',
      'roles',
      'people',
      'teams',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};

/** The roles of issue 4 §2; permissions are attached in code, per team. */
const ROLES: ReadonlyArray<[string, string]> = [
  ['admin', 'Everything, including Rampart settings and roles'],
  ['security', 'Security analyst: all findings, waiver decisions, rules'],
  ['architect', 'Reviews designs and changes for the teams they serve'],
  ['developer', "Works on the team's services and findings"],
  ['risk-owner', 'May accept risk on findings'],
  ['auditor', 'Read-only access to everything, including the audit log'],
  ['viewer', 'Read-only access to posture and findings'],
];
