import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isRampartError } from '../../core/errors.ts';
import { parseDuration } from './duration.ts';
import { loadConfig } from './load.ts';
import { parseSize } from './size.ts';
import { parseConfig } from './validate.ts';

const FORMATS = ['table', 'json', 'sarif', 'junit'];
const FILE = path.resolve('/repo/rampart.yaml');

function errorOf(text: string): string {
  try {
    parseConfig(text, FILE, FORMATS);
  } catch (error) {
    assert.ok(isRampartError(error));
    assert.equal(error.code, 'E_CONFIG');
    return error.describe();
  }
  assert.fail('expected a config error');
}

describe('rampart.yaml', () => {
  it('reads every setting and resolves paths against the config folder', () => {
    const config = parseConfig(
      [
        'failOn: medium',
        'formats: [table, sarif]',
        'output: { sarif: out/r.sarif }',
        'include: ["**/*.tf"]',
        'exclude: vendor/**',
        'policy: [policies]',
        'waivers: .rampart/w.yaml',
        'baseline: .rampart/b.json',
        'maxFileSize: 1MiB',
        'rules:',
        '  disable: [RMP-A]',
        '  severity: { RMP-B: low }',
      ].join('\n'),
      FILE,
      FORMATS,
    );
    assert.deepEqual(config, {
      file: FILE,
      failOn: 'medium',
      formats: ['table', 'sarif'],
      output: { sarif: path.resolve('/repo/out/r.sarif') },
      include: ['**/*.tf'],
      exclude: ['vendor/**'],
      policy: [path.resolve('/repo/policies')],
      waivers: path.resolve('/repo/.rampart/w.yaml'),
      baseline: path.resolve('/repo/.rampart/b.json'),
      maxFileSize: 1024 * 1024,
      rules: { disable: ['RMP-A'], severity: { 'RMP-B': 'low' } },
    });
  });

  it('names file:line and field for each kind of mistake', () => {
    assert.equal(
      errorOf('formats: [table]\nfailon: low\n').replace(FILE, 'F'),
      'F:2: failon: unknown setting (known: failOn, formats, output, include, exclude, policy, waivers, baseline, vex, sbom, maxFileSize, rules, deps)',
    );
    assert.match(
      errorOf('failOn: severe\n'),
      /rampart\.yaml:1: failOn: expected one of critical, high, medium, low, info, got "severe"/,
    );
    assert.match(errorOf('formats:\n  - table\n  - xml\n'), /:3: formats: unknown format "xml"/);
    assert.match(errorOf('include:\n  - a\n  - [b]\n'), /:3: include\[1\]: expected a non-empty string/);
    assert.match(
      errorOf('rules:\n  severity:\n    RMP-A: urgent\n'),
      /:3: rules\.severity\.RMP-A: expected one of/,
    );
    assert.match(errorOf('rules:\n  enable: [x]\n'), /:2: rules\.enable: unknown setting/);
    assert.match(errorOf('maxFileSize: lots\n'), /:1: maxFileSize: expected a positive size/);
    assert.match(errorOf('- a\n'), /:1: expected a mapping of settings/);
    assert.match(errorOf('failOn: [\n'), /rampart\.yaml:\d+: invalid YAML/);
    assert.match(errorOf('failOn: high\nfailOn: low\n'), /rampart\.yaml:2: invalid YAML/);
  });

  it('reads deps.db (resolved against the config folder) and deps.maxAge', () => {
    assert.deepEqual(parseConfig('deps:\n  db: ci/advisories.db\n  maxAge: 36h\n', FILE, FORMATS), {
      file: FILE,
      deps: { db: path.resolve('/repo/ci/advisories.db'), maxAgeMs: 36 * 3600 * 1000 },
    });
    assert.deepEqual(parseConfig('deps: { maxAge: 7d }\n', FILE, FORMATS).deps, { maxAgeMs: 7 * 86_400_000 });
  });

  it('names file:line: field for deps mistakes', () => {
    assert.match(
      errorOf('deps: advisories.db\n'),
      /rampart\.yaml:1: deps: expected a mapping with db and\/or maxAge/,
    );
    assert.match(
      errorOf('failOn: low\ndeps:\n  dbPath: x.db\n'),
      /:3: deps\.dbPath: unknown setting \(known: db, maxAge\)/,
    );
    assert.match(errorOf('deps:\n  db: ""\n'), /:2: deps\.db: expected a non-empty string/);
    assert.match(
      errorOf('deps:\n  db: x.db\n  maxAge: 7\n'),
      /:3: deps\.maxAge: expected a duration like 7d, 12h or 30m, got 7/,
    );
    assert.match(errorOf('deps:\n  maxAge: soon\n'), /:2: deps\.maxAge: expected a duration.*got "soon"/);
  });

  it('an empty file is an empty config', () => {
    assert.deepEqual(parseConfig('# nothing yet\n', FILE, FORMATS), { file: FILE });
  });

  it('is found at the target root, and --config must exist', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rampart-config-'));
    try {
      assert.deepEqual(await loadConfig(dir, undefined, FORMATS), {});
      await writeFile(path.join(dir, 'rampart.yml'), 'failOn: low\n');
      assert.equal((await loadConfig(dir, undefined, FORMATS)).failOn, 'low');
      await assert.rejects(
        loadConfig(dir, path.join(dir, 'missing.yaml'), FORMATS),
        (e) => isRampartError(e) && /ENOENT/.test(e.message),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('sizes', () => {
  it('reads bytes and binary/decimal units', () => {
    assert.equal(parseSize('10MiB'), 10 * 1024 * 1024);
    assert.equal(parseSize('512k'), 512 * 1024);
    assert.equal(parseSize('1MB'), 1_000_000);
    assert.equal(parseSize(42), 42);
    assert.equal(parseSize('0'), undefined);
    assert.equal(parseSize('-1'), undefined);
    assert.equal(parseSize('1 parsec'), undefined);
  });
});

describe('durations', () => {
  it('reads s/m/h/d/w and refuses bare numbers, zero and junk', () => {
    assert.equal(parseDuration('30m'), 30 * 60_000);
    assert.equal(parseDuration('12h'), 12 * 3_600_000);
    assert.equal(parseDuration('7d'), 7 * 86_400_000);
    assert.equal(parseDuration('2W'), 14 * 86_400_000);
    assert.equal(parseDuration('1.5d'), 36 * 3_600_000);
    assert.equal(parseDuration('7'), undefined);
    assert.equal(parseDuration('0d'), undefined);
    assert.equal(parseDuration('-1d'), undefined);
    assert.equal(parseDuration('7 days'), undefined);
    assert.equal(parseDuration('1e400d'), undefined);
  });
});

describe('rampart.yaml fuzzing', () => {
  it('never throws anything but a ConfigError, on arbitrary YAML-ish text', () => {
    const fragments = fc.constantFrom(
      'failOn: ',
      'formats:',
      '  - ',
      'rules:',
      '  disable: [',
      '  severity:',
      '    A: ',
      'high',
      'xml',
      '{',
      ']',
      '"',
      '\n',
      ': ',
      '&a',
      '*a',
      '!!binary ',
      '---\n',
      'maxFileSize: ',
      'deps:',
      '  db: ',
      '  maxAge: ',
      '7d',
      '-1',
      '1e400',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string({ maxLength: 8 })), { maxLength: 40 }), (parts) => {
        try {
          parseConfig(parts.join(''), FILE, FORMATS);
        } catch (error) {
          if (!isRampartError(error) || error.code !== 'E_CONFIG') throw error;
          assert.ok(error.line === undefined || error.line >= 1);
        }
      }),
      { numRuns: 400 },
    );
  });
});
