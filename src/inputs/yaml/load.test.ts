import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadYaml } from './load.ts';

const line = (r: { start: { line: number } } | undefined): number | undefined => r?.start.line;

const POD = `# leading comment
apiVersion: v1   # trailing comment
kind: Pod
metadata:
  name: web
  annotations: {"a.b/c": "x", plain: 1}
spec:
  containers:
    - name: app
      image: nginx
      args: |
        one
        two

    - name: sidecar
      securityContext:
        privileged: true
`;

describe('loadYaml: values', () => {
  it('reads a document into plain values; comments are not values', () => {
    const { documents, problems } = loadYaml('pod.yaml', POD);
    assert.deepEqual(problems, []);
    assert.equal(documents.length, 1);
    assert.deepEqual(documents[0]?.value, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', annotations: { 'a.b/c': 'x', plain: 1 } },
      spec: {
        containers: [
          { name: 'app', image: 'nginx', args: 'one\ntwo\n' },
          { name: 'sidecar', securityContext: { privileged: true } },
        ],
      },
    });
  });

  it('keeps YAML 1.2 core scalars: on/yes stay strings, 0644 is decimal', () => {
    const v = loadYaml('w.yml', 'on: push\nyes: no\nmode: 0644\nnull_: ~\n').documents[0]?.value;
    assert.deepEqual(v, { on: 'push', yes: 'no', mode: 644, null_: null });
  });

  it('yaml11Scalars reads booleans and octal as kubectl does', () => {
    const v = loadYaml('p.yaml', 'a: yes\nb: Off\nc: "yes"\nmode: 0644\nnum: 10\nn: key\n', {
      yaml11Scalars: true,
    }).documents[0]?.value;
    assert.deepEqual(v, {
      a: true,
      b: false,
      c: 'yes',
      mode: 0o644,
      num: 10,
      false: 'key', // go-yaml v2 reads the key `n` as false too
    });
  });

  it('expands aliases and merge keys; explicit keys win', () => {
    const text = 'base: &b {cpu: 1, mem: 2}\nuse: *b\nmerged:\n  <<: *b\n  cpu: 5\n';
    const doc = loadYaml('m.yaml', text, { mergeKeys: true }).documents[0];
    assert.deepEqual(doc?.value, {
      base: { cpu: 1, mem: 2 },
      use: { cpu: 1, mem: 2 },
      merged: { cpu: 5, mem: 2 },
    });
    // Paths inside an alias point at the alias, where the value is used.
    assert.equal(line(doc?.positions.get('use.cpu')), 2);
    assert.equal(line(doc?.positions.get('merged.mem')), 4);
    assert.equal(line(doc?.positions.get('merged.cpu')), 5);
  });

  it('without mergeKeys, << is an ordinary key', () => {
    const v = loadYaml('m.yaml', 'b: &b {x: 1}\nm:\n  <<: *b\n').documents[0]?.value;
    assert.deepEqual(v, { b: { x: 1 }, m: { '<<': { x: 1 } } });
  });

  it('treats __proto__ as data', () => {
    const v = loadYaml('p.yaml', '__proto__: {polluted: true}\n').documents[0]?.value as Record<
      string,
      unknown
    >;
    assert.deepEqual(Object.keys(v), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
  });

  it('stringifies non-string keys the way YAML→JSON does', () => {
    assert.deepEqual(loadYaml('k.yaml', '80: a\ntrue: b\n~: c\n').documents[0]?.value, {
      '80': 'a',
      true: 'b',
      null: 'c',
    });
  });

  it('passes locally tagged nodes through onTag', () => {
    const onTag = (tag: string, value: unknown) => ({ [tag]: value });
    const v = loadYaml('t.yaml', 'a: !Ref x\nb: !If [c, 1, 2]\n', { onTag }).documents[0]?.value;
    assert.deepEqual(v, { a: { '!Ref': 'x' }, b: { '!If': ['c', 1, 2] } });
  });
});

describe('loadYaml: positions', () => {
  const doc = loadYaml('pod.yaml', POD).documents[0];
  const at = (path: string) => {
    const r = doc?.positions.get(path);
    return r && [r.start.line, r.start.column, r.end.line, r.end.column];
  };

  it('map entry spans key start to value end', () => {
    assert.deepEqual(at('apiVersion'), [2, 1, 2, 15]);
    assert.deepEqual(at('metadata'), [4, 1, 6, 40]);
    assert.deepEqual(at('spec.containers[0].args'), [11, 7, 13, 12]);
  });

  it('sequence item spans the item; quoted keys use the canonical path spelling', () => {
    assert.deepEqual(at('spec.containers[1]'), [15, 7, 17, 25]);
    assert.deepEqual(at('metadata.annotations["a.b/c"]'), [6, 17, 6, 29]);
    assert.deepEqual(at('spec.containers[1].securityContext.privileged'), [17, 9, 17, 25]);
  });

  it("'' is the whole document, without the leading comment", () => {
    assert.deepEqual(at(''), [2, 1, 17, 25]);
    assert.deepEqual(doc?.range, doc?.positions.get(''));
  });

  it('numbers lines per document in a multi-document file', () => {
    const { documents } = loadYaml('m.yaml', 'a: 1\n---\n# c\nb: 2\n---\n---\nc:\n  - x\n');
    assert.equal(documents.length, 3, 'empty documents are skipped');
    assert.equal(line(documents[1]?.positions.get('b')), 4);
    assert.equal(line(documents[2]?.positions.get('c[0]')), 8);
  });

  it('counts CRLF line endings', () => {
    const d = loadYaml('crlf.yaml', 'a: 1\r\nb:\r\n  c: 2\r\n').documents[0];
    assert.deepEqual(d?.positions.get('b')?.end, { line: 3, column: 7 });
  });
});

describe('loadYaml: bad input becomes problems, never exceptions', () => {
  it('syntax error: problem with line, other documents still read', () => {
    const { documents, problems } = loadYaml('bad.yaml', 'a: 1\n---\nb: [1, 2\nc: }\n---\nd: 4\n');
    assert.equal(problems.length > 0, true);
    assert.equal(problems[0]?.file, 'bad.yaml');
    assert.match(problems[0]?.message ?? '', /YAML syntax error: .* \(line \d+, column \d+\)/);
    assert.equal((problems[0]?.range?.start.line ?? 0) >= 3, true);
    assert.deepEqual(
      documents.map((d) => d.value),
      [{ a: 1 }, { d: 4 }],
    );
  });

  it('duplicate keys are an error', () => {
    const { documents, problems } = loadYaml('dup.yaml', 'a: 1\na: 2\n');
    assert.equal(documents.length, 0);
    assert.match(problems[0]?.message ?? '', /unique/);
    assert.equal(problems[0]?.range?.start.line, 2);
  });

  it('alias bomb is refused quickly', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = performance.now();
    const { documents, problems } = loadYaml('bomb.yaml', `${levels.join('\n')}\n`);
    assert.equal(performance.now() - started < 1000, true);
    assert.equal(documents.length, 0);
    assert.match(problems[0]?.message ?? '', /alias/);
    assert.equal(typeof problems[0]?.range?.start.line, 'number');
  });

  it('self-referencing alias terminates', () => {
    const { problems } = loadYaml('cycle.yaml', 'a: &a\n  b: *a\n');
    assert.equal(problems.length, 1);
  });

  it('nesting deeper than the limit is refused with its line', () => {
    let text = '';
    for (let i = 0; i < 210; i++) text += `${'  '.repeat(i)}k${i}:\n`;
    text += `${'  '.repeat(210)}v\n`;
    const { documents, problems } = loadYaml('deep.yaml', text);
    assert.equal(documents.length, 0);
    assert.match(problems[0]?.message ?? '', /deeper than 200/);
    assert.equal(problems[0]?.range?.start.line, 202, 'the map that is one level too deep');
    assert.equal(loadYaml('ok.yaml', text, { maxDepth: 300 }).problems.length, 0);
  });

  it('absurd flow nesting does not overflow the stack', () => {
    const text = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const { documents, problems } = loadYaml('flow.yaml', text);
    assert.equal(documents.length, 0);
    assert.equal(problems.length > 0, true);
  });

  it('too many documents: stops with a problem', () => {
    const { documents, problems } = loadYaml('many.yaml', 'a: 1\n---\n'.repeat(30), { maxDocuments: 10 });
    assert.equal(documents.length, 10);
    assert.match(problems[0]?.message ?? '', /more than 10 YAML documents/);
    assert.equal(problems[0]?.range?.start.line, 20, 'the `---` of document 11');
  });

  it('file over the caller limit is not parsed', () => {
    const { documents, problems } = loadYaml('big.yaml', `a: ${'x'.repeat(2000)}\n`, { maxFileSize: 1000 });
    assert.equal(documents.length, 0);
    assert.match(problems[0]?.message ?? '', /too large.*limit 1000/);
  });
});

describe('loadYaml: fuzz', () => {
  it('never throws on arbitrary text and stays fast', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const started = performance.now();
        const result = loadYaml('f.yaml', text);
        assert.equal(Array.isArray(result.documents), true);
        for (const p of result.problems) assert.equal(typeof p.message, 'string');
        assert.equal(performance.now() - started < 500, true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated valid YAML; every position is inside the text', () => {
    const charset = fc.constantFrom(...'abc:-[]{}&*!|>"\'#\n  ,?<~0123'.split(''));
    fc.assert(
      fc.property(
        fc.nat(POD.length),
        fc.array(charset, { maxLength: 8 }).map((a) => a.join('')),
        fc.nat(5),
        (at, insert, cut) => {
          const text = POD.slice(0, at) + insert + POD.slice(at + cut);
          const lines = text.split('\n').length;
          const result = loadYaml('m.yaml', text, { mergeKeys: true, yaml11Scalars: true });
          for (const doc of result.documents) {
            for (const range of doc.positions.values()) {
              assert.equal(range.start.line >= 1 && range.end.line <= lines, true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
