import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseLockfile } from '../../deps/lockfiles/index.ts';
import { affectedRange, osvJson } from '../../deps/osv/testing.ts';
import { openAdvisoryDb } from './database.ts';
import { importPath } from './import.ts';
import { matchPackages } from './match.ts';
import { makeZip } from './testing/zip-writer.ts';

// The contract the lead wires into `rampart scan`: lockfile Package[] in, matches carrying the package (and its line) out.
test('lockfile packages match through the index with their lockfile line', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-adv-lock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = openAdvisoryDb(join(dir, 'a.db'));
  t.after(() => db.close());
  writeFileSync(
    join(dir, 'all.zip'),
    makeZip([
      {
        name: 'a.json',
        data: JSON.stringify(
          osvJson({
            id: 'GHSA-lodash',
            affected: [affectedRange('npm', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }])],
          }),
        ),
      },
      {
        name: 'b.json',
        data: JSON.stringify(
          osvJson({
            id: 'PYSEC-pyyaml',
            affected: [affectedRange('PyPI', 'PyYAML', [{ introduced: '5.1' }, { fixed: '5.4' }])],
          }),
        ),
      },
    ]),
  );
  await importPath(db, join(dir, 'all.zip'));

  const npm = parseLockfile(
    'package-lock.json',
    JSON.stringify(
      {
        name: 'app',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', dependencies: { lodash: '^4.17.0' } },
          'node_modules/lodash': { version: '4.17.20' },
          'node_modules/left-pad': { version: '1.3.0' },
        },
      },
      null,
      2,
    ),
  );
  const python = parseLockfile('requirements.txt', 'requests==2.31.0\npyyaml==5.3.1\n');
  const packages = [...npm.packages, ...python.packages];
  assert.ok(packages.length >= 4, JSON.stringify([npm.problems, python.problems]));
  const matches = matchPackages(db, packages);
  assert.deepEqual(
    matches.map((m) => [
      m.id,
      m.package.name,
      m.package.version,
      m.package.location.file,
      m.package.location.line,
      m.fix,
    ]),
    [
      ['GHSA-lodash', 'lodash', '4.17.20', 'package-lock.json', 11, 'upgrade lodash to ≥ 4.17.21'],
      ['PYSEC-pyyaml', 'pyyaml', '5.3.1', 'requirements.txt', 2, 'upgrade pyyaml to ≥ 5.4'],
    ],
  );
});
