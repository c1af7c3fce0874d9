import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { YamlDialect } from './dialect.ts';
import { fastLoadYaml } from './fast.ts';
import { fullLoadYaml } from './load.ts';
import type { LoadedDocument } from './loaded.ts';

const LIMITS = { maxDepth: 200, maxAliasNodes: 10_000 };

function snapshot(docs: readonly LoadedDocument[]) {
  return docs.map((d) => ({
    value: d.value,
    range: d.range,
    positions: [...d.positions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  }));
}

/** The fast path either gives up or agrees exactly with the full parser (values and ranges). */
function agrees(text: string, dialect: YamlDialect = {}): boolean {
  const fast = fastLoadYaml(text, dialect, LIMITS.maxDepth, 10_000);
  if (fast === undefined) return false;
  const full = fullLoadYaml('t.yaml', text, dialect, LIMITS, 10_000);
  assert.deepEqual(full.problems, [], `fast path accepted text the full parser rejects:\n${text}`);
  assert.deepEqual(snapshot(fast), snapshot(full.documents), text);
  return true;
}

const MANIFEST = `# comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # trailing
  labels: {app: web, "a.b/c": 'x''y', n: 1}
  annotations:
    note: "tab\\there \\u00e9"
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: app
        image: nginx:1.25
        args: [--port, "8080", -v]
        command:
          - sh
          - -c
        env:
          - {name: A, value: "1"}
        script: |
          echo one

          echo two
        folded: >-
          a
          b

          c
        securityContext:
          privileged: yes
          runAsUser: 0644
      - name: side
        ports:
          - containerPort: 80
            protocol: TCP
        empty:
        nums: [1, -2, 3.5, 1e3, .inf, 0x1F, 0o17, ~, null, true, False]
---
apiVersion: v1
kind: Service
metadata: {name: web}
`;

describe('fastLoadYaml', () => {
  it('handles a typical manifest, and agrees with the full parser', () => {
    assert.equal(agrees(MANIFEST), true);
    assert.equal(agrees(MANIFEST, { yaml11Scalars: true, mergeKeys: true }), true);
  });

  it('gives up on what it does not handle', () => {
    const cases = [
      'a: &x 1\nb: *x\n',
      'a: !Ref x\n',
      'a: b\n  c\n',
      'a: "multi\n  line"\n',
      'a: [1,\n  2]\n',
      'a:\tb\n',
      'a: 1\r\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n...\n',
      'a: |+\n  x\n',
      'a: |2\n   x\n',
      'plain scalar document\n',
      'a: 1\na: 2\n',
      'a: b: c\n',
      'a: 1',
      '? a\n: b\n',
      '-\n  a: 1\n',
      '\uFEFFa: 1\n',
    ];
    for (const text of cases)
      assert.equal(fastLoadYaml(text, {}, 200, 10_000), undefined, JSON.stringify(text));
    assert.equal(fastLoadYaml('b: &b {x: 1}\nm:\n  <<: *b\n', { mergeKeys: true }, 200, 10_000), undefined);
    const onTag = (_tag: string, value: unknown) => value;
    for (const text of ['a: !Ref x\n', 'a: [!Ref x]\n', '- !Sub y\n', '!Ref a: b\n']) {
      assert.equal(fastLoadYaml(text, { onTag }, 200, 10_000), undefined, text);
    }
  });

  it('gives up beyond the depth limit (the full parser reports it)', () => {
    let text = '';
    for (let i = 0; i < 20; i++) text += `${'  '.repeat(i)}k${i}:\n`;
    text += `${'  '.repeat(20)}v: 1\n`;
    assert.equal(fastLoadYaml(text, {}, 10, 10_000), undefined);
    assert.notEqual(fastLoadYaml(text, {}, 30, 10_000), undefined);
  });

  it('agrees with the full parser on generated documents (values from fast-check, styles from yaml.stringify)', () => {
    const key = fc.oneof(
      fc.constantFrom(
        'apiVersion',
        'kind',
        'name',
        'a.b/c',
        'on',
        'yes',
        '80',
        'true',
        'null',
        '__proto__',
        'x y',
        "it's",
      ),
      fc.string({ maxLength: 6 }),
      fc.string({ maxLength: 4, unit: 'binary' }),
    );
    const scalar = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.string({ maxLength: 8, unit: 'binary' }),
      fc.constantFrom(
        'yes',
        'no',
        'on',
        '0644',
        '1e3',
        '.inf',
        '0x1F',
        'null',
        '~',
        '-',
        ': x',
        '# c',
        'a #b',
        "'q'",
        '"q"',
      ),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, scalar, tie('map'), tie('list')),
      map: fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
      list: fc.array(tie('tree'), { maxLength: 4 }),
    }));
    const options = fc.record({
      indentSeq: fc.boolean(),
      indent: fc.integer({ min: 1, max: 4 }),
      lineWidth: fc.constantFrom(0, 20, 80),
      collectionStyle: fc.constantFrom('any', 'block', 'block', 'flow'),
      flowCollectionPadding: fc.boolean(),
      defaultStringType: fc.constantFrom(
        'PLAIN',
        'QUOTE_DOUBLE',
        'QUOTE_SINGLE',
        'BLOCK_LITERAL',
        'BLOCK_FOLDED',
      ),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
    });
    const root = fc.oneof(
      fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }),
      fc.array(tree, { minLength: 1, maxLength: 5 }),
    );
    let fastCount = 0;
    fc.assert(
      fc.property(
        fc.array(root, { minLength: 1, maxLength: 3 }),
        options,
        fc.boolean(),
        (docs, opts, yaml11) => {
          const text = docs.map((d) => stringify(d, null, opts)).join('---\n');
          if (agrees(text, { yaml11Scalars: yaml11 })) fastCount++;
        },
      ),
      { numRuns: 600 },
    );
    assert.equal(fastCount > 100, true, `fast path used for only ${fastCount} of 600`);
  });

  it('agrees with the full parser on mutated manifests, or gives up', () => {
    const charset = fc.constantFrom(...' :-#[]{},"\'|>\n\n  ab01'.split(''));
    fc.assert(
      fc.property(
        fc.nat(MANIFEST.length),
        fc.array(charset, { maxLength: 6 }).map((a) => a.join('')),
        fc.nat(6),
        (at, insert, cut) => {
          agrees(MANIFEST.slice(0, at) + insert + MANIFEST.slice(at + cut), { yaml11Scalars: true });
        },
      ),
      { numRuns: 1500 },
    );
  });
});
