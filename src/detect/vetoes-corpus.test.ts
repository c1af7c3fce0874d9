import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pick, seeded as rng } from '../../test/support/random.ts';
import { evaluate } from './evaluate.ts';
import { EventView } from './event-view.ts';
import { loadRules } from './load.ts';
import type { MatchNode } from './nodes.ts';
import type { SigmaRule } from './rule.ts';
import { RuleIndex } from './rule-index.ts';
import { sigmaHqRuleFiles } from './test-support.ts';

/** Values that satisfy each string item of the rule (selections and filters alike), by field. */
function valuesOf(node: MatchNode, out: Map<string, string[]>): void {
  switch (node.kind) {
    case 'and':
    case 'or':
    case 'atLeast':
      for (const c of node.children) valuesOf(c, out);
      return;
    case 'not':
      valuesOf(node.child, out);
      return;
    case 'field': {
      if (node.test.kind !== 'string') return;
      let list = out.get(node.field);
      if (!list) {
        list = [];
        out.set(node.field, list);
      }
      for (const m of node.test.matchers) {
        if (m.kind === 'eq') list.push(m.text);
        else if (m.kind === 'prefix') list.push(`${m.text}tail.exe`);
        else if (m.kind === 'suffix') list.push(`C:\\head\\${m.text}`);
        else if (m.kind === 'contains') list.push(`x ${m.text} y`);
        else list.push(m.segments.map((s) => s.chars.replaceAll('?', 'q')).join('any'));
      }
      return;
    }
    default:
      return;
  }
}

const root = path.resolve(import.meta.dirname, '../../../shared/sigma');

test('SigmaHQ corpus: index with vetoes + evaluation = evaluating every rule, on events built from the rules’ own selection and filter values', (t) => {
  let files: string[];
  try {
    files = sigmaHqRuleFiles(root);
  } catch {
    t.skip(`SigmaHQ corpus not found at ${root}`);
    return;
  }
  const loaded = loadRules(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })));
  // Process creation alone: the largest logsource, where most filters live.
  const rules = loaded.rules.filter((r) => r.logsource.category === 'process_creation');
  assert.ok(rules.length > 1000, `${rules.length} process creation rules`);
  const perRule = rules.map((r) => {
    const m = new Map<string, string[]>();
    valuesOf(r.match, m);
    return m;
  });
  const pool = new Map<string, string[]>();
  for (const m of perRule) for (const [f, vs] of m) pool.set(f, [...(pool.get(f) ?? []), ...vs]);
  const index = new RuleIndex(rules, undefined);
  const r = rng(17);
  // Case changes exercise the folding; an occasional ſ the inexact path.
  const vary = (v: string): string => {
    const x = r();
    if (x < 0.2) return v.toUpperCase();
    if (x < 0.23) return v.replace('s', 'ſ');
    return v;
  };
  let matched = 0;
  let candidates = 0;
  for (let i = 0; i < 1_500; i++) {
    // Fields of one rule, each from that rule's own values or any rule's values for the field.
    const own = pick(r, perRule);
    const event: Record<string, unknown> = {};
    for (const [field, values] of own) {
      if (values.length === 0 || r() < 0.15) continue;
      const from = r() < 0.6 ? values : (pool.get(field) as string[]);
      event[field] = vary(pick(r, from));
    }
    const ev = new EventView(event);
    const brute = rules.flatMap((rule, k) =>
      evaluate(rule.match, ev, { keywordFields: undefined }) ? [k] : [],
    );
    const found = [...index.candidates(ev)];
    candidates += found.length;
    const indexed = found.filter((k) =>
      evaluate((index.rules[k] as SigmaRule).match, ev, { keywordFields: undefined }),
    );
    assert.deepEqual(indexed, brute, JSON.stringify(event));
    matched += brute.length;
  }
  assert.ok(matched > 300, `the events must match rules (${matched})`);
  assert.ok(candidates > matched, `and hold candidates that do not match (${candidates})`);
});
