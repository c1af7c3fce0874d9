/**
 * Advisory database benchmark: builds synthetic OSV exports (per-ecosystem all.zip with realistic
 * records: several ecosystems, multi-interval ranges, last_affected, explicit version lists,
 * CVE aliases, CVSS v3.1/v4.0 vectors, some withdrawn), imports them into a fresh SQLite index,
 * re-imports (incremental no-op), then matches a 5,000-package set.
 *   npx tsx bench/deps-osv.ts [records=200000] [packages=5000]
 * Prints one JSON line. Targets (issue 3): import ≤ 60 s, match ≤ 1 s.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAdvisoryDb } from '../src/scan/advisories/database.ts';
import { importPaths } from '../src/scan/advisories/import.ts';
import { matchPackages } from '../src/scan/advisories/match.ts';
import { makeZip } from '../src/scan/advisories/testing/zip-writer.ts';
import { pick, seeded } from '../test/support/random.ts';
import { cpuMs as cpuUsedMs, ms, peakRssMb, printLine } from './measure.ts';

const RECORDS = Number(process.argv[2] ?? 200_000);
const PACKAGES = Number(process.argv[3] ?? 5_000);
const rand = seeded(3);

/** Share of records per ecosystem, roughly as in OSV's exports. */
const ECOSYSTEMS: [string, number][] = [
  ['npm', 0.35],
  ['PyPI', 0.2],
  ['Maven', 0.15],
  ['Go', 0.12],
  ['crates.io', 0.06],
  ['RubyGems', 0.05],
  ['Packagist', 0.04],
  ['NuGet', 0.03],
];
/** ~4 advisories per vulnerable package name, like real databases. */
const NAMES_PER_ECOSYSTEM = Math.max(10, Math.round(RECORDS / 4 / ECOSYSTEMS.length));

function packageName(ecosystem: string, i: number): string {
  switch (ecosystem) {
    case 'Maven':
      return `org.example${i % 97}:artifact-${i}`;
    case 'Go':
      return `github.com/org${i % 113}/module-${i}`;
    case 'Packagist':
      return `vendor${i % 89}/package-${i}`;
    case 'PyPI':
      return `Py_Package.${i}`;
    case 'NuGet':
      return `Example.Package${i}`;
    default:
      return `package-${i}`;
  }
}

const version = (major: number, minor: number, patch: number) => `${major}.${minor}.${patch}`;
const V3 = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
  'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N',
  'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
];
const V4 = [
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:L/VI:L/VA:N/SC:L/SI:L/SA:N',
  'CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
];

function record(ecosystem: string, n: number): Record<string, unknown> {
  const name = packageName(ecosystem, Math.floor(rand() * NAMES_PER_ECOSYSTEM));
  const major = Math.floor(rand() * 6);
  const events: Record<string, string>[] = [
    rand() < 0.4 ? { introduced: '0' } : { introduced: version(major, Math.floor(rand() * 5), 0) },
  ];
  const end = version(major, 5 + Math.floor(rand() * 5), Math.floor(rand() * 10));
  events.push(rand() < 0.85 ? { fixed: end } : { last_affected: end });
  if (rand() < 0.3)
    events.push({ introduced: version(major + 1, 0, 0) }, { fixed: version(major + 1, 2, 3) });
  const affected: Record<string, unknown> = {
    package: { ecosystem, name, purl: `pkg:${ecosystem.toLowerCase()}/${name}` },
    ranges: [{ type: ecosystem === 'Go' ? 'SEMVER' : 'ECOSYSTEM', events }],
    database_specific: { source: 'synthetic' },
  };
  // PyPI and GHSA-style exports often enumerate affected versions too.
  if (ecosystem === 'PyPI') affected.versions = Array.from({ length: 8 }, (_, i) => version(major, i, 0));
  const cvss =
    rand() < 0.15
      ? []
      : [{ type: rand() < 0.25 ? 'CVSS_V4' : 'CVSS_V3', score: '' }].map((s) => ({
          ...s,
          score: s.type === 'CVSS_V4' ? pick(rand, V4) : pick(rand, V3),
        }));
  return {
    schema_version: '1.6.0',
    id: `GHSA-${ecosystem.replace(/\W/g, '')}-${n.toString(36).padStart(5, '0')}`,
    modified: new Date(Date.UTC(2020, 0, 1) + Math.floor(rand() * 1.5e11)).toISOString(),
    published: '2020-01-01T00:00:00Z',
    ...(rand() < 0.01 ? { withdrawn: '2024-01-01T00:00:00Z' } : {}),
    aliases: rand() < 0.8 ? [`CVE-${2015 + Math.floor(rand() * 10)}-${10000 + n}`] : [],
    summary: `Synthetic vulnerability ${n} in ${name}`,
    details: 'A synthetic advisory used to benchmark the Rampart advisory index. '.repeat(4),
    severity: cvss,
    affected: [affected],
    database_specific: { severity: pick(rand, ['CRITICAL', 'HIGH', 'MODERATE', 'LOW']), cwe_ids: ['CWE-79'] },
  };
}

/** OSV_BENCH_KEEP=DIR keeps the generated zips and database there (for profiling the match step). */
const keep = process.env.OSV_BENCH_KEEP;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'rampart-bench-osv-'));
try {
  const zips: string[] = [];
  let n = 0;
  for (const [ecosystem, share] of ECOSYSTEMS) {
    const count = Math.round(RECORDS * share);
    const entries = [];
    for (let i = 0; i < count; i++) {
      const r = record(ecosystem, n++);
      entries.push({ name: `${String(r.id)}.json`, data: JSON.stringify(r) });
    }
    const file = join(dir, `${ecosystem}-all.zip`);
    writeFileSync(file, makeZip(entries));
    zips.push(file);
  }

  const db = openAdvisoryDb(join(dir, 'advisories.db'));
  // CPU time beside wall time: on a shared machine wall time mostly measures the neighbours.
  let start = process.hrtime.bigint();
  let cpu = process.cpuUsage();
  const results = await importPaths(db, zips);
  const importMs = ms(start);
  const importCpuMs = Math.round(cpuUsedMs(cpu));
  const imported = results.reduce((sum, r) => sum + r.counts.added, 0);
  start = process.hrtime.bigint();
  const again = await importPaths(db, zips);
  const reimportMs = ms(start);

  const packages = Array.from({ length: PACKAGES }, () => {
    const [ecosystem] = pick(rand, ECOSYSTEMS);
    // Half the names have advisories (real lockfiles hit far fewer; this is the harder case).
    const index =
      rand() < 0.5
        ? Math.floor(rand() * NAMES_PER_ECOSYSTEM)
        : NAMES_PER_ECOSYSTEM + Math.floor(rand() * 1e6);
    return {
      ecosystem,
      name: packageName(ecosystem, index),
      version: version(Math.floor(rand() * 6), Math.floor(rand() * 10), 0),
    };
  });
  start = process.hrtime.bigint();
  cpu = process.cpuUsage();
  const matches = matchPackages(db, packages);
  const matchMs = ms(start);
  const matchCpuMs = Math.round(cpuUsedMs(cpu));
  db.close();
  printLine({
    bench: 'deps-osv',
    records: RECORDS,
    imported,
    import_s: Math.round(importMs / 10) / 100,
    import_cpu_s: Math.round(importCpuMs / 10) / 100,
    records_per_s: Math.round(imported / (importMs / 1000)),
    reimport_s: Math.round(reimportMs / 10) / 100,
    reimport_unchanged: again.reduce((sum, r) => sum + r.counts.unchanged, 0),
    packages: PACKAGES,
    matches: matches.length,
    match_ms: matchMs,
    match_cpu_ms: matchCpuMs,
    db_mb: Math.round(statSync(join(dir, 'advisories.db')).size / 1048576),
    rss_mb: peakRssMb(),
  });
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
