import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { yamlDocuments } from '../../../test/fixtures/policy/yaml-documents.ts';
import type { InputFile, InputParser } from '../../inputs/document.ts';
import { PolicyEngine } from '../engine.ts';
import { loadRuleText } from '../load/load-text.ts';
import { PolicySession } from '../session.ts';
import type { CompiledRule, CompiledVariable } from '../types.ts';

const HEADER = `apiVersion: rampart.dev/v1
kind: PolicyRule
id: TEST-AGG
title: Namespace without NetworkPolicy
severity: high
description: d
why: w
fix: f
`;

/** Workloads in a namespace without any NetworkPolicy fail; the namespace set is built once. */
const COVERAGE = `match: {input: kubernetes, kinds: [Workload]}
aggregates:
  - name: policyNamespaces
    expression: "documents.filter(d, d.kind == 'NetworkPolicy').map(d, d.namespace)"
  - name: covered
    expression: aggregates.policyNamespaces.toSet()
validations:
  - expression: document.namespace in aggregates.covered
    messageExpression: "'namespace ' + document.namespace + ' has no NetworkPolicy'"
    path: metadata.namespace
`;

function load(body: string): { rule?: CompiledRule; errors: string[] } {
  const { rules, errors } = loadRuleText(HEADER + body, 'rule.yaml', { builtin: false, requireRule: true });
  return { rule: rules[0], errors: errors.map((e) => e.describe()) };
}

function rule(body: string): CompiledRule {
  const { rule: r, errors } = load(body);
  assert.deepEqual(errors, []);
  assert.ok(r);
  return r;
}

/** The same rule with every aggregate expression counting its runs. */
function counting(r: CompiledRule): { rule: CompiledRule; runs: () => number } {
  let n = 0;
  const aggregates: CompiledVariable[] = (r.aggregates ?? []).map((a) => ({
    name: a.name,
    expression: {
      ...a.expression,
      run: (ctx: Readonly<Record<string, unknown>>) => {
        n++;
        return a.expression.run(ctx);
      },
    },
  }));
  return { rule: { ...r, aggregates }, runs: () => n };
}

function pod(name: string, namespace: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  containers:
    - name: c
      image: nginx
`;
}

function policy(namespace: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: ${namespace}
spec: {}
`;
}

const CORPUS = [
  pod('a', 'shop'),
  pod('b', 'shop'),
  pod('c', 'billing'),
  policy('shop'),
  pod('d', 'ops'),
].join('---\n');

describe('rule aggregates', () => {
  it('are evaluated once per rule per run, whatever the number of documents', () => {
    const { rule: r, runs } = counting(rule(COVERAGE));
    const docs = yamlDocuments(CORPUS);
    const { findings, stats } = new PolicyEngine([r]).evaluate(docs);
    assert.equal(runs(), 2, 'two aggregates, each run once');
    assert.equal(stats.evaluations, 4, 'four pods checked');
    assert.deepEqual(findings.map((f) => f.message).sort(), [
      'namespace billing has no NetworkPolicy',
      'namespace ops has no NetworkPolicy',
    ]);
    // A second run evaluates them again: aggregates never outlive the run's document set.
    new PolicyEngine([r]).evaluate(docs.filter((d) => d.kind !== 'NetworkPolicy'));
    assert.equal(runs(), 4);
  });

  it('are not evaluated when no document of the rule is in the run', () => {
    const { rule: r, runs } = counting(rule(COVERAGE));
    new PolicyEngine([r]).evaluate(yamlDocuments(policy('shop')));
    assert.equal(runs(), 0);
  });

  it('see only the run documents of the rule input type', () => {
    const r = rule(`match: {input: kubernetes, kinds: [Pod]}
aggregates:
  - name: kinds
    expression: documents.map(d, d.kind + ':' + d.type)
validations:
  - expression: "aggregates.kinds == ['Pod:kubernetes']"
    messageExpression: "aggregates.kinds.join(',')"
`);
    const docs = [
      ...yamlDocuments(pod('a', 'x')),
      ...yamlDocuments(policy('x'), { type: 'cloudformation', file: 'cfn.yaml' }),
    ];
    assert.deepEqual(new PolicyEngine([r]).evaluate(docs).findings, []);
    const two = yamlDocuments([pod('a', 'x'), pod('b', 'x')].join('---\n'));
    assert.deepEqual(
      new PolicyEngine([r]).evaluate(two).findings.map((f) => f.message),
      ['Pod:kubernetes,Pod:kubernetes', 'Pod:kubernetes,Pod:kubernetes'],
    );
  });

  it('make the rule cross-document, also for the incremental session', () => {
    const r = rule(COVERAGE);
    assert.equal(r.crossDocument, true);
    const parser: InputParser = {
      type: 'kubernetes',
      accepts: (f: InputFile) => f.path.endsWith('.yaml'),
      parse: (f: InputFile) => ({ documents: yamlDocuments(f.content, { file: f.path }), problems: [] }),
    };
    const session = new PolicySession(new PolicyEngine([r]), [parser]);
    const first = session.update([
      { path: 'pods.yaml', content: [pod('a', 'shop'), pod('c', 'billing')].join('---\n') },
    ]);
    assert.equal(first.length, 2);
    // Adding a NetworkPolicy in another file fixes the shop pod without touching pods.yaml.
    const second = session.update([{ path: 'np.yaml', content: policy('shop') }]);
    assert.deepEqual(
      second.map((f) => f.message),
      ['namespace billing has no NetworkPolicy'],
    );
    const third = session.update([], ['np.yaml']);
    assert.equal(third.length, 2);
  });

  it('turn a failing aggregate into one evaluation-error finding per document, never a throw', () => {
    const { rule: r, runs } = counting(
      rule(`match: {input: kubernetes, kinds: [Pod]}
aggregates:
  - name: broken
    expression: documents.map(d, d.object.spec.missing.field)
  - name: later
    expression: aggregates.broken.size()
validations:
  - expression: aggregates.later > 0
`),
    );
    const { findings, stats } = new PolicyEngine([r]).evaluate(yamlDocuments(CORPUS));
    assert.equal(runs(), 1, 'the failing aggregate is evaluated once and stops the later ones');
    assert.equal(findings.length, 4);
    for (const f of findings) {
      assert.equal(f.kind, 'evaluation-error');
      assert.match(f.message, /aggregates\[0\]\.expression: aggregate 'broken'/);
    }
    assert.equal(stats.evaluationErrors, 4);
  });
});

describe('rule aggregates at load time', () => {
  it('reject per-document variables inside an aggregate, naming file:line and field', () => {
    const { errors } = load(`match: {input: kubernetes}
aggregates:
  - name: mine
    expression: object.metadata.name
validations:
  - expression: "true"
`);
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /^rule\.yaml:12:\d+: aggregates\[0\]\.expression: .*object/);
  });

  it('reject unknown and forward aggregate references', () => {
    const { errors } = load(`match: {input: kubernetes}
aggregates:
  - name: first
    expression: aggregates.second
  - name: second
    expression: documents.size()
validations:
  - expression: aggregates.third > 0
`);
    assert.equal(errors.length, 2);
    assert.match(
      errors[0] ?? '',
      /^rule\.yaml:12:\d+: aggregates\[0\]\.expression: aggregates\.second is not declared before/,
    );
    assert.match(
      errors[1] ?? '',
      /^rule\.yaml:16:\d+: validations\[0\]\.expression: unknown aggregate 'third' \(declared: first, second\)/,
    );
  });

  it('reject a bad aggregate list, duplicate names and non-identifier names', () => {
    assert.match(
      load(`match: {input: kubernetes}\naggregates: {a: b}\nvalidations: [{expression: "true"}]\n`)
        .errors[0] ?? '',
      /aggregates: expected a list/,
    );
    const { errors } = load(`match: {input: kubernetes}
aggregates:
  - {name: a, expression: "1"}
  - {name: a, expression: "2"}
  - {name: not-ok, expression: "3"}
validations: [{expression: "true"}]
`);
    assert.equal(errors.length, 2);
    assert.match(errors[0] ?? '', /aggregates\[1\]\.name: duplicate name 'a'/);
    assert.match(errors[1] ?? '', /aggregates\[2\]\.name: invalid value 'not-ok'/);
  });

  it('reads references from the expression, not its text: a string mentioning aggregates.x is fine', () => {
    const r = rule(`match: {input: kubernetes}
aggregates:
  - {name: n, expression: documents.size()}
validations:
  - expression: "aggregates.?n.orValue(0) >= 0"
    messageExpression: "'aggregates.other is ' + string(aggregates.n)"
`);
    assert.equal(r.aggregates?.length, 1);
  });

  it('a rule without aggregates has none and stays single-document', () => {
    const r = rule(`match: {input: kubernetes}\nvalidations: [{expression: "true"}]\n`);
    assert.equal(r.aggregates, undefined);
    assert.equal(r.crossDocument, false);
  });
});

describe('rule aggregates in an incremental session', () => {
  const parser: InputParser = {
    type: 'kubernetes',
    accepts: (f: InputFile) => f.path.endsWith('.yaml'),
    parse: (f: InputFile) => ({ documents: yamlDocuments(f.content, { file: f.path }), problems: [] }),
  };

  it('re-evaluates only changed files while the aggregate values stay the same', () => {
    const { rule: r, runs } = counting(rule(COVERAGE));
    const session = new PolicySession(new PolicyEngine([r]), [parser]);
    const files = Array.from({ length: 10 }, (_, i) => ({
      path: `p${i}.yaml`,
      content: pod(`p${i}`, i % 2 === 0 ? 'shop' : 'billing'),
    }));
    session.update([...files, { path: 'np.yaml', content: policy('shop') }]);
    assert.equal(session.stats().evaluations, 10);
    assert.equal(session.findings().length, 5);
    const aggregateRuns = runs();
    // A pod changes but the set of NetworkPolicy namespaces does not: one file is re-checked.
    const next = session.update([{ path: 'p1.yaml', content: pod('p1-renamed', 'shop') }]);
    assert.equal(session.stats().evaluations, 1);
    assert.equal(runs(), aggregateRuns + 2, 'aggregates are recomputed once per update');
    assert.equal(next.length, 4);
    assert.ok(next.every((f) => f.message === 'namespace billing has no NetworkPolicy'));
    // The aggregate changes (billing gets a policy): every file is re-checked for the rule.
    const fixed = session.update([{ path: 'np2.yaml', content: policy('billing') }]);
    assert.equal(session.stats().evaluations, 10);
    assert.deepEqual(fixed, []);
  });

  it('gives the same findings as a full evaluation after any sequence of updates', () => {
    const r = rule(COVERAGE);
    const engine = new PolicyEngine([r]);
    const session = new PolicySession(engine, [parser]);
    const current = new Map<string, string>();
    const steps: [string, string | undefined][] = [
      ['a.yaml', pod('a', 'shop')],
      ['b.yaml', pod('b', 'ops')],
      ['n.yaml', policy('ops')],
      ['a.yaml', pod('a', 'ops')],
      ['n.yaml', undefined],
      ['c.yaml', [pod('c', 'x'), policy('shop')].join('---\n')],
      ['b.yaml', undefined],
    ];
    for (const [path, content] of steps) {
      if (content === undefined) {
        current.delete(path);
        session.update([], [path]);
      } else {
        current.set(path, content);
        session.update([{ path, content }]);
      }
      const docs = [...current].flatMap(([file, text]) => yamlDocuments(text, { file }));
      const expected = engine
        .evaluate(docs)
        .findings.map((f) => f.fingerprint)
        .sort();
      assert.deepEqual(
        session
          .findings()
          .map((f) => f.fingerprint)
          .sort(),
        expected,
        `after ${path}`,
      );
    }
  });
});
