import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { InputFile } from '../document.ts';
import { githubActionsParser } from './parser.ts';

const FIXTURES = new URL('../../../test/fixtures/inputs/github-actions/', import.meta.url);
const fixture = (name: string): InputFile => ({
  path: name,
  content: readFileSync(new URL(name, FIXTURES), 'utf8'),
});

describe('github-actions: accepts', () => {
  it('workflow folder, action.yml, or top-level on + jobs', () => {
    assert.equal(githubActionsParser.accepts(fixture('.github/workflows/ci.yml')), true);
    assert.equal(githubActionsParser.accepts(fixture('actions/setup/action.yml')), true);
    assert.equal(githubActionsParser.accepts(fixture('release.yaml')), true);
    assert.equal(githubActionsParser.accepts({ path: 'sub/.github/workflows/x.yaml', content: '' }), true);
  });

  it('not other YAML', () => {
    assert.equal(
      githubActionsParser.accepts({ path: 'values.yaml', content: 'on: true\nreplicas: 1\n' }),
      false,
    );
    assert.equal(
      githubActionsParser.accepts({ path: 'x.yaml', content: 'a:\n  on: push\n  jobs: {}\n' }),
      false,
    );
    assert.equal(
      githubActionsParser.accepts({ path: '.github/workflows/notes.md', content: 'on:\njobs:\n' }),
      false,
    );
    assert.equal(
      githubActionsParser.accepts({ path: '.github/dependabot.yml', content: 'version: 2\n' }),
      false,
    );
  });
});

describe('github-actions: documents', () => {
  it('a workflow: kind, name, `on` stays a string key, positions', () => {
    const { documents, problems } = githubActionsParser.parse(fixture('.github/workflows/ci.yml'));
    assert.deepEqual(problems, []);
    const [doc] = documents;
    assert.equal(doc?.type, 'github-actions');
    assert.equal(doc?.kind, 'Workflow');
    assert.equal(doc?.name, 'CI');
    const object = doc?.object as Record<string, unknown>;
    assert.deepEqual(Object.keys(object), ['name', 'on', 'permissions', 'jobs']);
    assert.deepEqual(object.on, { push: { branches: ['main'] }, pull_request_target: null });
    assert.equal(doc?.positions.get('on.pull_request_target')?.start.line, 5);
    assert.equal(doc?.positions.get('jobs.build.steps[0].with.ref')?.start.line, 13);
    assert.equal(doc?.positions.get('jobs.build.steps[1].run')?.start.line, 15);
    assert.equal(doc?.positions.get('permissions')?.start.line, 6);
  });

  it('an action: kind Action', () => {
    const [doc] = githubActionsParser.parse(fixture('actions/setup/action.yml')).documents;
    assert.equal(doc?.kind, 'Action');
    assert.equal(doc?.name, 'Setup');
    assert.equal(doc?.positions.get('runs.steps[0].run')?.start.line, 10);
  });

  it('unnamed workflow is named by its path; on: [push] and on: yes stay strings', () => {
    const [doc] = githubActionsParser.parse(fixture('release.yaml')).documents;
    assert.equal(doc?.name, 'release.yaml');
    assert.deepEqual(((doc?.object ?? {}) as Record<string, unknown>).on, ['push']);
    const [yes] = githubActionsParser.parse({ path: 'a.yml', content: 'on: yes\njobs: {}\n' }).documents;
    assert.deepEqual(yes?.object, { on: 'yes', jobs: {} });
  });

  it('bad input: syntax error with line; not a mapping; extra documents', () => {
    const bad = githubActionsParser.parse({ path: 'w.yml', content: 'on: push\njobs:\n  a: [\n' });
    assert.equal(bad.documents.length, 0);
    assert.equal(typeof bad.problems[0]?.range?.start.line, 'number');
    const list = githubActionsParser.parse({ path: '.github/workflows/l.yml', content: '- a\n' });
    assert.match(list.problems[0]?.message ?? '', /mapping/);
    const two = githubActionsParser.parse({ path: 'w.yml', content: 'on: push\njobs: {}\n---\na: 1\n' });
    assert.equal(two.documents.length, 1);
    assert.equal(two.problems[0]?.range?.start.line, 4);
  });

  it('fuzz: never throws on mutated workflows', () => {
    const base = fixture('.github/workflows/ci.yml').content;
    fc.assert(
      fc.property(fc.nat(base.length), fc.string({ maxLength: 10 }), fc.nat(8), (at, insert, cut) => {
        const content = base.slice(0, at) + insert + base.slice(at + cut);
        const result = githubActionsParser.parse({ path: '.github/workflows/f.yml', content });
        assert.equal(result.documents.length <= 1, true);
      }),
      { numRuns: 200 },
    );
  });
});
