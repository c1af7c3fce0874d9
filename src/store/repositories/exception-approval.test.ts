import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finding, report } from '../../../test/fixtures/posture/reports.ts';
import { AuditLog } from '../../audit/audit-log.ts';
import { generateSigner } from '../../audit/signing-key.ts';
import { ExceptionRequests, type RequestActor } from '../../posture/exception-requests.ts';
import type { PostureRepository, ServiceTransaction } from '../../posture/repository.ts';
import type { ExceptionRequestRepository } from '../../posture/request-repository.ts';
import { PostureService } from '../../posture/service.ts';
import { parseUpload } from '../../posture/upload.ts';
import { TEST_DIALECTS } from '../testing/test-stores.ts';
import { StorePostureRepository } from './posture-repository.ts';
import { postureFixture } from './posture-testing.ts';
import { StoreExceptionRequestRepository } from './waiver-request-repository.ts';

const DEV: RequestActor = { id: 'person:dev', personId: 'dev', roles: ['developer'] };
const SEC: RequestActor = { id: 'person:sec', personId: 'sec', roles: ['security', 'risk-owner'] };

/**
 * The process "dies" in the middle of the approval's write: the exception rows are inserted,
 * then the insert fails, and from then on nothing else may be written (a killed process runs no
 * clean-up). Whatever was committed before that point is what an auditor would find.
 */
function crashingRepositories(
  posture: PostureRepository,
  requests: ExceptionRequestRepository,
): { posture: PostureRepository; requests: ExceptionRequestRepository; crashed: () => boolean } {
  let dead = false;
  const crashedError = () => new Error('process killed (injected)');
  const wrapTx = (tx: ServiceTransaction): ServiceTransaction =>
    new Proxy(tx, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        if (key === 'insertExceptions')
          return async (...args: Parameters<ServiceTransaction['insertExceptions']>) => {
            await target.insertExceptions(...args);
            dead = true;
            throw crashedError();
          };
        return (...args: unknown[]) => {
          if (dead) throw crashedError();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const wrappedPosture = new Proxy(posture, {
    get(target, key, receiver) {
      if (key === 'withServiceLock')
        return <T>(serviceId: string, work: (tx: ServiceTransaction) => Promise<T>) =>
          target.withServiceLock(serviceId, (tx) => work(wrapTx(tx)));
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const wrappedRequests = new Proxy(requests, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (dead) throw crashedError();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { posture: wrappedPosture, requests: wrappedRequests, crashed: () => dead };
}

for (const dialect of TEST_DIALECTS) {
  for (const kind of ['waiver', 'risk-acceptance'] as const) {
    test(`${dialect}: a ${kind} approval that dies inside its write leaves the request pending and no exception`, async (t) => {
      const fx = await postureFixture(t, dialect, { start: '2026-06-01T00:00:00.000Z' });
      if (!fx) return;
      await fx.service('checkout');
      await fx.posture.ingest(parseUpload({ service: 'checkout', report: report([finding('a')]) }), DEV);
      const [a] = (await fx.posture.list({}, { limit: 10, sort: 'oldest' })).items.map((f) => f.id) as [
        string,
      ];
      const auditLog = new AuditLog(fx.audit, generateSigner(), { now: () => fx.clock.now });
      const storeRequests = new StoreExceptionRequestRepository(fx.store);
      const requests = new ExceptionRequests(storeRequests, fx.posture, auditLog, {
        now: () => fx.clock.now,
      });
      const asked = await requests.request(
        a,
        { kind, reason: 'vendor fix next sprint', expiresAt: '2026-07-01T00:00:00.000Z' },
        DEV,
      );
      const countsBefore = await fx.posture.counts('status', {});
      const auditBefore = await fx.auditActions();

      const crash = crashingRepositories(new StorePostureRepository(fx.store), storeRequests);
      const dying = new ExceptionRequests(
        crash.requests,
        new PostureService(crash.posture, auditLog, { now: () => fx.clock.now }),
        auditLog,
        { now: () => fx.clock.now },
      );
      await assert.rejects(dying.approve(asked.id, SEC, 'ok'), /process killed \(injected\)/);
      assert.ok(crash.crashed(), 'the failure was injected after the exception rows were written');

      // What survives the crash, read afresh from the database.
      const stored = await storeRequests.byId(asked.id);
      assert.equal(stored?.status, 'pending');
      assert.equal(stored?.decidedBy, null);
      assert.equal(stored?.decidedAt, null);
      const detail = await fx.posture.get(a);
      assert.equal(detail.status, 'new');
      assert.deepEqual(detail.exceptions, [], 'no waiver or risk acceptance was committed');
      assert.deepEqual(
        detail.events.map((e) => e.to),
        ['new'],
        'no lifecycle event',
      );
      assert.deepEqual(await fx.posture.counts('status', {}), countsBefore, 'counters unchanged');
      assert.deepEqual(await fx.auditActions(), auditBefore, 'no audit entry for an approval with no effect');

      // Another reviewer can still approve it, and then decision and effect are both there.
      const approved = await requests.approve(asked.id, SEC, 'ok');
      assert.equal(approved.status, 'approved');
      assert.equal((await storeRequests.byId(asked.id))?.status, 'approved');
      const after = await fx.posture.get(a);
      assert.equal(after.status, kind === 'waiver' ? 'waived' : 'risk-accepted');
      assert.equal(after.exceptions.length, 1);
      assert.equal(
        (await fx.auditActions()).filter((action) => action === 'finding.exception-request.approve').length,
        1,
      );
    });
  }
}
