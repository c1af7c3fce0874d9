import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { AuditAnchor, VerifyReport } from '../../audit/verifier.ts';
import { UsageError } from '../../core/errors.ts';
import type { Store } from '../../store/store.ts';
import type { CliIo } from '../io.ts';
import type { CliState } from '../state.ts';

/**
 * The store and audit modules load kysely, better-sqlite3 and pg (~150 ms): imported only when an
 * audit command runs, so `rampart scan` does not pay for them.
 */
const storeModules = async () => ({
  ...(await import('../../store/config.ts')),
  ...(await import('../../store/errors.ts')),
  ...(await import('../../store/open-store.ts')),
  ...(await import('../../store/repositories/audit-repository.ts')),
});
const auditModules = async () => ({
  ...(await import('../../audit/export.ts')),
  ...(await import('../../audit/signing-key.ts')),
  ...(await import('../../audit/verify.ts')),
});

interface StoreFlags {
  readonly data?: string;
  readonly databaseUrl?: string;
}

interface VerifyFlags extends StoreFlags {
  readonly export?: string;
  readonly anchor?: string;
  readonly publicKey?: string;
  readonly format: 'text' | 'json';
}

interface ExportFlags extends StoreFlags {
  readonly out?: string;
}

/** `rampart audit verify|export`: exit 0 intact, 1 tampering found, 2 usage or I/O error. */
export function registerAudit(program: Command, io: CliIo, state: CliState): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  storeOptions(audit.command('verify'))
    .description('verify the audit hash chain and signed checkpoints (in the database, or an export offline)')
    .option('--export <file>', 'verify an export file from `rampart audit export` instead of the database')
    .option(
      '--anchor <file>',
      'an earlier export the chain must still contain unchanged (catches deleted recent entries)',
    )
    .option(
      '--public-key <file>',
      'PEM public key(s) checkpoints must be signed with (default: the local signing key, if present)',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: VerifyFlags) => {
      const report = await verify(flags, io);
      io.out(flags.format === 'json' ? `${JSON.stringify(report.json, null, 2)}\n` : report.text);
      state.exitCode = report.ok ? 0 : 1;
    });
  audit
    .command('public-key')
    .description('print the public key that signs checkpoints on this machine (give it to auditors)')
    .option('--data <dir>', 'data directory holding the signing key (default: $RAMPART_DATA or ./.rampart)')
    .action(async (flags: { data?: string }) => {
      const { resolveStoreLocation } = await storeModules();
      const { publicKeyOf } = await auditModules();
      const location = resolveStoreLocation({ ...storeLocation(flags), env: io.env, cwd: io.cwd });
      if (!existsSync(location.auditKeyFile)) {
        throw new UsageError(
          `${location.auditKeyFile}: no audit signing key yet (it is created by the first audited write)`,
        );
      }
      const key = publicKeyOf(readFileSync(location.auditKeyFile, 'utf8'), location.auditKeyFile);
      io.out(key.publicKeyPem);
      io.err(`rampart: key id ${key.keyId}\n`);
      state.exitCode = 0;
    });
  storeOptions(audit.command('export'))
    .description('write the audit log with its checkpoints and public keys as JSON lines, for auditors')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (flags: ExportFlags) => {
      const { writeExport } = await auditModules();
      const { StoreAuditRepository } = await storeModules();
      await withStore(flags, io, async (store) => {
        // Streamed in ~1 MB chunks: an export of millions of entries never sits in memory whole.
        const file = flags.out ? resolve(io.cwd, flags.out) : undefined;
        const fd = file ? openOutput(file) : undefined;
        let chunk = '';
        const flush = () => {
          if (fd !== undefined) writeSync(fd, chunk);
          else io.out(chunk);
          chunk = '';
        };
        try {
          const counts = await writeExport(new StoreAuditRepository(store), (line) => {
            chunk += `${line}\n`;
            if (chunk.length >= 1 << 20) flush();
          });
          flush();
          if (flags.out) {
            io.err(
              `rampart: exported ${counts.entries} entries and ${counts.checkpoints} checkpoints to ${flags.out}\n`,
            );
          }
        } finally {
          if (fd !== undefined) closeSync(fd);
        }
      });
      state.exitCode = 0;
    });
}

function storeOptions(command: Command): Command {
  return command
    .option(
      '--data <dir>',
      'data directory of the embedded SQLite database (default: $RAMPART_DATA or ./.rampart)',
    )
    .option('--database-url <url>', 'PostgreSQL URL (default: $RAMPART_DATABASE_URL)');
}

async function verify(flags: VerifyFlags, io: CliIo): Promise<{ ok: boolean; text: string; json: unknown }> {
  const { verifyExportFile, verifyRepository } = await auditModules();
  const { resolveStoreLocation, StoreAuditRepository } = await storeModules();
  const pinned = flags.publicKey ? await readTrustedKeys(resolve(io.cwd, flags.publicKey)) : undefined;
  const keys = (trusted: ReadonlySet<string> | undefined) => (trusted ? { trustedKeyIds: trusted } : {});
  if (flags.export) {
    if (flags.data || flags.databaseUrl || flags.anchor) {
      throw new UsageError('--export verifies a file on its own: drop --data/--database-url/--anchor');
    }
    const report = await verifyExportFile(resolve(io.cwd, flags.export), keys(pinned));
    return describe(report, flags.export, pinned !== undefined);
  }
  const location = resolveStoreLocation({ ...storeLocation(flags), env: io.env, cwd: io.cwd });
  // Without --public-key, pin the local signing key when this machine has it: then a DB-only
  // attacker cannot re-sign a rewritten chain with a key of their own.
  const trusted =
    pinned ?? (existsSync(location.auditKeyFile) ? await readTrustedKeys(location.auditKeyFile) : undefined);
  const anchors: AuditAnchor[] = [];
  if (flags.anchor) {
    // The anchor is only as good as the export it comes from: verify that first.
    const anchor = await verifyExportFile(resolve(io.cwd, flags.anchor), keys(trusted));
    if (!anchor.ok) return describe(anchor, `${flags.anchor} (the --anchor export)`, trusted !== undefined);
    if (anchor.headSeq > 0)
      anchors.push({ seq: anchor.headSeq, hash: anchor.headHash, source: `the export ${flags.anchor}` });
  }
  return withStore(flags, io, async (store) => {
    const report = await verifyRepository(new StoreAuditRepository(store), { ...keys(trusted), anchors });
    return describe(report, store.location, trusted !== undefined);
  });
}

async function withStore<T>(flags: StoreFlags, io: CliIo, work: (store: Store) => Promise<T>): Promise<T> {
  if (flags.data && flags.databaseUrl)
    throw new UsageError('use either --data (SQLite) or --database-url (PostgreSQL), not both');
  const { resolveStoreLocation, openStore, StoreError } = await storeModules();
  const { store: config } = resolveStoreLocation({ ...storeLocation(flags), env: io.env, cwd: io.cwd });
  // Verification and export never create or migrate a database.
  const store = await openStore(config.kind === 'sqlite' ? { ...config, mustExist: true } : config, {
    migrate: false,
  });
  try {
    const tables = await store.db.introspection.getTables();
    if (
      !tables.some((t) => t.name === 'audit_log' && (store.schema === undefined || t.schema === store.schema))
    ) {
      throw new StoreError(`${store.location}: no audit log here (not a Rampart database, or never started)`);
    }
    return await work(store);
  } finally {
    await store.close();
  }
}

function storeLocation(flags: StoreFlags): { data?: string; databaseUrl?: string } {
  return {
    ...(flags.data !== undefined ? { data: flags.data } : {}),
    ...(flags.databaseUrl !== undefined ? { databaseUrl: flags.databaseUrl } : {}),
  };
}

function openOutput(file: string): number {
  try {
    return openSync(file, 'w');
  } catch (error) {
    throw new UsageError(`${file}: cannot write the export (${(error as Error).message})`);
  }
}

async function readTrustedKeys(file: string): Promise<Set<string>> {
  const { trustedKeyIdsFromPem } = await auditModules();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read the public key (${(error as Error).message})`);
  }
  return trustedKeyIdsFromPem(text, file);
}

function describe(
  report: VerifyReport,
  source: string,
  pinned: boolean,
): { ok: boolean; text: string; json: unknown } {
  const json = { source, keysPinned: pinned, ...report };
  if (report.problem) {
    const p = report.problem;
    return {
      ok: false,
      json,
      text: `audit log TAMPERED: ${source}\n  first bad seq: ${p.seq} (${p.kind})\n  ${p.reason}\n  verified before it: ${p.seq - 1} entries\n`,
    };
  }
  const lines = [
    `audit log intact: ${source}`,
    `  ${report.entries} entries, head seq ${report.headSeq}, head hash ${report.headHash}`,
    `  ${report.checkpoints} signed checkpoints, signed through seq ${report.signedThrough}${report.keyIds.length ? ` (key ${report.keyIds.join(', ')})` : ''}`,
  ];
  const unsigned = report.headSeq - report.signedThrough;
  if (unsigned > 0)
    lines.push(`  note: the last ${unsigned} entries are not covered by a signed checkpoint yet`);
  if (!pinned)
    lines.push('  note: checkpoint keys were not pinned; pass --public-key FILE to require a known key');
  return { ok: true, json, text: `${lines.join('\n')}\n` };
}
