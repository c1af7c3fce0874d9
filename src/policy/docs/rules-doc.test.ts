import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUILTIN_RULES_DIR, loadRules } from '../load/load-rules.ts';
import { loadRuleText } from '../load/load-text.ts';
import { RULES_DOC, renderRulesDoc } from './rules-doc.ts';

describe('docs/rules.md', () => {
  it('is up to date with rules/policy (run `npx tsx scripts/gen-rules-doc.ts`)', async () => {
    const { rules, errors } = await loadRules([BUILTIN_RULES_DIR]);
    assert.deepEqual(
      errors.map((e) => e.describe()),
      [],
    );
    const onDisk = readFileSync(fileURLToPath(new URL(`../../../${RULES_DOC}`, import.meta.url)), 'utf8');
    assert.ok(
      onDisk === renderRulesDoc(rules),
      `${RULES_DOC} is stale: run npx tsx scripts/gen-rules-doc.ts`,
    );
  });

  it('renders id, title, severity, input, frameworks and aliases, escaping pipes', () => {
    const { rules } = loadRuleText(
      `apiVersion: rampart.dev/v1
kind: PolicyRule
id: ACME-001
title: "a | b"
severity: low
description: d
why: w
fix: f
frameworks: {nist-800-53: [AC-6, CM-7]}
aliases: {trivy: KSV001, checkov: [CKV_1, CKV_2]}
match: {input: dockerfile}
validations:
  - expression: "true"
`,
      'r.yaml',
      { builtin: false, requireRule: true },
    );
    const doc = renderRulesDoc(rules);
    assert.match(doc, /## dockerfile \(1\)/);
    assert.match(
      doc,
      /\| ACME-001 \| a \\\| b \| low \| dockerfile \| nist-800-53 AC-6, CM-7 \| trivy: KSV001; checkov: CKV_1, CKV_2 \|/,
    );
  });
});
