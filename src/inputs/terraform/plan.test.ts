import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { KNOWN_AFTER_APPLY, parsePlan, terraformPlanParser } from './plan.ts';
import { byAddress, fixtureFile, line } from './test-helpers.ts';

describe('terraform plan JSON (docs/inputs.md, Plan JSON)', () => {
  const parse = () => terraformPlanParser.parse(fixtureFile('plan/tfplan.json'));

  test('one document per planned resource, root and nested child modules, in file order', () => {
    const { documents, problems } = parse();
    assert.deepEqual(problems, []);
    assert.deepEqual(
      documents.map((d) => [d.type, d.blockType, d.kind, d.name, d.address, d.file, d.range.start.line]),
      [
        ['terraform', 'resource', 'aws_s3_bucket', 'b', 'aws_s3_bucket.b', 'plan/tfplan.json', 7],
        [
          'terraform',
          'data',
          'aws_iam_policy_document',
          'p',
          'data.aws_iam_policy_document.p',
          'plan/tfplan.json',
          20,
        ],
        ['terraform', 'resource', 'aws_vpc', 'main', 'module.net.aws_vpc.main[0]', 'plan/tfplan.json', 32],
        [
          'terraform',
          'resource',
          'aws_flow_log',
          'this',
          'module.net.module.flow.aws_flow_log.this',
          'plan/tfplan.json',
          45,
        ],
      ],
    );
  });

  test('object = values; after_unknown marks unknown paths (null, with a placeholder expression)', () => {
    const bucket = byAddress(parse().documents, 'aws_s3_bucket.b');
    assert.deepEqual(bucket.object, {
      bucket: 'my-bucket',
      acl: 'private',
      tags: { Env: 'prod' },
      grant: [{ id: null, permissions: ['READ'] }],
      id: null,
      arn: null,
    });
    assert.deepEqual([...bucket.unknownPaths].sort(), ['arn', 'grant[0].id', 'id']);
    assert.equal(bucket.expressions.id, KNOWN_AFTER_APPLY);
    const vpc = byAddress(parse().documents, 'module.net.aws_vpc.main[0]');
    assert.deepEqual([...vpc.unknownPaths], ['id']);
    assert.deepEqual(byAddress(parse().documents, 'data.aws_iam_policy_document.p').unknownPaths, new Set());
  });

  test('positions point into the plan JSON', () => {
    const bucket = byAddress(parse().documents, 'aws_s3_bucket.b');
    assert.equal(line(bucket, 'acl'), 15);
    assert.equal(line(bucket, 'tags.Env'), 16);
    assert.equal(line(bucket, 'grant[0].permissions[0]'), 17);
    assert.equal(
      line(byAddress(parse().documents, 'module.net.module.flow.aws_flow_log.this'), 'traffic_type'),
      50,
    );
  });

  test('plans with only resource_changes use each change.after', () => {
    const content = JSON.stringify(
      {
        format_version: '1.2',
        resource_changes: [
          {
            address: 'aws_s3_bucket.x',
            mode: 'managed',
            type: 'aws_s3_bucket',
            name: 'x',
            change: { after: { acl: 'public-read' }, after_unknown: { id: true } },
          },
        ],
      },
      null,
      2,
    );
    const { documents } = parsePlan({ path: 'p.json', content });
    assert.equal(documents.length, 1);
    assert.deepEqual(documents[0]?.object, { acl: 'public-read', id: null });
    assert.equal(line(documents[0] ?? assert.fail(), 'acl'), 11);
  });

  test('accepts only .json with format_version and planned_values or resource_changes', () => {
    const accepts = (path: string, content: string) => terraformPlanParser.accepts({ path, content });
    assert.equal(accepts('plan.json', '{"format_version":"1.2","planned_values":{}}'), true);
    assert.equal(accepts('plan.json', '{"format_version":"1.2","resource_changes":[]}'), true);
    assert.equal(accepts('plan.json', '{"format_version":"1.2"}'), false);
    assert.equal(accepts('plan.txt', '{"format_version":"1.2","planned_values":{}}'), false);
    assert.equal(accepts('pod.json', '{"apiVersion":"v1","kind":"Pod"}'), false);
  });

  test('bad input: syntax errors and wrong shapes are problems or empty, never throws', () => {
    const broken = parsePlan({ path: 'b.json', content: '{"format_version": "1.2", "planned_values": {' });
    assert.deepEqual(broken.documents, []);
    assert.equal(broken.problems.length, 1);
    assert.equal(broken.problems[0]?.file, 'b.json');
    const wrong = parsePlan({ path: 'w.json', content: '{"format_version": 2, "planned_values": []}' });
    assert.deepEqual(wrong.documents, []);
    assert.match(wrong.problems[0]?.message ?? '', /format_version/);
    const odd = parsePlan({
      path: 'o.json',
      content:
        '{"format_version":"1","planned_values":{"root_module":{"resources":[1,{"values":[]},{"type":5,"name":"n"}],"child_modules":"x"}},"resource_changes":[null,{"address":1}]}',
    });
    assert.deepEqual(odd.documents, [], 'entries without a type are not resources');
  });

  test('fuzz: arbitrary JSON with plan keys never throws', () => {
    const planLike = fc.record({
      format_version: fc.oneof(fc.string(), fc.integer()),
      planned_values: fc.anything(),
      resource_changes: fc.anything(),
    });
    fc.assert(
      fc.property(planLike, (plan) => {
        const result = parsePlan({ path: 'f.json', content: JSON.stringify(plan) ?? '' });
        for (const doc of result.documents) assert.equal(doc.type, 'terraform');
      }),
      { numRuns: 300 },
    );
  });
});
