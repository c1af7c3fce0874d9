import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { registerPolicyCommands } from '../cli/commands/policy.ts';
import { formatLintReport, lintRules } from './lint.ts';

describe('policy lint', () => {
  it('reports every schema/CEL error as file:line:column: message, source line and caret', async () => {
    const report = await lintRules(['test/fixtures/policy/invalid']);
    assert.equal(report.rules, 0);
    assert.equal(report.errors.length, 1);
    const text = formatLintReport(report);
    const [first, source, caret] = text.split('\n');
    assert.match(
      first ?? '',
      /^test\/fixtures\/policy\/invalid\/policy\.yaml:14:73: validations\[0\]\.expression: Unknown variable: bogus$/,
    );
    assert.match(source ?? '', /^ {2}14 \| .*&& bogus\)$/);
    // The caret sits under the `b` of `bogus`.
    assert.equal(caret?.indexOf('^'), source?.indexOf('bogus'));
    assert.match(text, /0 rules ok, 1 error$/);
  });

  it('accepts valid packs', async () => {
    const report = await lintRules(['test/fixtures/policy/rules/good', 'test/fixtures/policy/example-pack']);
    assert.deepEqual(report.errors, []);
    assert.equal(report.rules, 2);
  });

  it('flags ids duplicated across packs with both places', async () => {
    const report = await lintRules(['test/fixtures/policy/rules/good', 'test/fixtures/policy/rules/good']);
    assert.match(
      report.errors[0]?.describe() ?? '',
      /duplicate rule id 'TEST-PRIV' \(first defined at .*rule\.yaml:3\)/,
    );
  });
});

describe('rampart policy commands', () => {
  async function run(args: string[]): Promise<{ out: string; code: number | undefined }> {
    let out = '';
    const sink = (text: string) => {
      out += text;
    };
    const program = registerPolicyCommands(new Command().exitOverride(), { stdout: sink, stderr: sink });
    const before = process.exitCode;
    try {
      await program.parseAsync(['node', 'rampart', ...args]);
      return { out, code: process.exitCode as number | undefined };
    } finally {
      process.exitCode = before;
    }
  }

  it('policy lint exits 1 on errors', async () => {
    const { out, code } = await run(['policy', 'lint', 'test/fixtures/policy/invalid']);
    assert.equal(code, 1);
    assert.match(out, /policy\.yaml:14:73:/);
  });

  it('policy test prints N passed, N failed', async () => {
    const { out, code } = await run(['policy', 'test', 'test/fixtures/policy/example-pack']);
    assert.equal(code, 0);
    assert.match(out, /\n1 passed, 0 failed\n$/);
  });
});
