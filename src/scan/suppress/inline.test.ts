import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applySuppressions } from './apply.ts';
import { fileMayHoldInlineDirectives, parseInlineDirectives } from './inline.ts';
import { testFinding } from './test-finding.ts';

const TODAY = '2026-06-01';
const run = (path: string, content: string, findings = [testFinding('RMP-A', path, 1)]) =>
  applySuppressions(findings, { files: [{ path, content }], waivers: [], today: TODAY });

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:latest  # rampart:ignore RMP-IMG reason="pinned by the release job"
          securityContext:
            # rampart:ignore RMP-PRIV reason="needs raw sockets" until=2026-12-31
            privileged: true
`;

describe('inline ignores: scope', () => {
  it('suppresses a finding on the same line', () => {
    const out = run('k8s/d.yaml', deployment, [testFinding('RMP-IMG', 'k8s/d.yaml', 10)]);
    assert.equal(out.findings.length, 0);
    assert.deepEqual(
      out.suppressed.map((s) => [s.by, s.reason]),
      [['inline', 'pinned by the release job']],
    );
  });

  it('suppresses the next non-comment line, with its until date kept as expires', () => {
    const out = run('k8s/d.yaml', deployment, [testFinding('RMP-PRIV', 'k8s/d.yaml', 13)]);
    assert.equal(out.findings.length, 0);
    assert.equal(out.suppressed[0]?.expires, '2026-12-31');
  });

  it('does not reach other lines or other rules', () => {
    const out = run('k8s/d.yaml', deployment, [
      testFinding('RMP-PRIV', 'k8s/d.yaml', 10),
      testFinding('RMP-OTHER', 'k8s/d.yaml', 13),
      testFinding('RMP-IMG', 'k8s/other.yaml', 10),
    ]);
    assert.equal(out.findings.length, 3);
  });

  it('covers a whole YAML document when placed above its start', () => {
    const text = `# rampart:ignore RMP-A,RMP-B reason="legacy"\napiVersion: v1\nkind: Pod\nspec:\n  x: 1\n---\napiVersion: v1\nkind: Pod\n`;
    const out = run('p.yaml', text, [
      testFinding('RMP-A', 'p.yaml', 5),
      testFinding('RMP-B', 'p.yaml', 2),
      testFinding('RMP-A', 'p.yaml', 7),
    ]);
    assert.deepEqual(
      out.findings.map((f) => f.location.range?.start.line),
      [7],
    );
  });

  it('covers a whole CloudFormation resource under Resources:', () => {
    const text = `Resources:\n  # rampart:ignore RMP-A reason="public website"\n  Site:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicRead\n  Other:\n    Type: AWS::S3::Bucket\n`;
    const out = run('t.yaml', text, [testFinding('RMP-A', 't.yaml', 6), testFinding('RMP-A', 't.yaml', 8)]);
    assert.deepEqual(
      out.findings.map((f) => f.location.range?.start.line),
      [8],
    );
  });

  it('covers a whole Terraform block, with // comments and braces in strings', () => {
    const text = `// rampart:ignore RMP-A reason="ok"\nresource "aws_s3_bucket" "b" {\n  tag = "}"\n  acl = "public-read"\n}\nresource "aws_s3_bucket" "c" {\n  acl = "public-read"\n}\n`;
    const out = run('main.tf', text, [
      testFinding('RMP-A', 'main.tf', 4),
      testFinding('RMP-A', 'main.tf', 7),
    ]);
    assert.deepEqual(
      out.findings.map((f) => f.location.range?.start.line),
      [7],
    );
  });

  it('covers a Dockerfile stage when placed above FROM, and ignores // outside HCL', () => {
    const text = `# rampart:ignore RMP-A reason="builder only"\nFROM golang AS build\nUSER root\nFROM alpine\nUSER root // rampart:ignore RMP-A reason="x"\n`;
    const out = run('Dockerfile', text, [
      testFinding('RMP-A', 'Dockerfile', 3),
      testFinding('RMP-A', 'Dockerfile', 5),
    ]);
    assert.deepEqual(
      out.findings.map((f) => f.location.range?.start.line),
      [5],
    );
  });
});

describe('inline ignores: reason and expiry', () => {
  it('an ignore without reason does not suppress and is reported', () => {
    const out = run('a.yaml', 'x: 1 # rampart:ignore RMP-A\n');
    assert.deepEqual(out.findings.map((f) => f.ruleId).sort(), ['RMP-A', 'RMP-IGNORE-INVALID']);
    const notice = out.findings.find((f) => f.ruleId === 'RMP-IGNORE-INVALID');
    assert.match(notice?.message ?? '', /a\.yaml:1: .*no reason/);
    assert.equal(out.suppressed.length, 0);
  });

  it('an empty reason or a bad until date is invalid too', () => {
    for (const comment of ['reason=""', 'reason="x" until=2026-02-30', 'reason="x" when=now']) {
      const out = run('a.yaml', `x: 1 # rampart:ignore RMP-A ${comment}\n`);
      assert.equal(out.suppressed.length, 0, comment);
      assert.ok(
        out.findings.some((f) => f.ruleId === 'RMP-IGNORE-INVALID'),
        comment,
      );
    }
  });

  it('suppresses through the until day, then reports an expired-waiver finding instead', () => {
    const text = 'x: 1 # rampart:ignore RMP-A reason="temp" until=2026-06-01\n';
    assert.equal(run('a.yaml', text).suppressed.length, 1, 'still valid on its last day');
    const next = applySuppressions([testFinding('RMP-A', 'a.yaml', 1)], {
      files: [{ path: 'a.yaml', content: text }],
      waivers: [],
      today: '2026-06-02',
    });
    assert.equal(next.suppressed.length, 0);
    const expired = next.findings.find((f) => f.kind === 'expired-waiver');
    assert.equal(expired?.severity, 'medium');
    assert.match(expired?.message ?? '', /a\.yaml:1 expired on 2026-06-01/);
  });

  it('ignores look-alikes in files without a known comment syntax (docs, READMEs)', () => {
    assert.deepEqual(
      parseInlineDirectives('docs/suppressions.md', '# rampart:ignore RMP-A until=2000-01-01\n'),
      [],
    );
  });

  it('parses unquoted reasons, several rules and CRLF files', () => {
    const [d] = parseInlineDirectives('a.yml', 'x: 1\r\n# rampart:ignore A, B reason=short\r\ny: 2\r\n');
    assert.deepEqual(d?.rules, ['A', 'B']);
    assert.equal(d?.reason, 'short');
    assert.deepEqual(d?.spans, [{ start: 3, end: 3 }]);
  });

  it('never throws on arbitrary text (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.constantFrom('a.yaml', 'main.tf', 'Dockerfile', 'x.txt'),
        (s, p) => {
          parseInlineDirectives(p, `# rampart:ignore ${s}\n${s}\nresource "a" "b" {\n${s}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('fileMayHoldInlineDirectives', () => {
  it('over bytes, says what searching the text for the marker says (fuzzed)', () => {
    const unit = fc.constantFrom('rampart', ':ignore', 'ramp', 'art:', ':', 'r', 'ignore', 'é', '\n', ' ');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (parts) => {
        const content = parts.join('');
        const bytes = Buffer.from(`xx${content}`, 'utf8').subarray(2);
        assert.equal(fileMayHoldInlineDirectives({ content, bytes }), content.includes('rampart:ignore'));
        assert.equal(fileMayHoldInlineDirectives({ content }), content.includes('rampart:ignore'));
      }),
      { numRuns: 1000 },
    );
    assert.equal(fileMayHoldInlineDirectives({ content: ':ignore', bytes: Buffer.from(':ignore') }), false);
    assert.equal(
      fileMayHoldInlineDirectives({ content: '', bytes: Buffer.from('# rampart:ignore X') }),
      true,
    );
  });
});
