/** `rampart scan` end to end with the secrets flags: the real binary on a temp git repository. */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const BIN = path.resolve(import.meta.dirname, '../../../bin/rampart.js');
const PAT = 'ghp_8kZr2QmX7vN4pL9sT1wY6bH3cJ5dF0gA2eKu';
let dir: string;

function rampart(
  args: readonly string[],
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(stdin);
  });
}

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args], {
    cwd: dir,
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' },
  });

interface Report {
  findings: { ruleId: string; message: string; location: { file?: string; resource?: { kind: string } } }[];
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rampart-secrets-cli-'));
  git('init', '-q', '-b', 'main');
  await writeFile(path.join(dir, 'app.py'), `token = "${PAT}"\n`);
  git('add', '.');
  git('commit', '-q', '-m', 'leak');
  await writeFile(path.join(dir, 'app.py'), 'token = os.environ["TOKEN"]\n');
  git('commit', '-q', '-am', 'fix');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rampart scan: secrets flags', () => {
  it('the working tree is clean, --git finds the secret in history; output is redacted', async () => {
    const tree = await rampart(['scan', '.', '--format', 'json', '--quiet']);
    assert.equal(tree.code, 0, tree.stderr);
    const run = await rampart(['scan', '.', '--git', '--format', 'json', '--quiet']);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    const found = report.findings.filter((f) => f.location.resource?.kind === 'commit');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.location.file, 'app.py');
    assert.match(found[0]?.message ?? '', /ghp_… .* in commit [0-9a-f]{12} by Dev <dev@example\.com>/);
    assert.ok(!run.stdout.includes(PAT));
  });

  it('--git RANGE limits the history', async () => {
    const run = await rampart(['scan', '.', '--git', 'HEAD~1..HEAD', '--format', 'json', '--quiet']);
    assert.equal(run.code, 0, run.stderr);
  });

  it('--no-secrets turns the analyzer off; flags that need it are usage errors', async () => {
    const off = await rampart(['scan', '.', '--no-secrets', '--format', 'json', '--quiet'], '');
    assert.equal(off.code, 0, off.stderr);
    const bad = await rampart(['scan', '.', '--no-secrets', '--git']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--git, --since and --secrets-config need the secrets analyzer/);
    const since = await rampart(['scan', '.', '--since', '2024-01-01']);
    assert.equal(since.code, 2);
    assert.match(since.stderr, /--since only applies to --git/);
  });

  it('--no-policy keeps only secrets; stdin is scanned', async () => {
    const run = await rampart(
      ['scan', '-', '--stdin-filename', 'deploy/.env', '--no-policy', '--format', 'json', '--quiet'],
      `GH=${PAT}\n`,
    );
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(
      report.findings.map((f) => f.location.file),
      ['deploy/.env'],
    );
  });

  it('an invalid --secrets-config exits 2 naming file:line and key', async () => {
    await writeFile(path.join(dir, 'bad.toml'), '[[rules]]\nid = "x"\nregex = "(?<=a)b"\n');
    const run = await rampart(['scan', '.', '--secrets-config', 'bad.toml']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bad\.toml:3: rules\[0\]\.regex: invalid RE2 pattern/);
    const missing = await rampart(['scan', '.', '--secrets-config', 'nope.toml']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--secrets-config nope\.toml does not exist/);
  });
});
