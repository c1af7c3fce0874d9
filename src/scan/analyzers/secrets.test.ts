import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeZip } from '../../../test/fixtures/secrets/make-archive.ts';
import { REPORTERS } from '../../report/registry.ts';
import { runScan } from '../run-scan.ts';
import { createSecretsAnalyzer } from './secrets.ts';

const RULES = path.resolve(import.meta.dirname, '../../../test/fixtures/secrets/rules');
const AWS = 'AKIAQYLPMN5HHHFPZAM2';
const AWS2 = 'ASIAY34FZKBOKMUTVV7A';
const PAT = 'ghp_8kZr2QmX7vN4pL9sT1wY6bH3cJ5dF0gA2eKu';
const now = () => new Date('2026-06-01T00:00:00Z');

let dir: string;

function git(args: string[], author = 'Dev One <dev@example.com>', date = '2024-01-01T00:00:00Z'): string {
  const [, name = '', email = ''] = /^(.*) <(.*)>$/.exec(author) ?? [];
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: name,
      GIT_AUTHOR_EMAIL: email,
      GIT_COMMITTER_NAME: name,
      GIT_COMMITTER_EMAIL: email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
      GIT_CONFIG_GLOBAL: '/dev/null',
    },
  });
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rampart-secrets-'));
  git(['init', '-q', '-b', 'main']);
  await mkdir(path.join(dir, 'src'));
  await writeFile(path.join(dir, 'src/app.ts'), `const a = 1;\nconst key = "${AWS}";\n`);
  git(['add', '.']);
  git(['commit', '-q', '-m', 'first']);
  // The secret is removed from the tree but stays in history; another one is added elsewhere.
  await writeFile(path.join(dir, 'src/app.ts'), 'const a = 1;\n// key moved to env\n');
  await writeFile(path.join(dir, 'src/other.py'), `# x\n# y\n\ntoken = "${PAT}"\n`);
  git(['add', '.']);
  git(['commit', '-q', '-m', 'second'], 'Dev Two <two@example.com>', '2025-03-01T00:00:00Z');
  await writeFile(
    path.join(dir, 'bundle.zip'),
    makeZip([
      { name: 'conf/creds.ini', data: `[default]\nid=${AWS2}\n` },
      { name: '../escape.txt', data: 'x' },
    ]),
  );
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const scan = (options: Parameters<typeof createSecretsAnalyzer>[0]) =>
  runScan({
    root: dir,
    target: dir,
    failOn: 'high',
    analyzers: [createSecretsAnalyzer({ builtinDir: RULES, ...options })],
    now,
  });

const short = (f: { ruleId: string; location: { file?: string; range?: { start: { line: number } } } }) =>
  `${f.ruleId} ${f.location.file}:${f.location.range?.start.line}`;

describe('secrets analyzer', () => {
  it('working tree and archive members; archive problems name the entry', async () => {
    const { result } = await scan({});
    assert.deepEqual(
      result.findings
        .filter((f) => f.analyzer === 'secrets')
        .map(short)
        .sort(),
      [
        'RMP-SECRETS-ARCHIVE bundle.zip!../escape.txt:undefined',
        'aws-access-key-id bundle.zip!conf/creds.ini:2',
        'github-pat src/other.py:4',
      ],
    );
    const pat = result.findings.find((f) => f.ruleId === 'github-pat');
    assert.equal(pat?.analyzer, 'secrets');
    assert.equal(pat?.kind, 'violation');
    assert.equal(pat?.severity, 'high');
    assert.equal(pat?.location.range?.start.column, 10);
    assert.ok(result.rules.some((r) => r.id === 'private-key'));
  });

  it('--git: added lines of every commit, with commit, author, date and the line in that commit', async () => {
    const { result } = await scan({ git: {}, archives: false });
    const history = result.findings.filter((f) => f.location.resource?.kind === 'commit');
    assert.deepEqual(history.map(short).sort(), [
      'aws-access-key-id src/app.ts:2',
      'github-pat src/other.py:4',
    ]);
    const aws = history.find((f) => f.ruleId === 'aws-access-key-id');
    assert.match(
      aws?.message ?? '',
      /in commit [0-9a-f]{12} by Dev One <dev@example\.com> on 2024-01-01T00:00:00/,
    );
    // Same secret in the tree and in history: same fingerprint, so one baseline entry covers both.
    const treePat = result.findings.find((f) => f.ruleId === 'github-pat' && !f.location.resource);
    const histPat = history.find((f) => f.ruleId === 'github-pat');
    assert.equal(treePat?.fingerprint, histPat?.fingerprint);
  });

  it('--since and a revision range limit the history', async () => {
    const since = await scan({ git: { since: '2025-01-01' }, archives: false });
    assert.deepEqual(
      since.result.findings.filter((f) => f.location.resource).map((f) => f.ruleId),
      ['github-pat'],
    );
    const range = await scan({ git: { range: 'HEAD~1..HEAD' }, archives: false });
    assert.deepEqual(
      range.result.findings.filter((f) => f.location.resource).map((f) => f.ruleId),
      ['github-pat'],
    );
  });

  it('a bad range becomes a finding naming the problem, tree findings are kept', async () => {
    const { result } = await scan({ git: { range: 'nope..HEAD' }, archives: false });
    assert.ok(
      result.findings.some((f) => f.ruleId === 'RMP-SECRETS-GIT' && /git log failed/.test(f.message)),
    );
    assert.ok(result.findings.some((f) => f.ruleId === 'github-pat'));
  });

  it('no reporter ever prints a full secret', async () => {
    const { result } = await scan({ git: {} });
    assert.ok(result.findings.length >= 5);
    for (const reporter of REPORTERS) {
      const text = reporter.render(result, { color: false });
      for (const secret of [AWS, AWS2, PAT]) {
        assert.ok(!text.includes(secret), `${reporter.format} output contains a secret`);
        assert.ok(!text.includes(secret.slice(4)), `${reporter.format} output contains most of a secret`);
      }
      assert.ok(text.includes('ghp_…'), `${reporter.format} shows the redacted preview`);
    }
  });

  it('an invalid --secrets-config is a ConfigError naming file and line', async () => {
    const bad = path.join(dir, 'bad.toml');
    await writeFile(bad, '[[rules]]\nid = "x"\nregex = "(?<=a)b"\n');
    await assert.rejects(scan({ configFile: bad }), (e: unknown) => {
      const err = e as { code?: string; file?: string; line?: number };
      return err.code === 'E_CONFIG' && err.file === bad && err.line === 3;
    });
  });

  it('.gitleaks.toml in the root is used by default', async () => {
    await writeFile(
      path.join(dir, '.gitleaks.toml'),
      '[extend]\nuseDefault = true\ndisabledRules = ["github-pat", "generic-api-key"]\n',
    );
    try {
      const { result } = await scan({ archives: false });
      assert.deepEqual(
        result.findings.filter((f) => f.analyzer === 'secrets').map((f) => f.ruleId),
        [],
      );
    } finally {
      await rm(path.join(dir, '.gitleaks.toml'));
    }
  });

  it('session (watch mode): changed files are re-scanned, removed ones dropped, archives kept from the start', async () => {
    const session = await createSecretsAnalyzer({ builtinDir: RULES, root: dir }).session({ root: dir });
    assert.ok(session);
    const files = (found: readonly { location: { file?: string } }[]) =>
      found.map((f) => f.location.file ?? '');
    const tree = (found: readonly { location: { file?: string } }[]) =>
      files(found)
        .filter((f) => !f.includes('.zip!'))
        .sort();
    // The archive under the root was read once, when the session started, and stays reported.
    const archived = ['bundle.zip!../escape.txt', 'bundle.zip!conf/creds.ini'];
    const first = session.update(
      [
        { path: 'a.env', content: `K=${AWS}` },
        { path: 'b.txt', content: 'nothing' },
      ],
      [],
    );
    assert.deepEqual(tree(first), ['a.env']);
    assert.deepEqual(
      files(first)
        .filter((f) => f.includes('.zip!'))
        .sort(),
      archived,
    );
    const second = session.update([{ path: 'b.txt', content: PAT }], []);
    assert.deepEqual(tree(second), ['a.env', 'b.txt']);
    const third = session.update([], ['a.env']);
    assert.deepEqual(tree(third), ['b.txt']);
    assert.deepEqual(
      files(third)
        .filter((f) => f.includes('.zip!'))
        .sort(),
      archived,
    );
  });

  it('archives are looked up only under the scan targets and through --include/--exclude', async () => {
    const src = path.join(dir, 'src');
    const targeted = await runScan({
      root: dir,
      target: 'src',
      targets: [src],
      failOn: 'high',
      analyzers: [createSecretsAnalyzer({ builtinDir: RULES, targets: [src] })],
      now,
    });
    assert.ok(targeted.result.findings.length > 0);
    assert.ok(!targeted.result.findings.some((f) => f.location.file?.startsWith('bundle.zip')));
    const excluded = await scan({ exclude: ['*.zip'] });
    assert.ok(
      !excluded.result.findings.some(
        (f) => f.analyzer === 'secrets' && f.location.file?.startsWith('bundle.zip'),
      ),
    );
    const named = await createSecretsAnalyzer({
      builtinDir: RULES,
      targets: [path.join(dir, 'bundle.zip')],
    }).analyze([], { root: dir });
    assert.ok(named.some((f) => f.location.file === 'bundle.zip!conf/creds.ini'));
  });

  it('--git honours targets and --exclude', async () => {
    const only = await scan({ git: {}, archives: false, targets: [path.join(dir, 'src/app.ts')] });
    assert.deepEqual(
      only.result.findings.filter((f) => f.location.resource).map((f) => f.location.file),
      ['src/app.ts'],
    );
    const excluded = await scan({ git: {}, archives: false, exclude: ['*.py'] });
    const history = excluded.result.findings.filter((f) => f.location.resource);
    assert.deepEqual(
      history.map((f) => f.location.file),
      ['src/app.ts'],
    );
  });
});
