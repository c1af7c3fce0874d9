import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { InputFile } from '../document.ts';
import { INPUT_PARSERS } from '../registry.ts';

const FIXTURES = new URL('../../../test/fixtures/inputs/', import.meta.url);
const fixture = (name: string): InputFile => ({
  path: name,
  content: readFileSync(new URL(name, FIXTURES), 'utf8'),
});
const route = (file: InputFile) => INPUT_PARSERS.find((p) => p.accepts(file))?.type;

describe('registry: YAML/JSON files reach the right parser (first accepts wins)', () => {
  it('routes each fixture to its input type', () => {
    const cases: [string, string | undefined][] = [
      ['kubernetes/multi.yaml', 'kubernetes'],
      ['kubernetes/pod.json', 'kubernetes'],
      ['kubernetes/list.yaml', 'kubernetes'],
      ['kubernetes/not-kubernetes.yaml', undefined],
      ['kubernetes/chart/templates/deployment.yaml', undefined],
      ['github-actions/.github/workflows/ci.yml', 'github-actions'],
      ['github-actions/actions/setup/action.yml', 'github-actions'],
      ['github-actions/release.yaml', 'github-actions'],
      ['cloudformation/template.yaml', 'cloudformation'],
      ['cloudformation/template.json', 'cloudformation'],
      ['cloudformation/sam.yaml', 'cloudformation'],
    ];
    for (const [name, type] of cases) assert.equal(route(fixture(name)), type, name);
  });

  it('a CloudFormation template embedding a manifest stays CloudFormation', () => {
    const content = JSON.stringify({
      Resources: {
        M: { Type: 'AWS::EKS::Addon', Properties: { Manifest: { apiVersion: 'v1', kind: 'Pod' } } },
      },
    });
    assert.equal(route({ path: 'stack.json', content }), 'cloudformation');
  });
});
