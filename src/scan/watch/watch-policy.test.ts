import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAnalyzers } from '../analyzers.ts';
import { startWatch, type WatchDelta } from './start-watch.ts';

const pod = (privileged: boolean) => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: ${privileged}
`;

describe('startWatch with the real policy analyzer (incremental session)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rampart-watch-policy-'));
    await mkdir(path.join(dir, 'k8s'));
    await writeFile(path.join(dir, 'k8s', 'pod.yaml'), pod(false));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('shows RMP-K8S-001 as new when a container turns privileged, and as fixed when reverted', async () => {
    const deltas: WatchDelta[] = [];
    let wake: (() => void) | undefined;
    const next = () =>
      new Promise<void>((resolve) => {
        wake = resolve;
      });
    const stop = await startWatch(
      {
        root: dir,
        target: dir,
        failOn: 'high',
        analyzers: createAnalyzers({ policyDirs: [] }),
        debounceMs: 10,
      },
      (d) => {
        deltas.push(d);
        wake?.();
      },
    );
    try {
      assert.ok(!deltas[0]?.result.findings.some((f) => f.ruleId === 'RMP-K8S-001'));
      let waiting = next();
      await writeFile(path.join(dir, 'k8s', 'pod.yaml'), pod(true));
      await waiting;
      const added = deltas.at(-1);
      assert.deepEqual(
        added?.added.map((f) => `${f.ruleId} ${f.location.file}:${f.location.range?.start.line}`),
        ['RMP-K8S-001 k8s/pod.yaml:10'],
      );
      assert.deepEqual(added?.fixed, []);
      waiting = next();
      await writeFile(path.join(dir, 'k8s', 'pod.yaml'), pod(false));
      await waiting;
      assert.deepEqual(
        deltas.at(-1)?.fixed.map((f) => f.ruleId),
        ['RMP-K8S-001'],
      );
    } finally {
      stop();
    }
  });
});
