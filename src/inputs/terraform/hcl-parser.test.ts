import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { terraformHclParser } from './hcl-parser.ts';
import { byAddress, fixtureDir, line } from './test-helpers.ts';

before(async () => {
  await terraformHclParser.init?.();
});

describe('terraform HCL: documents per block (docs/inputs.md)', () => {
  const parse = () => terraformHclParser.parseMany?.(fixtureDir('app')) ?? assert.fail('parseMany missing');

  test('one document per resource/data/module/provider/variable/output/terraform block, none for locals or tfvars', () => {
    const { documents, problems } = parse();
    assert.deepEqual(problems, []);
    assert.deepEqual(
      documents.map((d) => [d.file, d.blockType, d.kind, d.name, d.address, d.range.start.line]),
      [
        ['app/main.tf', 'resource', 'aws_s3_bucket', 'logs', 'aws_s3_bucket.logs', 9],
        ['app/main.tf', 'resource', 'aws_s3_bucket_policy', 'logs', 'aws_s3_bucket_policy.logs', 39],
        [
          'app/main.tf',
          'data',
          'aws_iam_policy_document',
          'assume',
          'data.aws_iam_policy_document.assume',
          58,
        ],
        ['app/main.tf', 'module', 'network', 'network', 'module.network', 68],
        ['app/main.tf', 'provider', 'aws', 'aws', 'provider.aws', 74],
        ['app/main.tf', 'output', 'bucket', 'bucket', 'output.bucket', 78],
        ['app/main.tf', 'terraform', 'terraform', 'terraform', 'terraform', 82],
        ['app/main.tf', 'resource', 'aws_security_group', 'web', 'aws_security_group.web', 86],
        ['app/variables.tf', 'variable', 'env', 'env', 'var.env', 1],
        ['app/variables.tf', 'variable', 'region', 'region', 'var.region', 6],
        ['app/variables.tf', 'variable', 'replicas', 'replicas', 'var.replicas', 10],
        ['app/variables.tf', 'variable', 'no_value', 'no_value', 'var.no_value', 14],
        ['app/variables.tf', 'variable', 'tags', 'tags', 'var.tags', 16],
      ],
    );
    assert.ok(documents.every((d) => d.type === 'terraform'));
  });

  test('nested blocks are lists of maps, repeated blocks keep their order, each with its own line', () => {
    const bucket = byAddress(parse().documents, 'aws_s3_bucket.logs');
    const object = bucket.object as Record<string, unknown>;
    assert.deepEqual(object.versioning, [{ enabled: true }]);
    assert.deepEqual(object.lifecycle_rule, [
      { id: 'expire', enabled: true },
      { id: 'archive', enabled: false },
    ]);
    assert.equal(line(bucket, 'versioning'), 15);
    assert.equal(line(bucket, 'versioning[0].enabled'), 16);
    assert.equal(line(bucket, 'lifecycle_rule[1]'), 33);
    assert.equal(line(bucket, 'lifecycle_rule[1].enabled'), 35);
    const sse = 'server_side_encryption_configuration[0].rule[0].apply_server_side_encryption_by_default[0]';
    assert.equal(line(bucket, `${sse}.sse_algorithm`), 22);
    assert.equal(line(bucket, `${sse}.kms_master_key_id`), 23);
  });

  test('var.x: *.auto.tfvars beats terraform.tfvars, which beats default; locals chain through templates and merge()', () => {
    const { documents } = parse();
    const bucket = byAddress(documents, 'aws_s3_bucket.logs');
    const object = bucket.object as Record<string, unknown>;
    assert.equal(object.bucket, 'prod-app-logs');
    assert.deepEqual(object.tags, { Team: 'platform', Env: 'prod' });
    assert.equal(object.replicas, 4, 'replicas = 2 from terraform.tfvars, times 2');
    assert.equal(line(bucket, 'bucket'), 10);
    assert.equal(
      (byAddress(documents, 'provider.aws').object as Record<string, unknown>).region,
      'us-east-1',
    );
  });

  test('references to resources, variables without value and local cycles are unknown with their source text', () => {
    const { documents } = parse();
    const policy = byAddress(documents, 'aws_s3_bucket_policy.logs');
    const object = policy.object as Record<string, unknown>;
    assert.equal(object.bucket, null);
    assert.equal(object.loop, null);
    assert.equal(object.missing, null);
    assert.deepEqual(object.mixed, ['literal', null]);
    assert.deepEqual([...policy.unknownPaths].sort(), ['bucket', 'loop', 'missing', 'mixed[1]']);
    assert.deepEqual(policy.expressions, {
      bucket: 'aws_s3_bucket.logs.id',
      loop: 'local.loop_a',
      missing: 'var.no_value',
      'mixed[1]': 'aws_s3_bucket.logs.arn',
    });
    assert.equal(line(policy, 'mixed[1]'), 55);
    const bucket = byAddress(documents, 'aws_s3_bucket.logs');
    const kms =
      'server_side_encryption_configuration[0].rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id';
    assert.deepEqual([...bucket.unknownPaths], [kms]);
    assert.equal(bucket.expressions[kms], 'aws_kms_key.main.arn');
  });

  test('jsonencode of a known object is the exact Terraform string (sorted keys)', () => {
    const policy = byAddress(parse().documents, 'aws_s3_bucket_policy.logs');
    assert.equal(
      (policy.object as Record<string, unknown>).policy,
      '{"Statement":[{"Action":"s3:*","Effect":"Deny","Principal":"*","Resource":["arn:aws:s3:::prod-app-logs/*"]}],"Version":"2012-10-17"}',
    );
    assert.equal(line(policy, 'policy'), 41);
  });

  test('dynamic blocks make their path unknown; static blocks beside them stay', () => {
    const sg = byAddress(parse().documents, 'aws_security_group.web');
    const object = sg.object as Record<string, unknown>;
    assert.equal(object.ingress, null);
    assert.deepEqual(object.egress, [{ cidr_blocks: ['0.0.0.0/0'], from_port: 0 }]);
    assert.deepEqual([...sg.unknownPaths], ['ingress']);
    assert.match(sg.expressions.ingress ?? '', /^dynamic "ingress" \{/);
    assert.equal(line(sg, 'ingress'), 88);
    assert.equal(line(sg, 'egress[0].cidr_blocks[0]'), 95);
  });

  test('data, module and variable blocks: bodies as written, type constraints kept as text', () => {
    const { documents } = parse();
    assert.deepEqual(byAddress(documents, 'data.aws_iam_policy_document.assume').object, {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }],
        },
      ],
    });
    assert.deepEqual(byAddress(documents, 'module.network').object, {
      source: './modules/network',
      version: '~> 1.0',
      cidr: '10.0.0.0/16',
    });
    const tags = byAddress(documents, 'var.tags');
    assert.deepEqual(tags.object, { type: 'map(string)', default: { Team: 'platform' } });
    assert.equal(line(tags, 'default.Team'), 19);
    assert.deepEqual(byAddress(documents, 'var.no_value').object, {});
  });

  test('files in different directories do not share variables', () => {
    const files = [
      { path: 'a/main.tf', content: 'variable "x" {}\nresource "r" "n" { v = var.x }\n' },
      { path: 'b/terraform.tfvars', content: 'x = "from-b"\n' },
      { path: 'a/other.tfvars', content: 'x = "from-a"\n' },
    ];
    const { documents } = terraformHclParser.parseMany?.(files) ?? assert.fail();
    assert.deepEqual(byAddress(documents, 'r.n').object, { v: 'from-a' });
    const alone = terraformHclParser.parseMany?.(files.slice(0, 2)) ?? assert.fail();
    assert.deepEqual(byAddress(alone.documents, 'r.n').object, { v: null });
  });

  test('.tfvars.json: terraform.tfvars < terraform.tfvars.json < *.auto.tfvars.json; bad JSON is a problem', () => {
    const main =
      'variable "x" {}\nvariable "y" {}\nvariable "z" {\n  default = "d"\n}\nresource "r" "n" {\n  x = var.x\n  y = var.y\n  z = var.z\n}\n';
    const files = [
      { path: 'a/main.tf', content: main },
      { path: 'a/b.auto.tfvars.json', content: '{"y": {"k": 1}}' },
      { path: 'a/terraform.tfvars.json', content: '{"x": "json", "y": ["list"]}' },
      { path: 'a/terraform.tfvars', content: 'x = "hcl"\ny = "hcl"\n' },
      { path: 'a/broken.tfvars.json', content: '{"z": ' },
      { path: 'a/array.tfvars.json', content: '[1]' },
    ];
    const { documents, problems } = terraformHclParser.parseMany?.(files) ?? assert.fail();
    assert.deepEqual(byAddress(documents, 'r.n').object, { x: 'json', y: { k: 1 }, z: 'd' });
    assert.deepEqual(
      problems.map((p) => p.file),
      ['a/broken.tfvars.json', 'a/array.tfvars.json'],
    );
    assert.match(problems[1]?.message ?? '', /must hold a JSON object/);
  });

  test('a .tfvars file alone yields no documents', () => {
    const result = terraformHclParser.parse({ path: 'terraform.tfvars', content: 'a = 1\n' });
    assert.deepEqual(result, { documents: [], problems: [] });
  });

  test('accepts .tf, .tfvars and .tfvars.json only', () => {
    const accepts = (path: string) => terraformHclParser.accepts({ path, content: '' });
    const paths = [
      'main.tf',
      'x/prod.tfvars',
      'x/terraform.tfvars.json',
      'main.tf.json',
      'main.tfx',
      'Dockerfile',
    ];
    assert.deepEqual(paths.map(accepts), [true, true, true, false, false, false]);
  });
});
