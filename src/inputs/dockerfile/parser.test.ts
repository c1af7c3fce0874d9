import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { InputDocument, ParseResult } from '../document.ts';
import type { DockerfileObject } from './build.ts';
import { dockerfileParser, MAX_DOCKERFILE_CHARS } from './parser.ts';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/inputs/dockerfile/', import.meta.url));
const fixture = (name: string): ParseResult =>
  dockerfileParser.parse({ path: name, content: readFileSync(`${FIXTURES}${name}`, 'utf8') });
const only = (result: ParseResult): InputDocument => {
  assert.equal(result.documents.length, 1);
  return result.documents[0] as InputDocument;
};
const objectOf = (content: string): DockerfileObject =>
  only(dockerfileParser.parse({ path: 'Dockerfile', content })).object as DockerfileObject;
const lines = (doc: InputDocument, path: string) => {
  const range = doc.positions.get(path);
  return range && [range.start.line, range.end.line];
};

describe('dockerfile (docs/inputs.md, dockerfile)', () => {
  test('multi-stage fixture: document identity and ARGs before the first FROM', () => {
    const result = fixture('Dockerfile');
    assert.deepEqual(result.problems, []);
    const doc = only(result);
    assert.deepEqual(
      [doc.type, doc.kind, doc.name, doc.file],
      ['dockerfile', 'Dockerfile', 'Dockerfile', 'Dockerfile'],
    );
    assert.deepEqual(doc.range, { start: { line: 1, column: 1 }, end: { line: 23, column: 67 } });
    const object = doc.object as DockerfileObject;
    assert.deepEqual(object.args, [
      { name: 'GO_VERSION', default: '1.22' },
      { name: 'REGISTRY', default: null },
    ]);
    assert.deepEqual(lines(doc, 'args[1]'), [3, 3]);
  });

  test('FROM: --platform, ARG default substitution, registry:port/image:tag@digest, stage references', () => {
    const doc = only(fixture('Dockerfile'));
    const stages = (doc.object as DockerfileObject).stages;
    assert.deepEqual(
      stages.map((s) => [s.index, s.name]),
      [
        [0, 'build'],
        [1, 'runtime'],
        [2, 'test'],
        [3, null],
      ],
    );
    assert.deepEqual(stages[0]?.from, {
      raw: 'golang:${GO_VERSION} AS build',
      image: 'golang',
      registry: null,
      tag: '1.22',
      digest: null,
      platform: 'linux/amd64',
      stageRef: false,
    });
    assert.deepEqual(stages[1]?.from, {
      raw: 'registry.example.com:5000/base/distroless:nonroot@sha256:0123abcd AS runtime',
      image: 'registry.example.com:5000/base/distroless',
      registry: 'registry.example.com:5000',
      tag: 'nonroot',
      digest: 'sha256:0123abcd',
      platform: null,
      stageRef: false,
    });
    assert.equal(stages[2]?.from.stageRef, true);
    assert.equal(stages[2]?.from.image, 'build');
    assert.deepEqual(lines(doc, 'stages[1]'), [14, 14]);
    assert.deepEqual(lines(doc, 'stages[1].from'), [14, 14]);
  });

  test('FROM with an ARG that has no default is unknown, not guessed', () => {
    const doc = only(fixture('Dockerfile'));
    const from = (doc.object as DockerfileObject).stages[3]?.from;
    assert.equal(from?.image, null);
    assert.equal(from?.tag, null);
    assert.deepEqual([...doc.unknownPaths].sort(), [
      'stages[3].from.digest',
      'stages[3].from.image',
      'stages[3].from.registry',
      'stages[3].from.tag',
    ]);
    assert.equal(doc.expressions['stages[3].from.image'], '${REGISTRY}/tools:latest');
  });

  test('instructions: continuations joined (comment lines dropped), shell words, exec form, repeated flags', () => {
    const doc = only(fixture('Dockerfile'));
    const build = (doc.object as DockerfileObject).stages[0];
    assert.deepEqual(build?.instructions[1], {
      keyword: 'RUN',
      value: `apt-get update &&     apt-get install -y "git make" 'curl'`,
      args: ['apt-get', 'update', '&&', 'apt-get', 'install', '-y', 'git make', 'curl'],
      execForm: false,
      flags: { mount: 'type=cache,target=/root/.cache/go-build type=secret,id=netrc' },
    });
    assert.deepEqual(lines(doc, 'stages[0].instructions[1]'), [6, 10]);
    assert.deepEqual(build?.instructions[2]?.flags, { from: 'build', chown: 'app:app' });
    assert.deepEqual(build?.instructions[3], {
      keyword: 'RUN',
      value: '["go", "build", "-o", "/out/app", "./cmd/app"]',
      args: ['go', 'build', '-o', '/out/app', './cmd/app'],
      execForm: true,
      flags: {},
    });
    assert.deepEqual(lines(doc, 'stages[0].instructions[3]'), [12, 12]);
    const runtime = (doc.object as DockerfileObject).stages[1];
    assert.deepEqual(
      runtime?.instructions.map((i) => [i.keyword, i.value, i.execForm]),
      [
        ['COPY', '/out/app /app', false],
        ['USER', 'nonroot', false],
        ['ENTRYPOINT', '["/app"]', true],
      ],
    );
    assert.deepEqual(lines(doc, 'stages[1].instructions[1]'), [16, 16]);
  });

  test('escape directive: backtick continuations', () => {
    const object = objectOf(
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  c:\\\n',
    );
    assert.equal(object.stages[0]?.instructions[0]?.value, 'dir   c:\\');
    assert.equal(object.stages[0]?.from.registry, 'mcr.microsoft.com');
  });

  test('lower-case keywords, flag-only FROM, heredoc RUN keeps its lines', () => {
    const object = objectOf('from alpine:3.20\nrun <<EOT\necho hi\nEOT\n');
    assert.deepEqual(object.stages[0]?.from.tag, '3.20');
    assert.equal(object.stages[0]?.instructions[0]?.keyword, 'RUN');
    assert.equal(object.stages[0]?.instructions[0]?.value, '<<EOT\necho hi\nEOT');
  });

  test('ARG substitution forms in FROM: $X, ${X:-word}, ${X:+word}, undeclared is empty', () => {
    const object = objectOf(
      'ARG A=alpine\nARG EMPTY=\nFROM $A\nFROM ${EMPTY:-debian}:12\nFROM node${A:+-alpine}\nFROM ${UNDECLARED}busybox\n',
    );
    assert.deepEqual(
      object.stages.map((s) => [s.from.image, s.from.tag]),
      [
        ['alpine', null],
        ['debian', '12'],
        ['node-alpine', null],
        ['busybox', null],
      ],
    );
  });

  test('bad input: instructions before FROM and unknown keywords are problems with lines; the rest parses', () => {
    const result = fixture('broken.Dockerfile');
    assert.deepEqual(
      result.problems.map((p) => [p.message, p.range?.start.line]),
      [
        ['RUN before the first FROM at line 1', 1],
        ['unknown instruction "RUNN" at line 3', 3],
      ],
    );
    const object = only(result).object as DockerfileObject;
    assert.deepEqual(
      object.stages[0]?.instructions.map((i) => [i.keyword, i.execForm, i.args]),
      [
        ['RUNN', false, ['echo', 'typo']],
        ['CMD', false, ['[', 'unterminated']],
      ],
    );
  });

  test('bad input: a FROM without an image is a problem with its line', () => {
    const result = dockerfileParser.parse({ path: 'Dockerfile', content: 'FROM\nRUN echo hi\n' });
    assert.deepEqual(
      result.problems.map((p) => [p.message, p.range?.start.line]),
      [['FROM without an image at line 1', 1]],
    );
  });

  test('no FROM: a problem, no document; oversized files are refused', () => {
    assert.deepEqual(
      dockerfileParser.parse({ path: 'Dockerfile', content: '' }).problems.map((p) => p.message),
      ['no FROM instruction'],
    );
    const big = dockerfileParser.parse({ path: 'Dockerfile', content: 'x'.repeat(MAX_DOCKERFILE_CHARS + 1) });
    assert.deepEqual(big.documents, []);
    assert.match(big.problems[0]?.message ?? '', /too large/);
  });

  test('accepts Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile', () => {
    const accepts = (path: string) => dockerfileParser.accepts({ path, content: '' });
    assert.deepEqual(
      ['Dockerfile', 'a/Dockerfile.prod', 'web.Dockerfile', 'b/api.dockerfile', 'Containerfile'].map(accepts),
      [true, true, true, true, true],
    );
    assert.deepEqual(
      ['Dockerfile.tf', 'dockerfile', 'MyDockerfile', 'docker-compose.yml', 'Dockerfiles/x.yaml'].map(
        accepts,
      ),
      [true, false, false, false, false],
    );
  });

  test('a 5000-instruction Dockerfile parses quickly', () => {
    const content = `FROM alpine\n${'RUN echo a \\\n  && echo b\n'.repeat(5000)}`;
    const started = performance.now();
    const object = objectOf(content);
    assert.equal(object.stages[0]?.instructions.length, 5000);
    assert.ok(performance.now() - started < 15_000);
  });

  const TOKENS = [
    'FROM',
    'RUN',
    'ARG',
    'COPY',
    'CMD',
    'ENV',
    'ONBUILD',
    'HEALTHCHECK',
    ' ',
    '\n',
    '\\\n',
    '\\',
    '`',
    '# escape=`\n',
    '# c\n',
    '--from=x',
    '--mount=type=cache',
    '--platform=$P',
    'a',
    'AS',
    'b',
    '${A}',
    '$B',
    '${C:-d}',
    ':',
    '@',
    '/',
    '"',
    "'",
    '[',
    ']',
    ',',
    '=',
    '<<EOF\n',
    'EOF',
    '\r\n',
    '\t',
  ];
  const dockerish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 150 }).map((t) => t.join(''));

  test('fuzz: Dockerfile-like token soup and arbitrary text never throw', () => {
    fc.assert(
      fc.property(fc.oneof(dockerish, fc.string({ unit: 'binary', maxLength: 300 })), (content) => {
        const result = dockerfileParser.parse({ path: 'Dockerfile', content });
        for (const doc of result.documents) {
          const object = doc.object as DockerfileObject;
          assert.ok(object.stages.length > 0);
          for (const path of doc.unknownPaths) assert.equal(typeof doc.expressions[path], 'string');
          object.stages.forEach((stage, i) => {
            assert.equal(stage.index, i);
            assert.ok(doc.positions.has(`stages[${i}].from`));
            for (let j = 0; j < stage.instructions.length; j++) {
              assert.ok(doc.positions.has(`stages[${i}].instructions[${j}]`));
            }
          });
        }
      }),
      { numRuns: 400 },
    );
  });
});
