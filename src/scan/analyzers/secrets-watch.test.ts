/** Secrets findings through `rampart scan --watch`: a file edit adds or fixes a secret finding. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startWatch, type WatchDelta } from '../watch/start-watch.ts';
import { createSecretsAnalyzer } from './secrets.ts';

const RULES = path.resolve(import.meta.dirname, '../../../test/fixtures/secrets/rules');
const AWS = 'AKIAQYLPMN5HHHFPZAM2';
const PAT = 'ghp_8kZr2QmX7vN4pL9sT1wY6bH3cJ5dF0gA2eKu';

describe('secrets in watch mode', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rampart-secrets-watch-'));
    await mkdir(path.join(dir, 'src'));
    await writeFile(path.join(dir, 'src/app.ts'), `export const key = "${AWS}";\n`);
    await writeFile(path.join(dir, 'src/util.ts'), 'export const n = 1;\n');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports added and fixed secrets as the delta of the edited file only', async () => {
    const deltas: WatchDelta[] = [];
    let wake: (() => void) | undefined;
    const next = () =>
      new Promise<void>((resolve) => {
        wake = resolve;
      });
    // Waits for the delta that includes `file` (a write can arrive as more than one event).
    const edit = async (file: string, content: string): Promise<WatchDelta | undefined> => {
      let waiting = next();
      await writeFile(path.join(dir, file), content);
      await waiting;
      while (!deltas.at(-1)?.changed.includes(file)) {
        waiting = next();
        await waiting;
      }
      return deltas.at(-1);
    };
    const stop = await startWatch(
      {
        root: dir,
        target: dir,
        failOn: 'high',
        analyzers: [createSecretsAnalyzer({ builtinDir: RULES, root: dir })],
        debounceMs: 20,
      },
      (d) => {
        deltas.push(d);
        wake?.();
      },
    );
    try {
      const secrets = (d: WatchDelta | undefined, key: 'added' | 'fixed') =>
        (d?.[key] ?? []).filter((f) => f.analyzer === 'secrets').map((f) => [f.ruleId, f.location.file]);
      assert.deepEqual(
        deltas[0]?.result.findings.filter((f) => f.analyzer === 'secrets').map((f) => f.ruleId),
        ['aws-access-key-id'],
      );

      const added = await edit('src/util.ts', `export const n = 1;\nexport const t = "${PAT}";\n`);
      assert.deepEqual(secrets(added, 'added'), [['github-pat', 'src/util.ts']]);
      assert.deepEqual(secrets(added, 'fixed'), []);

      // Moving the secret within the file is neither new nor fixed (fingerprints ignore lines).
      const moved = await edit('src/util.ts', `// moved\n\nexport const t = "${PAT}";\n`);
      assert.deepEqual([secrets(moved, 'added'), secrets(moved, 'fixed')], [[], []]);

      const fixed = await edit('src/app.ts', 'export const key = process.env.KEY;\n');
      assert.deepEqual(secrets(fixed, 'fixed'), [['aws-access-key-id', 'src/app.ts']]);
      assert.deepEqual(secrets(fixed, 'added'), []);
      assert.deepEqual(
        fixed?.result.findings.filter((f) => f.analyzer === 'secrets').map((f) => f.location.file),
        ['src/util.ts'],
      );
    } finally {
      stop();
    }
  });
});
