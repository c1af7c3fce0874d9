import type { TestContext } from 'node:test';
import { AuditLog } from '../../audit/audit-log.ts';
import { generateSigner } from '../../audit/signing-key.ts';
import { PostureService } from '../../posture/service.ts';
import type { SlaPolicy } from '../../posture/sla.ts';
import type { DialectName } from '../dialect.ts';
import type { Store } from '../store.ts';
import { testDatabase } from '../testing/test-stores.ts';
import { StoreAuditRepository } from './audit-repository.ts';
import { CatalogRepository } from './catalog-repository.ts';
import { StorePostureRepository } from './posture-repository.ts';

export interface PostureFixture {
  readonly store: Store;
  readonly posture: PostureService;
  readonly audit: StoreAuditRepository;
  readonly catalog: CatalogRepository;
  readonly teamId: string;
  /** The test clock; set `clock.now` to move time. */
  readonly clock: { now: Date };
  /** Creates a service owned by the fixture's team (or `teamId`). */
  service(name: string, teamId?: string): Promise<string>;
  auditActions(): Promise<string[]>;
}

/** A posture service on a fresh database of `dialect` with team `payments`; undefined when skipped. */
export async function postureFixture(
  t: TestContext,
  dialect: DialectName,
  options: { sla?: SlaPolicy; start?: string } = {},
): Promise<PostureFixture | undefined> {
  const database = await testDatabase(t, dialect);
  if (!database) return undefined;
  const store = await database.open();
  const clock = { now: new Date(options.start ?? '2026-01-01T00:00:00.000Z') };
  const catalog = new CatalogRepository(store, () => clock.now);
  const audit = new StoreAuditRepository(store);
  const auditLog = new AuditLog(audit, generateSigner(), { now: () => clock.now });
  const posture = new PostureService(new StorePostureRepository(store), auditLog, {
    now: () => clock.now,
    ...(options.sla ? { sla: options.sla } : {}),
  });
  const team = await catalog.createTeam('payments');
  return {
    store,
    posture,
    audit,
    catalog,
    teamId: team.id,
    clock,
    async service(name, teamId = team.id) {
      return (await catalog.createService({ name, ownerTeamId: teamId })).id;
    },
    async auditActions() {
      return (await audit.listEntries(0, 100_000)).map((e) => e.action);
    },
  };
}
