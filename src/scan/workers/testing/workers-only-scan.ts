/**
 * A secrets scan of `root` in which worker threads scan every batch (none in the calling thread):
 * run in a child process launched like bin/rampart.js to prove workers load there.
 */
import { createSecretsAnalyzer } from '../../analyzers/secrets.ts';
import { collectParallel } from '../collect-parallel.ts';

export async function workersOnlyScan(
  root: string,
): Promise<{ findings: number; workerBatches: number; hereBatches: number }> {
  const secrets = createSecretsAnalyzer({ archives: false });
  const config = secrets.workerConfig(root);
  const result = await collectParallel(
    { root },
    {
      jobs: 2,
      workerData: () => ({ config }),
      scanHere: (file) => secrets.scanFile(file.text, file.path),
      keep: () => false,
      minBytes: 0,
      scanInThisThread: false,
    },
  );
  return {
    findings: result.offloaded?.findings.length ?? 0,
    workerBatches: result.batches?.workers ?? 0,
    hereBatches: result.batches?.here ?? 0,
  };
}
