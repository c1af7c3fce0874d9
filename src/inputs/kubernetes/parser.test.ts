import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { InputDocument, InputFile } from '../document.ts';
import { kubernetesParser } from './parser.ts';
import type { PodSpecExtras } from './pod-spec.ts';

const FIXTURES = new URL('../../../test/fixtures/inputs/kubernetes/', import.meta.url);
const fixture = (name: string): InputFile => ({
  path: `k8s/${name}`,
  content: readFileSync(new URL(name, FIXTURES), 'utf8'),
});
const lineOf = (doc: InputDocument | undefined, path: string) => doc?.positions.get(path)?.start.line;
const extras = (doc: InputDocument | undefined) => doc?.extras as PodSpecExtras;

describe('kubernetes: accepts', () => {
  it('claims manifests by extension and top-level apiVersion + kind', () => {
    for (const name of ['multi.yaml', 'list.yaml', 'pod.json', 'alerts-configmap.yaml', 'broken.yaml']) {
      assert.equal(kubernetesParser.accepts(fixture(name)), true, name);
    }
  });

  it('claims files that start with a byte-order mark, and reads them', () => {
    const file = { path: 'bom.yaml', content: '\uFEFFapiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n' };
    assert.equal(kubernetesParser.accepts(file), true);
    const [doc] = kubernetesParser.parse(file).documents;
    assert.equal(doc?.name, 'p');
    assert.equal(doc?.positions.get('metadata.name')?.start.line, 4);
  });

  it('does not claim other YAML, other extensions, or Helm templates', () => {
    assert.equal(kubernetesParser.accepts(fixture('not-kubernetes.yaml')), false);
    assert.equal(kubernetesParser.accepts(fixture('chart/Chart.yaml')), false);
    assert.equal(kubernetesParser.accepts(fixture('chart/templates/deployment.yaml')), false);
    const inline = {
      path: 'x.yaml',
      content: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n',
    };
    assert.equal(kubernetesParser.accepts(inline), false, 'unquoted template value');
    assert.equal(
      kubernetesParser.accepts({ path: 'pod.txt', content: 'apiVersion: v1\nkind: Pod\n' }),
      false,
    );
    assert.equal(
      kubernetesParser.accepts({ path: 'p.yaml', content: 'spec:\n  apiVersion: v1\n  kind: Pod\n' }),
      false,
    );
  });
});

describe('kubernetes: documents', () => {
  const { documents, problems } = kubernetesParser.parse(fixture('multi.yaml'));
  const [deployment, service, cronjob] = documents;

  it('one document per object with kind, name, namespace', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(
      documents.map((d) => [d.type, d.file, d.kind, d.name, d.namespace]),
      [
        ['kubernetes', 'k8s/multi.yaml', 'Deployment', 'web', 'shop'],
        ['kubernetes', 'k8s/multi.yaml', 'Service', 'web', undefined],
        ['kubernetes', 'k8s/multi.yaml', 'CronJob', 'nightly', undefined],
      ],
    );
    assert.equal('namespace' in (service ?? {}), false);
  });

  it('positions are file lines of each field', () => {
    assert.equal(deployment?.range.start.line, 2);
    assert.equal(lineOf(deployment, 'spec.template.spec.containers[0].securityContext.privileged'), 19);
    assert.equal(lineOf(deployment, 'spec.template.spec.containers[1]'), 20);
    assert.equal(lineOf(service, 'spec.ports[0].port'), 29);
    assert.equal(lineOf(cronjob, 'spec.jobTemplate.spec.template.spec.containers[0].image'), 43);
    assert.equal(cronjob?.range.start.line, 31);
  });

  it('reads scalars as kubectl does (hostNetwork: yes is true)', () => {
    const spec = ((deployment?.object ?? {}) as { spec: { template: { spec: { hostNetwork: unknown } } } })
      .spec.template.spec;
    assert.equal(spec.hostNetwork, true);
  });

  it('extras: podSpecPath, podSpec and every container with its path and type', () => {
    const d = extras(deployment);
    assert.equal(d.podSpecPath, 'spec.template.spec');
    assert.equal(d.podSpec?.hostNetwork, true);
    assert.deepEqual(
      d.containers.map((c) => [c.path, c.type, c.spec.name]),
      [
        ['spec.template.spec.containers[0]', 'container', 'app'],
        ['spec.template.spec.containers[1]', 'container', 'sidecar'],
        ['spec.template.spec.initContainers[0]', 'initContainer', 'init'],
      ],
    );
    for (const c of d.containers) assert.equal(typeof lineOf(deployment, c.path), 'number');
    assert.equal(extras(cronjob).podSpecPath, 'spec.jobTemplate.spec.template.spec');
    assert.equal(extras(cronjob).containers[0]?.path, 'spec.jobTemplate.spec.template.spec.containers[0]');
    assert.deepEqual(extras(service), { podSpecPath: '', podSpec: null, containers: [] });
  });

  it('podSpecPath for every workload kind', () => {
    const cases: [string, string][] = [
      ['Pod', 'spec'],
      ['StatefulSet', 'spec.template.spec'],
      ['DaemonSet', 'spec.template.spec'],
      ['ReplicaSet', 'spec.template.spec'],
      ['ReplicationController', 'spec.template.spec'],
      ['Job', 'spec.template.spec'],
      ['PodTemplate', 'template.spec'],
    ];
    for (const [kind, path] of cases) {
      const doc = kubernetesParser.parse({ path: 'w.yaml', content: `apiVersion: v1\nkind: ${kind}\n` })
        .documents[0];
      assert.equal(extras(doc).podSpecPath, path, kind);
      assert.equal(extras(doc).podSpec, null, kind);
    }
  });
});

describe('kubernetes: lists', () => {
  const { documents } = kubernetesParser.parse(fixture('list.yaml'));

  it('every item is a document; item kind falls back to the list kind', () => {
    assert.deepEqual(
      documents.map((d) => [d.kind, d.name]),
      [
        ['Pod', 'a'],
        ['ConfigMap', 'settings'],
      ],
    );
    assert.deepEqual(documents[1]?.object, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { mode: 'on' },
    });
  });

  it('paths are relative to the item, lines are file lines', () => {
    const [pod, configMap] = documents;
    assert.equal(lineOf(pod, 'spec.containers[0].image'), 9);
    assert.equal(lineOf(pod, ''), 4);
    assert.equal(pod?.range.start.line, 4);
    assert.equal(lineOf(configMap, 'data.mode'), 15);
    assert.equal(pod?.positions.has('items[0]'), false);
    assert.equal(extras(pod).containers[0]?.path, 'spec.containers[0]');
  });
});

describe('kubernetes: JSON and bad input', () => {
  it('JSON manifests with positions', () => {
    const { documents, problems } = kubernetesParser.parse(fixture('pod.json'));
    assert.deepEqual(problems, []);
    assert.equal(documents[0]?.name, 'json-pod');
    assert.equal(documents[0]?.namespace, 'default');
    assert.equal(lineOf(documents[0], 'spec.containers[0].securityContext.privileged'), 10);
  });

  it('a broken document is a problem with its line; the others are still read', () => {
    const { documents, problems } = kubernetesParser.parse(fixture('broken.yaml'));
    assert.deepEqual(
      documents.map((d) => d.name),
      ['ok'],
    );
    assert.equal(problems.length > 0, true);
    assert.equal(problems[0]?.file, 'k8s/broken.yaml');
    const line = problems[0]?.range?.start.line ?? 0;
    assert.equal(line >= 9 && line <= 11, true, `line ${line}`);
  });

  it('ConfigMaps with {{ }} inside strings are scanned', () => {
    const { documents, problems } = kubernetesParser.parse(fixture('alerts-configmap.yaml'));
    assert.deepEqual(problems, []);
    assert.equal(documents[0]?.kind, 'ConfigMap');
  });

  it('a List with more items than the per-file bound is cut with a problem', () => {
    const items = Array.from({ length: 10_005 }, (_, i) => `  - {kind: ConfigMap, metadata: {name: c${i}}}`);
    const content = `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`;
    const { documents, problems } = kubernetesParser.parse({ path: 'big-list.yaml', content });
    assert.equal(documents.length, 10_000);
    assert.match(problems[0]?.message ?? '', /more than 10000 Kubernetes objects/);
    assert.equal(problems[0]?.range?.start.line, 10_004);
  });

  it('documents without apiVersion/kind are skipped silently', () => {
    const text = 'apiVersion: v1\nkind: Pod\n---\nfoo: bar\n---\n- 1\n---\nkind: 3\napiVersion: v1\n';
    const { documents, problems } = kubernetesParser.parse({ path: 'm.yaml', content: text });
    assert.equal(documents.length, 1);
    assert.deepEqual(problems, []);
  });

  it('fuzz: never throws on mutated manifests', () => {
    const base = fixture('multi.yaml').content;
    fc.assert(
      fc.property(fc.nat(base.length), fc.string({ maxLength: 10 }), fc.nat(8), (at, insert, cut) => {
        const content = base.slice(0, at) + insert + base.slice(at + cut);
        const result = kubernetesParser.parse({ path: 'f.yaml', content });
        for (const doc of result.documents) assert.equal(typeof doc.kind, 'string');
        const json = kubernetesParser.parse({ path: 'f.json', content });
        assert.equal(Array.isArray(json.problems), true);
      }),
      { numRuns: 200 },
    );
  });
});
