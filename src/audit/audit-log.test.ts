import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuditLog } from './audit-log.ts';
import { chainHash, GENESIS_HASH } from './chain-hash.ts';
import type { AuditEvent, AuditRecord } from './entry.ts';
import { generateSigner } from './signing-key.ts';
import { MemoryAuditRepository } from './testing/memory-repository.ts';
import { verifyRepository } from './verify.ts';

function clock(start = Date.parse('2026-01-01T00:00:00Z'), stepMs = 1000): () => Date {
  let t = start;
  return () => {
    t += stepMs;
    return new Date(t);
  };
}

async function filled(count: number, every = 5) {
  const repo = new MemoryAuditRepository();
  const log = new AuditLog(repo, generateSigner(), { checkpointEvery: every, now: clock() });
  for (let i = 1; i <= count; i++) {
    await log.append({
      actor: `person:${i % 3}`,
      action: 'waiver.approve',
      target: `finding:${i}`,
      details: { i },
    });
  }
  return { repo, log };
}

test('append: seq 1.., each hash = SHA-256(prev ‖ canonical(entry))', async () => {
  const { repo } = await filled(3);
  assert.deepEqual(
    repo.entries.map((e) => e.seq),
    [1, 2, 3],
  );
  let prev = GENESIS_HASH;
  for (const e of repo.entries) {
    assert.equal(e.hash, chainHash(prev, e));
    prev = e.hash;
  }
  // Pinned vector (= printf '%s%s' 000…000 '{"action":"b","actor":"a","at":…,"details":{},"seq":1,"target":"c"}' | sha256sum).
  const first: AuditRecord = {
    seq: 1,
    at: '2026-01-01T00:00:00.000Z',
    actor: 'a',
    action: 'b',
    target: 'c',
    details: {},
    hash: '',
  };
  const withOtherHash: AuditRecord = { ...first, hash: 'ignored' };
  assert.equal(chainHash(GENESIS_HASH, first), chainHash(GENESIS_HASH, withOtherHash));
  assert.equal(
    chainHash(GENESIS_HASH, first),
    '31ff1ad72520f6e5615cc673aae11884f19b6dc9b1d31c312ffaa28978de1c07',
  );
});

test('append: a checkpoint at seq 1 and every multiple of N, signed over (seq, hash, at)', async () => {
  const { repo } = await filled(12, 5);
  assert.deepEqual(
    repo.checkpoints.map((c) => c.seq),
    [1, 5, 10],
  );
  assert.equal(repo.checkpoints[2]?.hash, repo.entries[9]?.hash);
});

test('append: a checkpoint when the last one is older than the interval', async () => {
  const repo = new MemoryAuditRepository();
  const log = new AuditLog(repo, generateSigner(), {
    checkpointEvery: 1000,
    checkpointIntervalMs: 60_000,
    now: clock(0, 25_000),
  });
  await log.append({ actor: 'a', action: 'x', target: '', details: {} });
  assert.deepEqual(
    repo.checkpoints.map((c) => c.seq),
    [1],
    'the origin is signed at once',
  );
  for (let i = 0; i < 3; i++) await log.append({ actor: 'a', action: 'x', target: '', details: {} });
  assert.deepEqual(
    repo.checkpoints.map((c) => c.seq),
    [1, 4],
    'clock: checkpoint 1 at 50 s; appends at 75, 100, 125 s; 125 - 50 ≥ 60 s',
  );
  assert.equal(await log.checkpoint(), undefined, 'no second checkpoint at the same head');
  await log.append({ actor: 'a', action: 'x', target: '', details: {} });
  assert.equal(await log.checkpoint().then((c) => c?.seq), 5);
});

test('append: concurrent appends never fork the chain', async () => {
  const repo = new MemoryAuditRepository();
  const log = new AuditLog(repo, generateSigner(), { checkpointEvery: 7 });
  await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      log.append({ actor: 'a', action: 'x', target: `t${i}`, details: {} }),
    ),
  );
  assert.equal(repo.entries.length, 50);
  const report = await verifyRepository(repo, { pageSize: 8 });
  assert.equal(report.ok, true, report.problem?.reason);
  assert.equal(report.headSeq, 50);
});

test('append: rejects details JSON cannot carry before touching the chain', async () => {
  const repo = new MemoryAuditRepository();
  const log = new AuditLog(repo, generateSigner());
  await assert.rejects(log.append({ actor: 'a', action: 'x', target: '', details: { n: Number.NaN } }), {
    code: 'E_AUDIT',
  });
  assert.equal(repo.entries.length, 0);
  const untyped = { actor: 7, action: 'x', target: '', details: {} } as unknown as AuditEvent;
  await assert.rejects(log.append(untyped), { code: 'E_AUDIT', message: /actor must be a string/ });
  await assert.rejects(log.append({ actor: '', action: 'x', target: '', details: {} }), { code: 'E_AUDIT' });
  assert.equal(repo.entries.length, 0);
});

test('append: timestamps never go backwards when the clock does', async () => {
  const times = ['2026-01-02T00:00:00.000Z', '2026-01-01T00:00:00.000Z'];
  const repo = new MemoryAuditRepository();
  const log = new AuditLog(repo, generateSigner(), { now: () => new Date(times.shift() ?? 0) });
  await log.append({ actor: 'a', action: 'x', target: '', details: {} });
  await log.append({ actor: 'a', action: 'x', target: '', details: {} });
  assert.equal(repo.entries[1]?.at, '2026-01-02T00:00:00.000Z');
});

test('verify: an intact chain reports head, signed range and key', async () => {
  const { repo } = await filled(12, 5);
  const report = await verifyRepository(repo, { pageSize: 4 });
  assert.equal(report.ok, true);
  assert.equal(report.entries, 12);
  assert.equal(report.checkpoints, 3);
  assert.equal(report.signedThrough, 10);
  assert.equal(report.keyIds.length, 1);
});

test('verify: edited entry → first bad seq is the edited one', async () => {
  const { repo } = await filled(12);
  repo.entries[6] = { ...(repo.entries[6] as AuditRecord), actor: 'person:mallory' };
  const report = await verifyRepository(repo);
  assert.deepEqual([report.ok, report.problem?.seq, report.problem?.kind], [false, 7, 'edited']);
});

test('verify: edited and re-hashed chain → caught by the signed checkpoint', async () => {
  const { repo } = await filled(12, 5);
  let prev = GENESIS_HASH;
  repo.entries = repo.entries.map((e) => {
    const changed = e.seq === 7 ? { ...e, details: { i: 700 } } : e;
    const hash = chainHash(prev, changed);
    prev = hash;
    return { ...changed, hash };
  });
  const report = await verifyRepository(repo);
  assert.equal(report.problem?.kind, 'checkpoint-mismatch');
  assert.equal(report.problem?.seq, 6, 'the first seq not covered by a good checkpoint');
  assert.match(report.problem?.reason ?? '', /6\.\.10/);
});

test('verify: deleted entry → missing', async () => {
  const { repo } = await filled(12);
  repo.entries.splice(3, 1);
  const report = await verifyRepository(repo);
  assert.deepEqual([report.problem?.seq, report.problem?.kind], [4, 'missing']);
});

test('verify: swapped (reordered) entries → edited at the first swapped seq', async () => {
  const { repo } = await filled(12);
  const [a, b] = [repo.entries[2] as AuditRecord, repo.entries[3] as AuditRecord];
  repo.entries[2] = { ...b, seq: 3 };
  repo.entries[3] = { ...a, seq: 4 };
  const report = await verifyRepository(repo);
  assert.deepEqual([report.problem?.seq, report.problem?.kind], [3, 'edited']);
});

test('verify: truncation after a checkpoint → truncated', async () => {
  const { repo } = await filled(12, 5);
  repo.entries = repo.entries.slice(0, 8);
  const report = await verifyRepository(repo);
  assert.deepEqual([report.problem?.seq, report.problem?.kind], [9, 'truncated']);
});

test('verify: forged checkpoint signature or untrusted key → bad-checkpoint', async () => {
  const { repo } = await filled(12, 5);
  const original = repo.checkpoints[0];
  assert.ok(original);
  repo.checkpoints[0] = { ...original, at: '2030-01-01T00:00:00.000Z' };
  assert.equal((await verifyRepository(repo)).problem?.kind, 'bad-checkpoint');
  repo.checkpoints[0] = original;
  const other = generateSigner();
  const report = await verifyRepository(repo, { trustedKeyIds: new Set([other.keyId]) });
  assert.equal(report.problem?.kind, 'bad-checkpoint');
  assert.match(report.problem?.reason ?? '', /not trusted/);
});

test('verify: an attacker re-signing with their own key is caught by a pinned key', async () => {
  const { repo } = await filled(10, 5);
  const mallory = await filled(10, 5);
  const pinned = new Set([repo.checkpoints[0]?.keyId as string]);
  assert.equal((await verifyRepository(mallory.repo)).ok, true, 'self-consistent on its own');
  assert.equal(
    (await verifyRepository(mallory.repo, { trustedKeyIds: pinned })).problem?.kind,
    'bad-checkpoint',
  );
});

test('verify: anchors from an earlier export catch deleted entries after the last checkpoint', async () => {
  const { repo } = await filled(12, 5);
  const head = repo.entries[11] as AuditRecord;
  const anchors = [{ seq: head.seq, hash: head.hash, source: 'the export old.jsonl' }];
  assert.equal((await verifyRepository(repo, { anchors })).ok, true);
  repo.entries = repo.entries.slice(0, 10); // 11 and 12 were never checkpointed
  assert.equal((await verifyRepository(repo)).ok, true, 'undetectable without an anchor');
  const report = await verifyRepository(repo, { anchors });
  assert.deepEqual([report.problem?.seq, report.problem?.kind], [11, 'truncated']);
  assert.match(report.problem?.reason ?? '', /old\.jsonl holds entries up to seq 12/);
});

test('verify: an anchor whose hash differs means the chain was rewritten up to it', async () => {
  const { repo } = await filled(6, 5);
  const anchors = [{ seq: 3, hash: 'f'.repeat(64), source: 'the export old.jsonl' }];
  const report = await verifyRepository(repo, { anchors });
  assert.deepEqual([report.problem?.seq, report.problem?.kind], [3, 'checkpoint-mismatch']);
});

test('verify: a checkpoint listed twice is rejected', async () => {
  const { repo } = await filled(6, 5);
  repo.checkpoints.push(repo.checkpoints[1] as (typeof repo.checkpoints)[number]);
  assert.equal((await verifyRepository(repo)).problem?.kind, 'bad-checkpoint');
});

test('transaction: entries a change records are appended after it, in order; a failed change appends none', async () => {
  const repo = new MemoryAuditRepository();
  const log = new AuditLog(repo, generateSigner(), { now: clock() });
  const order: string[] = [];
  const result = await log.transaction(async (record) => {
    record({ actor: 'person:1', action: 'a.first', target: '', details: {} });
    record({ actor: 'person:1', action: 'a.second', target: '', details: {} });
    order.push(`change saw ${repo.entries.length} entries`);
    return 42;
  });
  assert.equal(result, 42);
  assert.deepEqual(order, ['change saw 0 entries']);
  assert.deepEqual(
    repo.entries.map((e) => [e.seq, e.action]),
    [
      [1, 'a.first'],
      [2, 'a.second'],
    ],
  );
  await assert.rejects(
    log.transaction(async (record) => {
      record({ actor: 'person:1', action: 'b', target: '', details: {} });
      throw new Error('change failed');
    }),
    /change failed/,
  );
  await assert.rejects(
    log.transaction(async (record) => record({ actor: '', action: 'c', target: '', details: {} })),
    /actor and action must not be empty/,
  );
  assert.equal(repo.entries.length, 2);
  assert.equal((await verifyRepository(repo)).ok, true);
});
