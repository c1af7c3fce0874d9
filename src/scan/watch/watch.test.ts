import assert from 'node:assert/strict';
import { cp, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testFinding } from '../suppress/test-finding.ts';
import { privilegedLineAnalyzer } from '../test-analyzer.ts';
import { diffFindings } from './delta.ts';
import { startWatch, type WatchDelta } from './start-watch.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../../../test/fixtures/scan/pipeline');

describe('diffFindings', () => {
  it('matches by fingerprint so moved findings are neither new nor fixed', () => {
    const a = testFinding('R', 'f.yaml', 3);
    const moved = {
      ...a,
      location: { ...a.location, range: { start: { line: 9, column: 1 }, end: { line: 9, column: 1 } } },
    };
    const b = testFinding('R', 'g.yaml', 1);
    const delta = diffFindings([a, b], [moved]);
    assert.deepEqual(delta.added, []);
    assert.deepEqual(delta.fixed, [b]);
  });
});

describe('startWatch', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rampart-watch-'));
    await cp(FIXTURE, dir, { recursive: true });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the first scan, then only the delta of changed files, re-analyzing just them', async () => {
    const analyzer = privilegedLineAnalyzer();
    const deltas: WatchDelta[] = [];
    let wake: (() => void) | undefined;
    const next = () =>
      new Promise<void>((resolve) => {
        wake = resolve;
      });
    let waiting = next();
    const stop = await startWatch(
      { root: dir, target: dir, failOn: 'high', analyzers: [analyzer], debounceMs: 20 },
      (d) => {
        deltas.push(d);
        wake?.();
      },
    );
    try {
      assert.equal(deltas[0]?.initial, true);
      assert.equal(deltas[0]?.result.findings.length, 1);
      waiting = next();
      await writeFile(path.join(dir, 'k8s', 'new.yaml'), 'spec:\n  privileged: true\n');
      await waiting;
      const added = deltas.at(-1);
      assert.deepEqual(added?.changed, ['k8s/new.yaml']);
      assert.deepEqual(
        added?.added.map((f) => f.location.file),
        ['k8s/new.yaml'],
      );
      assert.equal(added?.result.findings.length, 2);
      assert.deepEqual(analyzer.calls.at(-1), ['k8s/new.yaml'], 'only the changed file is re-analyzed');
      assert.ok((added?.latencyMs ?? 1e9) < 1000);

      // Editors and `sed -i` replace files by rename; every replacement must be seen, not just the first.
      for (const [content, expect] of [
        ['spec: {}\n', 'fixed'],
        ['spec:\n  privileged: true\n', 'added'],
        ['spec: {}\n', 'fixed'],
      ] as const) {
        waiting = next();
        await writeFile(path.join(dir, 'k8s', '.tmp-edit'), content);
        await rename(path.join(dir, 'k8s', '.tmp-edit'), path.join(dir, 'k8s', 'new.yaml'));
        await waiting;
        while (!deltas.at(-1)?.changed.includes('k8s/new.yaml')) {
          waiting = next();
          await waiting;
        }
        assert.deepEqual(
          deltas.at(-1)?.[expect].map((f) => f.location.file),
          ['k8s/new.yaml'],
          expect,
        );
      }

      waiting = next();
      await unlink(path.join(dir, 'k8s', 'pod.yaml'));
      await waiting;
      const fixed = deltas.at(-1);
      assert.deepEqual(
        fixed?.fixed.map((f) => f.location.file),
        ['k8s/pod.yaml'],
      );
      assert.deepEqual(fixed?.added, []);
    } finally {
      stop();
    }
  });
});
