import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { yamlDocuments } from '../../test/fixtures/policy/yaml-documents.ts';
import { PolicyEngine } from './engine.ts';
import { loadRuleText } from './load/load-text.ts';
import type { CompiledRule } from './types.ts';

const HEADER = `apiVersion: rampart.dev/v1
kind: PolicyRule
id: TEST-001
title: Test rule
severity: high
description: d
why: w
fix: f
`;

function rule(body: string): CompiledRule {
  const { rules, errors } = loadRuleText(HEADER + body, 'rule.yaml', { builtin: false, requireRule: true });
  assert.deepEqual(
    errors.map((e) => e.describe()),
    [],
  );
  assert.equal(rules.length, 1);
  return rules[0] as CompiledRule;
}

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.25
          securityContext:
            privileged: true
        - name: sidecar
          image: envoy
          ports:
            - containerPort: 22
      initContainers:
        - name: init
          image: busybox
`;

describe('evaluation semantics (docs/rule-format.md)', () => {
  it('forEach reports each failing item at its own line, with messageExpression', () => {
    const r = rule(`match: {input: kubernetes, kinds: [Workload]}
validations:
  - forEach: containers
    as: c
    expression: "!c.spec.?securityContext.?privileged.orValue(false)"
    messageExpression: "'container ' + c.spec.name + ' is privileged'"
    pathExpression: "c.path + '.securityContext.privileged'"
`);
    const { findings } = new PolicyEngine([r]).evaluate(yamlDocuments(DEPLOY));
    assert.equal(findings.length, 1);
    const f = findings[0];
    assert.equal(f?.message, 'container app is privileged');
    assert.equal(f?.location.range?.start.line, 13);
    assert.equal(f?.kind, 'violation');
    assert.equal(f?.analyzer, 'policy');
    assert.deepEqual(f?.location.resource, { kind: 'Deployment', name: 'web', namespace: 'shop' });
  });

  it('a missing field points at its nearest existing ancestor', () => {
    const r = rule(`match: {input: kubernetes, kinds: [Deployment]}
validations:
  - forEach: containers
    expression: "item.spec.?securityContext.?runAsNonRoot.orValue(false)"
    message: must run as non-root
    pathExpression: "item.path + '.securityContext.runAsNonRoot'"
`);
    const lines = new PolicyEngine([r])
      .evaluate(yamlDocuments(DEPLOY))
      .findings.map((f) => f.location.range?.start.line);
    // app has securityContext (line 12), sidecar has none → the container item (line 14), init → line 19.
    assert.deepEqual(lines, [12, 14, 19]);
  });

  it('forEach items carrying a path are located without path/pathExpression', () => {
    const r = rule(`match: {input: kubernetes, kinds: [Workload]}
validations:
  - forEach: containers
    expression: "item.spec.image.contains(':')"
    message: image has no tag
`);
    const [f] = new PolicyEngine([r]).evaluate(yamlDocuments(DEPLOY)).findings;
    assert.equal(f?.location.range?.start.line, 14);
  });

  it('simple validation with static path; no path → document start', () => {
    const r = rule(`match: {input: kubernetes}
validations:
  - expression: "object.metadata.name != 'web'"
    message: named web
    path: metadata.name
  - expression: "false"
    message: always
`);
    const f = new PolicyEngine([r]).evaluate(yamlDocuments(DEPLOY)).findings;
    assert.deepEqual(
      f.map((x) => [x.message, x.location.range?.start.line]),
      [
        ['named web', 4],
        ['always', 1],
      ],
    );
  });

  it('matchConditions must all hold for the rule to apply', () => {
    const r = rule(`match: {input: kubernetes}
matchConditions:
  - name: not-shop
    expression: document.namespace != 'shop'
validations:
  - expression: "false"
    message: x
`);
    assert.equal(new PolicyEngine([r]).evaluate(yamlDocuments(DEPLOY)).findings.length, 0);
    const other = yamlDocuments(DEPLOY.replace('namespace: shop', 'namespace: other'));
    assert.equal(new PolicyEngine([r]).evaluate(other).findings.length, 1);
  });

  it('variables are evaluated lazily, may use earlier ones, and integral numbers are ints', () => {
    const r = rule(`match: {input: kubernetes, kinds: [Workload]}
variables:
  - name: ports
    expression: containers.map(c, c.spec.?ports.orValue([])).flatten()
  - name: ssh
    expression: variables.ports.exists(p, p.containerPort == 22 && p.containerPort + 1 == 23)
validations:
  - expression: "!variables.ssh"
    message: ssh port exposed
`);
    const { findings, stats } = new PolicyEngine([r]).evaluate(yamlDocuments(DEPLOY));
    assert.equal(findings.length, 1);
    assert.equal(stats.evaluationErrors, 0);
  });

  it('failures at, under or over an unknown path are not reported (counted as unknown)', () => {
    const r = rule(`match: {input: kubernetes}
validations:
  - expression: "object.spec.?template.?spec.?hostNetwork.orValue(false) == true"
    message: a
    path: spec.template.spec.hostNetwork
`);
    for (const unknown of [
      'spec.template.spec.hostNetwork',
      'spec.template',
      'spec.template.spec.hostNetwork.x',
    ]) {
      const docs = yamlDocuments(DEPLOY, { unknownPaths: [unknown] });
      const { findings, stats } = new PolicyEngine([r]).evaluate(docs);
      assert.equal(findings.length, 0, unknown);
      assert.equal(stats.unknownSuppressed, 1);
    }
    // A sibling path is unrelated: still reported. So is a prefix that is not a path boundary.
    for (const unknown of ['spec.template.spec.containers', 'spec.templ']) {
      const docs = yamlDocuments(DEPLOY, { unknownPaths: [unknown] });
      assert.equal(new PolicyEngine([r]).evaluate(docs).findings.length, 1, unknown);
    }
  });

  it('documents gives cross-document rules every document of the input type', () => {
    const r = rule(`match: {input: kubernetes, kinds: [Deployment]}
validations:
  - expression: >-
      documents.exists(d, d.kind == 'NetworkPolicy' && d.namespace == document.namespace)
    message: namespace has no NetworkPolicy
`);
    const np = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\n`;
    const engine = new PolicyEngine([r]);
    assert.equal(engine.evaluate(yamlDocuments(DEPLOY)).findings.length, 1);
    assert.equal(engine.evaluate(yamlDocuments(DEPLOY + np)).findings.length, 0);
    assert.equal(r.crossDocument, true);
  });

  it('evaluation errors are findings naming rule, file and CEL error; never thrown', () => {
    const r = rule(`match: {input: kubernetes}
validations:
  - expression: object.spec.nothing == 1
    message: x
  - expression: "object.metadata.name"
    message: not a bool
`);
    const { findings, stats } = new PolicyEngine([r]).evaluate(
      yamlDocuments(DEPLOY, { file: 'k8s/web.yaml' }),
    );
    assert.equal(findings.length, 2);
    assert.equal(stats.evaluationErrors, 2);
    for (const f of findings) {
      assert.equal(f.kind, 'evaluation-error');
      assert.equal(f.severity, 'medium');
      assert.equal(f.ruleId, 'TEST-001');
      assert.match(f.message, /TEST-001/);
      assert.match(f.message, /k8s\/web\.yaml/);
    }
    assert.match(findings[0]?.message ?? '', /No such key: nothing/);
    assert.match(findings[1]?.message ?? '', /must evaluate to bool, got string/);
  });

  it('only rules whose match selects a document are evaluated', () => {
    const pod = rule(`match: {input: kubernetes, kinds: [Pod]}
validations:
  - expression: "false"
    message: x
`);
    const tf = rule(`match: {input: terraform, resourceTypes: [aws_s3_bucket]}
validations:
  - expression: "false"
    message: x
`).id;
    assert.ok(tf);
    const { findings, stats } = new PolicyEngine([pod]).evaluate(yamlDocuments(DEPLOY));
    assert.equal(findings.length, 0);
    assert.equal(stats.evaluations, 0);
  });

  it('terraform selectors: resourceTypes match resources only, blockTypes match by block type', () => {
    const r = rule(`match: {input: terraform, resourceTypes: [Bucket], blockTypes: [module]}
validations:
  - expression: "false"
    message: x
`);
    const engine = new PolicyEngine([r]);
    const make = (blockType: string) =>
      yamlDocuments('kind: Bucket\n', { type: 'terraform', blockType, address: `x.${blockType}` });
    assert.equal(engine.evaluate(make('resource')).findings.length, 1);
    assert.equal(engine.evaluate(make('data')).findings.length, 0);
    const mod = yamlDocuments('kind: net\n', {
      type: 'terraform',
      blockType: 'module',
      address: 'module.net',
    });
    assert.equal(engine.evaluate(mod).findings.length, 1);
  });
});

describe('fingerprints', () => {
  const r = (): CompiledRule =>
    rule(`match: {input: kubernetes, kinds: [Workload]}
validations:
  - forEach: containers
    as: c
    expression: "!c.spec.?securityContext.?privileged.orValue(false)"
    messageExpression: "'container ' + c.spec.name"
`);
  it('stay the same when lines move and change with the resource', () => {
    const engine = new PolicyEngine([r()]);
    const before = engine.evaluate(yamlDocuments(DEPLOY)).findings[0];
    const moved = engine.evaluate(yamlDocuments(`# a comment\n# another\n${DEPLOY}`)).findings[0];
    assert.ok(before && moved);
    assert.notEqual(before.location.range?.start.line, moved.location.range?.start.line);
    assert.equal(before.fingerprint, moved.fingerprint);
    const renamed = engine.evaluate(yamlDocuments(DEPLOY.replace('name: web', 'name: api'))).findings[0];
    assert.notEqual(renamed?.fingerprint, before.fingerprint);
  });
});

describe('document-independent variables', () => {
  it('are marked invariant and computed once per run, not once per document', () => {
    const r = rule(`match: {input: kubernetes}
variables:
  - name: kinds
    expression: documents.map(d, d.kind)
  - name: count
    expression: size(variables.kinds)
  - name: mine
    expression: variables.count + size(object.metadata.name)
validations:
  - expression: variables.mine > 0 && variables.kinds.exists(k, k == document.kind)
    message: x
`);
    assert.deepEqual(
      r.variables.map((v) => [v.name, v.invariant]),
      [
        ['kinds', true],
        ['count', true],
        ['mine', false],
      ],
    );
    const counts = new Map<string, number>();
    const counted = {
      ...r,
      variables: r.variables.map((v) => ({
        ...v,
        expression: {
          ...v.expression,
          run: (ctx: Readonly<Record<string, unknown>>) => {
            counts.set(v.name, (counts.get(v.name) ?? 0) + 1);
            return v.expression.run(ctx);
          },
        },
      })),
    };
    const docs = [...yamlDocuments(DEPLOY), ...yamlDocuments(DEPLOY.replace('name: web', 'name: api'))];
    const { findings, stats } = new PolicyEngine([counted]).evaluate(docs);
    assert.equal(findings.length, 0);
    assert.equal(stats.evaluationErrors, 0);
    assert.deepEqual(Object.fromEntries(counts), { kinds: 1, count: 1, mine: 2 });
  });
});
