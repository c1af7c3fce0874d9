import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_RULES_DIR, loadRules } from '../load/load-rules.ts';
import type { CompiledExpression } from '../types.ts';

/**
 * The scan budget (10,000 manifests in ≤ 3 s) only holds while every built-in rule is linear in
 * the number of documents: a `documents.exists(...)` evaluated per document is O(N²) and took a
 * 10,000-manifest scan from seconds to minutes. Iterating `documents` is fine once per run
 * (aggregates, or variables that depend on nothing per-document); per document, only indexed
 * lookups such as `sameDirectory(documents, …)` are.
 */
const ITERATES_DOCUMENTS = /\bdocuments\s*\.\s*(exists|exists_one|existsOne|all|filter|map|size)\s*\(/;

describe('built-in rules stay linear in the number of documents', async () => {
  const { rules, errors } = await loadRules([BUILTIN_RULES_DIR]);

  it('loads', () => {
    assert.deepEqual(
      errors.map((e) => e.describe()),
      [],
    );
    assert.ok(rules.length > 100);
  });

  it('no per-document expression iterates `documents`', () => {
    const offenders: string[] = [];
    for (const rule of rules) {
      const perDocument: CompiledExpression[] = [
        ...rule.matchConditions.map((c) => c.expression),
        // Variables that read nothing per-document are computed once per run.
        ...rule.variables.filter((v) => !v.invariant).map((v) => v.expression),
        ...rule.validations.flatMap((v) =>
          [v.expression, v.forEach, v.messageExpression, v.pathExpression].filter((e) => e !== undefined),
        ),
      ];
      for (const e of perDocument) {
        if (ITERATES_DOCUMENTS.test(e.source))
          offenders.push(`${e.at.file}:${e.at.line} ${rule.id} ${e.field}`);
      }
    }
    assert.deepEqual(offenders, [], 'move the scan of `documents` into `aggregates` (docs/rule-format.md)');
  });

  it('the check itself catches the quadratic pattern', () => {
    assert.ok(ITERATES_DOCUMENTS.test("documents.exists(d, d.kind == 'NetworkPolicy')"));
    assert.ok(ITERATES_DOCUMENTS.test('documents .filter(d, true)'));
    assert.ok(!ITERATES_DOCUMENTS.test("sameDirectory(documents, document.file, 'aws_flow_log')"));
    assert.ok(!ITERATES_DOCUMENTS.test('variables.namespace in aggregates.policyNamespaces'));
  });
});
