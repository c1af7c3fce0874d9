import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

/** End-to-end: the real binary, the real analyzers, the fixtures in test/fixtures/scan/cli. */
const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin/rampart.js');
const FIXTURES = path.join(REPO, 'test/fixtures/scan/cli');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function rampart(args: readonly string[], options: { cwd?: string; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: options.cwd ?? FIXTURES,
        env: { ...process.env, NO_COLOR: '1', RAMPART_DEBUG: '' },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

interface JsonFinding {
  ruleId: string;
  kind: string;
  severity: string;
  message: string;
  location: { file?: string; range?: { start: { line: number } } };
}
interface JsonReport {
  findings: JsonFinding[];
  suppressed: { by: string; reason: string; owner?: string; expires?: string; finding: JsonFinding }[];
}
const at = (f: JsonFinding) => `${f.ruleId} ${f.location.file}:${f.location.range?.start.line}`;

describe('rampart scan: exit codes', () => {
  it('0 when nothing is at or above --fail-on', async () => {
    const run = await rampart(['scan', 'clean']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /No findings/);
  });

  it('1 when an unsuppressed finding is at or above --fail-on (default high)', async () => {
    const run = await rampart(['scan', 'project', '--quiet']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /RMP-K8S-001/);
  });

  it('--fail-on and --include change the verdict', async () => {
    const onlyTf = await rampart(['scan', 'project', '--include', 'infra/**', '-f', 'json']);
    const report = JSON.parse(onlyTf.stdout) as JsonReport;
    assert.ok(
      report.findings.every(
        (f) => f.location.file?.startsWith('infra/') || f.location.file?.startsWith('.rampart/'),
      ),
    );
    assert.equal(onlyTf.code, 1);
    const excluded = await rampart([
      'scan',
      'project',
      '--exclude',
      'infra/**',
      '--exclude',
      'k8s/**',
      '-f',
      'json',
    ]);
    assert.equal(excluded.code, 0, 'only an expired waiver (medium) is left, below high');
    const strict = await rampart([
      'scan',
      'project',
      '--exclude',
      'infra/**',
      '--exclude',
      'k8s/**',
      '--fail-on',
      'medium',
    ]);
    assert.equal(strict.code, 1);
  });

  it('2 with "rampart: …" and no stack trace for usage and config errors', async () => {
    const cases: [string[], RegExp][] = [
      [['scan', '--bogus'], /^rampart: unknown option '--bogus'/],
      [['scan', 'clean', '-f', 'xml'], /^rampart: unknown report format "xml"/],
      [['scan', 'clean', '--fail-on', 'severe'], /^rampart: .*'severe' is invalid/],
      [['scan', 'missing-dir'], /^rampart: target missing-dir does not exist/],
      [['scan', 'bad-config'], /^rampart: bad-config\/rampart\.yaml:2: failon: unknown setting/],
      [
        ['scan', 'clean', '--waivers', '../bad-waivers.yaml'],
        /^rampart: \.\.\/bad-waivers\.yaml:3: waivers\[0\]\.expires: "2026-02-30" is not a date/,
      ],
      [['scan', 'clean', '--baseline', 'clean/configmap.yaml'], /^rampart: configmap\.yaml: not valid JSON/],
      [
        ['scan', 'clean', '--config', 'nope.yaml'],
        /^rampart: nope\.yaml: cannot read config file \(ENOENT\)/,
      ],
      [
        ['scan', 'clean', '--policy', 'no-such-policies'],
        /^rampart: policy directory no-such-policies does not exist/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await rampart(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message, args.join(' '));
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    }
  });
});

describe('rampart scan: suppressions with the real analyzers', () => {
  let report: JsonReport;
  before(async () => {
    const run = await rampart(['scan', 'project', '--format', 'json']);
    report = JSON.parse(run.stdout) as JsonReport;
  });

  it('inline ignore with reason on the line above suppresses; the waiver by resource suppresses', () => {
    const suppressed = report.suppressed.map(
      (s) => `${s.by} ${at(s.finding)} ${s.owner ?? '-'} ${s.expires ?? '-'}`,
    );
    assert.ok(
      suppressed.includes('inline RMP-K8S-001 k8s/deploy.yaml:18 - 2099-12-31'),
      suppressed.join('\n'),
    );
    assert.ok(
      suppressed.includes('waiver RMP-K8S-001 k8s/legacy.yaml:11 platform-team 2099-01-01'),
      suppressed.join('\n'),
    );
  });

  it('an inline ignore above a Terraform block covers findings anywhere in that block', () => {
    const inline = report.suppressed.filter(
      (s) => s.by === 'inline' && s.finding.location.file === 'infra/waived.tf',
    );
    assert.deepEqual(
      inline.map((s) => s.finding.ruleId),
      ['RMP-AWS-007'],
    );
    assert.ok(
      inline[0] && (inline[0].finding.location.range?.start.line ?? 0) > 2,
      'the finding sits inside the block',
    );
    assert.ok(
      !report.findings.some((f) => f.ruleId === 'RMP-AWS-007' && f.location.file === 'infra/waived.tf'),
    );
  });

  it('an expired inline ignore no longer suppresses and is reported', () => {
    const open = report.findings.map(at);
    assert.ok(open.includes('RMP-K8S-001 k8s/deploy.yaml:22'));
    assert.ok(
      report.findings.some(
        (f) => f.kind === 'expired-waiver' && at(f) === 'RMP-WAIVER-EXPIRED k8s/deploy.yaml:22',
      ),
    );
  });

  it('an inline ignore without reason does not suppress and says so', () => {
    assert.ok(report.findings.map(at).includes('RMP-K8S-001 k8s/deploy.yaml:26'));
    const notice = report.findings.find((f) => f.ruleId === 'RMP-IGNORE-INVALID');
    assert.match(notice?.message ?? '', /k8s\/deploy\.yaml:26: .*no reason/);
  });

  it('an expired waiver is reported with its file:line, owner and date, and stops suppressing', () => {
    const expired = report.findings.find(
      (f) => f.kind === 'expired-waiver' && f.location.file === '.rampart/waivers.yaml',
    );
    assert.equal(expired?.severity, 'medium');
    assert.match(expired?.message ?? '', /\.rampart\/waivers\.yaml:7 \(owner sre\) expired on 2020-06-30/);
    assert.ok(
      report.findings.some((f) => f.ruleId === 'RMP-K8S-024' && f.location.file === 'k8s/deploy.yaml'),
    );
  });
});

describe('rampart scan: baseline, outputs, stdin', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rampart-cli-'));
    await cp(path.join(FIXTURES, 'project'), dir, { recursive: true });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--write-baseline writes .rampart/baseline.json; --baseline then suppresses those findings', async () => {
    const write = await rampart(['scan', '.', '--write-baseline', '--quiet'], { cwd: dir });
    assert.equal(write.code, 0, write.stderr);
    const baseline = JSON.parse(await readFile(path.join(dir, '.rampart/baseline.json'), 'utf8'));
    assert.equal(baseline.version, 1);
    assert.ok(
      baseline.findings.some(
        (e: { rule: string; file: string }) => e.rule === 'RMP-AWS-007' && e.file === 'infra/main.tf',
      ),
    );
    const again = await rampart(['scan', '.', '--baseline', '.rampart/baseline.json', '-f', 'json'], {
      cwd: dir,
    });
    assert.equal(again.code, 0, again.stderr);
    const report = JSON.parse(again.stdout) as JsonReport;
    assert.ok(report.suppressed.some((s) => s.by === 'baseline' && s.finding.ruleId === 'RMP-AWS-007'));
    assert.ok(!report.findings.some((f) => f.kind === 'violation'));
  });

  it('--output FORMAT=FILE and --output DIR for several formats', async () => {
    const one = await rampart(['scan', '.', '-o', 'sarif=reports/r.sarif', '--quiet'], { cwd: dir });
    assert.equal(one.code, 1);
    assert.equal(one.stdout, '', 'sarif went to the file, nothing else was asked for');
    assert.equal(JSON.parse(await readFile(path.join(dir, 'reports/r.sarif'), 'utf8')).version, '2.1.0');
    const many = await rampart(['scan', '.', '-f', 'json,sarif', '-o', 'out', '--quiet'], { cwd: dir });
    assert.equal(many.code, 1);
    assert.ok((await stat(path.join(dir, 'out/rampart.json'))).isFile());
    assert.ok((await stat(path.join(dir, 'out/rampart.sarif'))).isFile());
  });

  it('--stdin-filename analyzes stdin as that file, with the root waivers applied', async () => {
    const pod = await readFile(path.join(FIXTURES, 'project/k8s/legacy.yaml'), 'utf8');
    const run = await rampart(['scan', '--stdin-filename', 'k8s/legacy.yaml', '-f', 'json'], {
      cwd: dir,
      stdin: pod,
    });
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.ok(report.findings.length > 0);
    assert.ok(
      report.findings
        .filter((f) => f.kind === 'violation')
        .every((f) => f.location.file === 'k8s/legacy.yaml'),
    );
    assert.ok(
      report.suppressed.some((s) => s.by === 'waiver' && at(s.finding) === 'RMP-K8S-001 k8s/legacy.yaml:11'),
    );
  });
});

describe('rampart rules list / demo', () => {
  it('lists built-in rules filtered by input, as JSON', async () => {
    const run = await rampart(['rules', 'list', '--input', 'kubernetes', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const rules = JSON.parse(run.stdout) as { id: string; input: string }[];
    assert.ok(rules.some((r) => r.id === 'RMP-K8S-001'));
    assert.ok(rules.every((r) => r.input === 'kubernetes'));
  });

  it('demo prints help, scans examples/ and exits 0 despite findings', async () => {
    const run = await rampart(['demo'], { cwd: REPO });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Usage: rampart/);
    assert.match(run.stdout, /kubernetes\/deployment\.yaml/);
    assert.match(run.stdout, /RMP-K8S-001/);
    assert.match(run.stdout, /Try next:/);
  });
});
