import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptsKubernetes } from './accepts.ts';

const rule = 'apiVersion: rampart.dev/v1\nkind: PolicyRule\nid: MY-001\n';
const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';

test('kubernetes accepts: Rampart policy rules are not Kubernetes objects', () => {
  assert.equal(acceptsKubernetes({ path: 'rules/x/rule.yaml', content: rule }), false);
  assert.equal(acceptsKubernetes({ path: 'rules/x/rule.yaml', content: `${rule}---\n${rule}` }), false);
});

test('kubernetes accepts: a file mixing a Rampart document with a real manifest is still scanned', () => {
  assert.equal(acceptsKubernetes({ path: 'mixed.yaml', content: `${rule}---\n${pod}` }), true);
  assert.equal(acceptsKubernetes({ path: 'pod.yaml', content: pod }), true);
});
