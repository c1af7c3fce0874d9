/**
 * Worker thread entry: builds the secrets engine once from the config the scan resolved
 * (workerData), then scans the batches it is sent. Started by src/scan/workers/pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SecretsConfig } from '../../secrets/types.ts';
import { scanTextFindings, secretsEngine } from '../analyzers/secrets-engine.ts';
import type { WorkBatch, WorkerReply } from './protocol.ts';
import { scanBatch } from './scan-batch.ts';

const port = parentPort;
if (!port) throw new Error('secrets-worker.ts runs as a worker thread only');
const started = performance.now();
const engine = secretsEngine((workerData as { config: SecretsConfig }).config);
// Compile now, not on the first batch: the start cost is then measured and paid before work.
engine.scanner();
const reply = (message: WorkerReply): void => port.postMessage(message);
reply({ kind: 'ready', engineMs: performance.now() - started });

port.on('message', ({ batch, files }: WorkBatch) => {
  const { findings, failure } = scanBatch(files, (file) => scanTextFindings(engine, file.text, file.path));
  if (failure) reply({ kind: 'failed', batch, path: failure.path, message: failure.message });
  else reply({ kind: 'done', batch, findings });
});
