import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../testing/run-cli.ts';

const FIX = path.resolve(fileURLToPath(import.meta.url), '../../../../test/fixtures/detect/cli');
const BUILTIN_SIGMA = path.resolve(fileURLToPath(import.meta.url), '../../../../rules/sigma');

test('rampart rules lint: the load report with file:line and reason, exit 1 when a rule is rejected', async () => {
  const run = await runCli(['rules', 'lint', 'rules'], { cwd: FIX });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /^loaded 3 rules and 0 filters, rejected 1\n/);
  assert.match(run.stdout, /rules\/rejected\.yml:\d+: rejected \[expand\].*%admins%/);
});

test('rampart rules lint --placeholders: expand values make the rule load (exit 0)', async () => {
  const run = await runCli(['rules', 'lint', 'rules', '--placeholders', 'placeholders.yml'], { cwd: FIX });
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /^loaded 4 rules and 0 filters, rejected 0\n$/);
});

test('rampart rules lint --format json: counts and rejections as data', async () => {
  const run = await runCli(['rules', 'lint', 'rules/rejected.yml', 'rules/linux.yml', '--format', 'json'], {
    cwd: FIX,
  });
  assert.equal(run.code, 1);
  const out = JSON.parse(run.stdout) as {
    loaded: { rules: number; filters: number; correlations: number };
    rejected: { file: string; line: number; code: string; reason: string }[];
  };
  assert.equal(out.rejected.length, 1);
  assert.equal(out.rejected[0]?.code, 'expand');
  assert.equal(out.rejected[0]?.file, path.join('rules', 'rejected.yml'));
  assert.ok((out.rejected[0]?.line ?? 0) > 0);
  assert.ok(out.loaded.rules >= 1);
});

test('rampart rules lint: the built-in Sigma rules all load', async () => {
  const run = await runCli(['rules', 'lint', BUILTIN_SIGMA]);
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /^loaded \d+ rules, \d+ filters and \d+ correlations, rejected 0\n$/);
});

test('rampart rules lint: a missing path is a usage error naming it', async () => {
  const run = await runCli(['rules', 'lint', 'nope.yml'], { cwd: FIX });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /nope\.yml/);
});
