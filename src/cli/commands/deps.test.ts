import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../testing/run-cli.ts';

async function rampart(args: readonly string[]) {
  return runCli(args);
}

describe('rampart deps compare', () => {
  it('prints <, = or > and exits 0', async () => {
    assert.deepEqual(await rampart(['deps', 'compare', 'npm', '1.0.0-rc.1', '1.0.0']), {
      code: 0,
      stdout: '<\n',
      stderr: '',
    });
    assert.equal((await rampart(['deps', 'compare', 'PyPI', '1.0.0a1', '1.0.0-alpha.1'])).stdout, '=\n');
    assert.equal((await rampart(['deps', 'compare', 'Debian', '1:0.1', '9.9'])).stdout, '>\n');
  });

  it('takes OSV names with spaces and release suffixes, case-insensitively', async () => {
    assert.equal((await rampart(['deps', 'compare', 'Red Hat', '1.0~rc1', '1.0'])).stdout, '<\n');
    assert.equal((await rampart(['deps', 'compare', 'Debian:12', '1.0-1', '1.0-1+deb12u1'])).stdout, '<\n');
    assert.equal((await rampart(['deps', 'compare', 'pypi', '1.0.post1', '1.0'])).stdout, '>\n');
  });

  it('accepts versions that start with "-" after --', async () => {
    const r = await rampart(['deps', 'compare', '--', 'NuGet', '1.0.0--1', '1.0.0-0']);
    assert.deepEqual([r.code, r.stdout], [0, '<\n']);
  });

  it('exits 2 naming the ecosystem and the version when a version is invalid', async () => {
    const r = await rampart(['deps', 'compare', 'npm', '1.0', '1.0.0']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^rampart: invalid npm version "1\.0": /);
  });

  it('exits 2 listing the known ecosystems when the ecosystem is unknown', async () => {
    const r = await rampart(['deps', 'compare', 'Hackage', '1', '2']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown ecosystem .*npm, PyPI, Maven.*"Hackage"/);
  });

  it('exits 2 on a missing argument', async () => {
    const r = await rampart(['deps', 'compare', 'npm', '1.0.0']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing required argument 'b'/);
  });

  it('works from the real binary (process exit code and output)', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const ok = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'deps', 'compare', 'Go', 'v2.0.0+incompatible', '2.0.0'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    assert.deepEqual([ok.status, ok.stdout], [0, '=\n']);
    const bad = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'deps', 'compare', 'Alpine', '1.0-1', '1.0'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /invalid Alpine version "1\.0-1"/);
  });
});
