import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { InputDocument, InputFile } from '../document.ts';
import { longForm } from './intrinsics.ts';
import { cloudFormationParser } from './parser.ts';

const FIXTURES = new URL('../../../test/fixtures/inputs/cloudformation/', import.meta.url);
const fixture = (name: string): InputFile => ({
  path: `cfn/${name}`,
  content: readFileSync(new URL(name, FIXTURES), 'utf8'),
});
const byName = (docs: readonly InputDocument[], name: string) => docs.find((d) => d.name === name);
const props = (doc: InputDocument | undefined) =>
  ((doc?.object ?? {}) as { Properties: Record<string, unknown> }).Properties;

describe('cloudformation: accepts', () => {
  it('templates by version key or AWS:: resource types, YAML and JSON', () => {
    for (const name of ['template.yaml', 'template.json', 'sam.yaml']) {
      assert.equal(cloudFormationParser.accepts(fixture(name)), true, name);
    }
    assert.equal(
      cloudFormationParser.accepts({ path: 'x.template', content: '{"AWSTemplateFormatVersion": "x"}' }),
      true,
    );
  });

  it('not other YAML/JSON', () => {
    assert.equal(cloudFormationParser.accepts({ path: 'a.yaml', content: 'Resources:\n  - cpu\n' }), false);
    assert.equal(cloudFormationParser.accepts({ path: 'a.json', content: '{"Resources": {}}' }), false);
    assert.equal(
      cloudFormationParser.accepts({ path: 'a.txt', content: 'AWSTemplateFormatVersion: x\n' }),
      false,
    );
  });
});

describe('cloudformation: YAML template', () => {
  const { documents, problems } = cloudFormationParser.parse(fixture('template.yaml'));
  const log = byName(documents, 'LogBucket');
  const data = byName(documents, 'DataBucket');
  const instance = byName(documents, 'Instance');

  it('one document per resource: kind = Type, name = address = logical id', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(
      documents.map((d) => [d.type, d.kind, d.name, d.address]),
      [
        ['cloudformation', 'AWS::S3::Bucket', 'LogBucket', 'LogBucket'],
        ['cloudformation', 'AWS::S3::Bucket', 'DataBucket', 'DataBucket'],
        ['cloudformation', 'AWS::EC2::Instance', 'Instance', 'Instance'],
      ],
    );
  });

  it('Ref to a parameter with Default resolves; object keeps Type, Condition, DependsOn', () => {
    assert.deepEqual(log?.object, {
      Type: 'AWS::S3::Bucket',
      Properties: { BucketName: 'logs-bucket', VersioningConfiguration: { Status: 'Enabled' } },
    });
    assert.equal(log?.unknownPaths.size, 0);
    assert.equal(((data?.object ?? {}) as Record<string, unknown>).Condition, 'IsProd');
    assert.equal(((data?.object ?? {}) as Record<string, unknown>).DependsOn, 'LogBucket');
  });

  it('other intrinsics are unknown: null, unknownPaths, long-form JSON in expressions', () => {
    const p = props(data);
    assert.equal(p.BucketName, null);
    assert.deepEqual([...(data?.unknownPaths ?? [])].sort(), [
      'Properties.BucketName',
      'Properties.LoggingConfiguration.DestinationBucketName',
      'Properties.Tags[0].Value',
      'Properties.Tags[1].Value',
    ]);
    assert.equal(data?.expressions['Properties.BucketName'], '{"Fn::Sub":"${AWS::StackName}-data"}');
    assert.equal(
      data?.expressions['Properties.LoggingConfiguration.DestinationBucketName'],
      '{"Ref":"LogBucket"}',
    );
    assert.equal(data?.expressions['Properties.Tags[0].Value'], '{"Fn::GetAtt":["LogBucket","Arn"]}');
    assert.equal(data?.expressions['Properties.Tags[1].Value'], '{"Fn::If":["IsProd",{"Ref":"Env"},"dev"]}');
  });

  it('YAML 1.1 scalars as CloudFormation reads them', () => {
    assert.deepEqual(props(data).PublicAccessBlockConfiguration, { BlockPublicAcls: true });
  });

  it('every short form reads into its long form', () => {
    const e = instance?.expressions ?? {};
    assert.equal(e['Properties.ImageId'], '{"Ref":"AmiId"}', 'SSM parameter defaults are keys, not values');
    assert.equal(
      e['Properties.UserData'],
      '{"Fn::Base64":{"Fn::Join":["",["#!/bin/bash\\n",{"Fn::Sub":"echo ${BucketName}"}]]}}',
    );
    assert.equal(e['Properties.AvailabilityZone'], '{"Fn::Select":[0,{"Fn::GetAZs":""}]}');
    assert.equal(e['Properties.SubnetId'], '{"Fn::ImportValue":"shared-subnet"}');
    assert.equal(
      e['Properties.Ipv6CidrBlock'],
      '{"Fn::Select":[0,{"Fn::Cidr":[{"Fn::GetAtt":["Vpc","CidrBlock"]},1,64]}]}',
    );
    assert.equal(e['Properties.Tenancy'], '{"Fn::FindInMap":["Map",{"Ref":"AWS::Region"},"tenancy"]}');
    assert.equal(e['Properties.Tags[0].Value'], '{"Fn::Join":[",",{"Fn::Split":[",","a,b"]}]}');
    assert.equal(
      e['Properties.Tags[1].Value'],
      '{"Fn::And":[{"Fn::Or":[{"Condition":"IsProd"},{"Fn::Not":[{"Fn::Equals":["a","b"]}]}]},true]}',
    );
    assert.equal(
      e['Properties.Tags[2].Value'],
      '{"Fn::Transform":{"Name":"AWS::Include","Parameters":{"Location":"s3://x"}}}',
    );
  });

  it('positions are relative to the resource, lines are file lines', () => {
    assert.equal(log?.range.start.line, 15);
    assert.equal(log?.positions.get('Properties.BucketName')?.start.line, 18);
    assert.equal(data?.positions.get('Properties.Tags[1].Value')?.start.line, 33);
    assert.equal(
      data?.positions.get('Properties.PublicAccessBlockConfiguration.BlockPublicAcls')?.start.line,
      35,
    );
    assert.equal(instance?.positions.get('Type')?.start.line, 37);
    assert.equal(log?.positions.has('Resources.LogBucket'), false);
  });

  it('longForm: GetAtt splits at the first dot only; unknown tags pass through', () => {
    assert.deepEqual(longForm('!GetAtt', 'Db.Endpoint.Address'), {
      'Fn::GetAtt': ['Db', 'Endpoint.Address'],
    });
    assert.deepEqual(longForm('!Custom', 'x'), 'x');
  });
});

describe('cloudformation: JSON and bad input', () => {
  it('JSON templates with positions', () => {
    const { documents, problems } = cloudFormationParser.parse(fixture('template.json'));
    assert.deepEqual(problems, []);
    const [bucket] = documents;
    assert.deepEqual(props(bucket), {
      BucketName: null,
      VersioningConfiguration: { Status: 'Suspended' },
      AccessControl: 'PublicRead',
    });
    assert.equal(bucket?.expressions['Properties.BucketName'], '{"Ref":"Unknown"}');
    assert.equal(bucket?.positions.get('Properties.AccessControl')?.start.line, 12);
    assert.equal(bucket?.range.start.line, 7);
  });

  it('SAM resources', () => {
    const { documents } = cloudFormationParser.parse(fixture('sam.yaml'));
    assert.equal(documents[0]?.kind, 'AWS::Serverless::Function');
  });

  it('syntax errors, missing Resources, resources without Type are problems with lines', () => {
    const bad = cloudFormationParser.parse({ path: 't.yaml', content: 'Resources:\n  A: !Ref [\n' });
    assert.equal(bad.documents.length, 0);
    assert.equal(typeof bad.problems[0]?.range?.start.line, 'number');
    const none = cloudFormationParser.parse({ path: 't.yaml', content: 'AWSTemplateFormatVersion: x\n' });
    assert.match(none.problems[0]?.message ?? '', /no Resources/);
    const untyped = cloudFormationParser.parse({
      path: 't.yaml',
      content: 'Resources:\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Properties: {}\n',
    });
    assert.equal(untyped.documents.length, 1);
    assert.match(untyped.problems[0]?.message ?? '', /B has no Type/);
    assert.equal(untyped.problems[0]?.range?.start.line, 4);
  });

  it('fuzz: never throws on mutated templates', () => {
    const base = fixture('template.yaml').content;
    fc.assert(
      fc.property(fc.nat(base.length), fc.string({ maxLength: 10 }), fc.nat(8), (at, insert, cut) => {
        const content = base.slice(0, at) + insert + base.slice(at + cut);
        const result = cloudFormationParser.parse({ path: 'f.yaml', content });
        for (const doc of result.documents) assert.equal(typeof doc.kind, 'string');
      }),
      { numRuns: 200 },
    );
  });
});
