import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { testYamlParser } from '../../../test/fixtures/policy/yaml-documents.ts';
import type { InputFile, InputParser, ParseResult } from '../../inputs/document.ts';
import { loadRules } from '../../policy/load/load-rules.ts';
import { createPolicyAnalyzer } from './policy.ts';

const { rules } = await loadRules(['test/fixtures/policy/rules/good']);
const fail = readFileSync('test/fixtures/policy/rules/good/TEST-PRIV/fail.yaml', 'utf8');
const pass = readFileSync('test/fixtures/policy/rules/good/TEST-PRIV/pass.yaml', 'utf8');
const ctx = { root: '/' };

describe('policy analyzer', () => {
  it('wants files a registered parser accepts, analyzes them, exposes rules and stats', async () => {
    const analyzer = createPolicyAnalyzer({ rules, parsers: [testYamlParser] });
    assert.equal(analyzer.wants({ path: 'a.yaml', content: fail }), true);
    assert.equal(analyzer.wants({ path: 'a.txt', content: 'x' }), false);
    const findings = await analyzer.analyze(
      [
        { path: 'a.yaml', content: fail },
        { path: 'b.yaml', content: pass },
      ],
      ctx,
    );
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.location.file, f.location.range?.start.line]),
      [['TEST-PRIV', 'a.yaml', 10]],
    );
    assert.deepEqual(
      (await analyzer.rules()).map((r) => r.id),
      ['TEST-PRIV'],
    );
    assert.deepEqual(analyzer.lastStats?.(), { documents: 2, rulesEvaluated: 1 });
  });

  it('turns parse problems into RMP-PARSE findings', async () => {
    const analyzer = createPolicyAnalyzer({ rules, parsers: [testYamlParser] });
    const findings = await analyzer.analyze([{ path: 'bad.yaml', content: 'kind: Pod\n  x: [\n' }], ctx);
    assert.equal(findings[0]?.ruleId, 'RMP-PARSE');
    assert.equal(findings[0]?.kind, 'parse-error');
  });

  it('an invalid user policy is a RuleError naming file:line', async () => {
    const analyzer = createPolicyAnalyzer({
      builtin: false,
      policyDirs: ['test/fixtures/policy/invalid'],
      parsers: [],
    });
    await assert.rejects(analyzer.analyze([], ctx), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_RULE_CEL');
      assert.match(
        e.message,
        /test\/fixtures\/policy\/invalid\/policy\.yaml:\d+:\d+: validations\[0\]\.expression/,
      );
      return true;
    });
  });

  it('incremental session re-evaluates only changed files and drops removed ones', async () => {
    const analyzer = createPolicyAnalyzer({ rules, parsers: [testYamlParser] });
    const session = await analyzer.session();
    let findings = session.update([
      { path: 'a.yaml', content: fail },
      { path: 'b.yaml', content: pass },
    ]);
    assert.equal(findings.length, 1);
    assert.equal(session.stats().evaluations, 2);
    findings = session.update([{ path: 'b.yaml', content: fail }]);
    assert.deepEqual(findings.map((f) => f.location.file).sort(), ['a.yaml', 'b.yaml']);
    assert.equal(session.stats().evaluations, 1);
    findings = session.update([], ['a.yaml']);
    assert.deepEqual(
      findings.map((f) => f.location.file),
      ['b.yaml'],
    );
  });

  it('parsers with parseMany re-parse the changed file together with its directory', async () => {
    const calls: string[][] = [];
    const dirParser: InputParser = {
      ...testYamlParser,
      parseMany(files: readonly InputFile[]): ParseResult {
        calls.push(files.map((f) => f.path));
        const results = files.map((f) => testYamlParser.parse(f));
        return {
          documents: results.flatMap((r) => r.documents),
          problems: results.flatMap((r) => r.problems),
        };
      },
    };
    const session = await createPolicyAnalyzer({ rules, parsers: [dirParser] }).session();
    session.update([
      { path: 'a/x.yaml', content: fail },
      { path: 'a/y.yaml', content: pass },
      { path: 'b/z.yaml', content: pass },
    ]);
    assert.deepEqual(calls.map((c) => c.join(',')).sort(), ['a/x.yaml,a/y.yaml', 'b/z.yaml']);
    calls.length = 0;
    const findings = session.update([{ path: 'a/y.yaml', content: fail }]);
    assert.deepEqual(calls, [['a/x.yaml', 'a/y.yaml']]);
    assert.deepEqual(findings.map((f) => f.location.file).sort(), ['a/x.yaml', 'a/y.yaml']);
  });
});
