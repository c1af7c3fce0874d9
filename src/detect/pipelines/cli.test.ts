import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../cli/testing/run-cli.ts';
import { BUILTIN_PIPELINES } from './builtin.ts';

const FIX = fileURLToPath(new URL('../../../test/fixtures/detect/pipelines/', import.meta.url));
const E2E = `${FIX}e2e/`;

/** Built-in pipeline → its log fixture and any extra flags (ECS JSON lines carry no logsource). */
const CASES: Readonly<Record<(typeof BUILTIN_PIPELINES)[number], { log: string; extra?: string[] }>> = {
  'windows-evtx': { log: 'windows-evtx.json' },
  ecs: { log: 'ecs.jsonl', extra: ['--logsource', 'product=windows,category=process_creation'] },
  'w3c-web': { log: 'w3c-web.log' },
  linux: { log: 'linux.log' },
  'aws-cloudtrail': { log: 'aws-cloudtrail.json' },
  'kubernetes-audit': { log: 'kubernetes-audit.jsonl' },
};

const detect = (name: string, withPipeline: boolean) => {
  const c = CASES[name as keyof typeof CASES];
  return runCli([
    'detect',
    '-r',
    `${E2E}${name}.rule.yml`,
    ...(withPipeline ? ['--pipeline', name] : []),
    ...(c.extra ?? []),
    '-f',
    'jsonl',
    `${E2E}${c.log}`,
  ]);
};

describe('rampart detect --pipeline with each built-in pipeline', () => {
  for (const name of BUILTIN_PIPELINES) {
    it(`${name}: the rule alerts only through the pipeline`, async () => {
      const without = await detect(name, false);
      assert.equal(without.code, 0, without.stderr);
      assert.equal(without.stdout, '', 'the rule uses names the log does not have');
      const run = await detect(name, true);
      assert.equal(run.code, 0, run.stderr);
      const alerts = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { title: string; event: { line: number } });
      assert.equal(alerts.length, 1, run.stderr);
      assert.equal(alerts[0]?.event.line, 1);
      assert.match(run.stderr, /1 events, 1 alerts/);
    });
  }
});

describe('rampart detect --pipeline FILE', () => {
  it('loads a user pipeline file (mapping + add_condition)', async () => {
    const log = `${FIX}custom-events.jsonl`;
    const run = await runCli([
      'detect',
      '-r',
      `${FIX}custom.rule.yml`,
      '--pipeline',
      `${FIX}custom.yml`,
      '--no-routing',
      '-f',
      'jsonl',
      log,
    ]);
    assert.equal(run.code, 0, run.stderr);
    // Line 1 has the module, line 2 does not: add_condition keeps only line 1.
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { event: { line: number } }).event.line);
    assert.deepEqual(lines, [1]);
  });

  it('rejects an unknown transformation type with file:line and a reason', async () => {
    const run = await runCli([
      'detect',
      '-r',
      `${E2E}ecs.rule.yml`,
      '--pipeline',
      `${FIX}unknown-type.yml`,
      '--lint',
    ]);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /unknown-type\.yml:8: transformations\[1\]\.type: unknown transformation type 'value_placeholders' \(supported: /,
    );
  });

  it('lists every problem of a bad pipeline file', async () => {
    const run = await runCli([
      'detect',
      '-r',
      `${E2E}ecs.rule.yml`,
      '--pipeline',
      `${FIX}bad-fields.yml`,
      '--lint',
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /6 problems in this pipeline/);
    assert.match(run.stderr, /bad-fields\.yml:17: transformations\[4\]\.colour: unknown key 'colour'/);
  });

  it('warns about ignored postprocessing, and names built-ins when a pipeline is missing', async () => {
    const run = await runCli([
      'detect',
      '-r',
      `${E2E}ecs.rule.yml`,
      '--pipeline',
      `${FIX}postprocessing.yml`,
      '--lint',
    ]);
    assert.equal(run.code, 0);
    assert.match(run.stderr, /warning: .*postprocessing\.yml:5: postprocessing: .*ignored/);
    const missing = await runCli(['detect', '-r', `${E2E}ecs.rule.yml`, '--pipeline', 'nope', '--lint']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /not a built-in pipeline \(windows-evtx, ecs/);
  });

  it('--rules over the built-in pipeline folder does not load pipelines as rules', async () => {
    const dir = fileURLToPath(new URL('../../../rules/sigma/pipelines/', import.meta.url));
    const run = await runCli(['detect', '-r', dir, '--lint']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^loaded 0 rules and 0 filters, rejected 0/);
  });
});
