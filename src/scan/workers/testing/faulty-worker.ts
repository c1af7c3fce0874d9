/**
 * A scan worker that misbehaves on purpose (tests of src/scan/workers/pool.ts): workerData.mode
 * says how. `exit`: the thread exits with code 7 on a batch holding workerData.path; `throw`:
 * an uncaught error there; `fail`: it reports the engine failing on that file; `broken`: it
 * throws while starting; `slow`: every batch is answered after workerData.delayMs (a busy worker).
 * Other batches are answered with no findings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkBatch, WorkerReply } from '../protocol.ts';

const { mode, path, delayMs } = workerData as {
  mode: 'exit' | 'throw' | 'fail' | 'broken' | 'slow';
  path: string;
  delayMs?: number;
};
const port = parentPort;
if (!port || mode === 'broken') throw new Error('faulty worker: broken on start');
const reply = (message: WorkerReply): void => port.postMessage(message);
reply({ kind: 'ready', engineMs: 0 });

port.on('message', ({ batch, files }: WorkBatch) => {
  if (files.some((f) => f.path === path)) {
    if (mode === 'exit') process.exit(7);
    if (mode === 'throw') throw new Error(`faulty worker: thrown on ${path}`);
    reply({ kind: 'failed', batch, path, message: `engine failed on ${path}` });
    return;
  }
  const done = (): void => reply({ kind: 'done', batch, findings: files.map(() => []) });
  if (mode === 'slow') setTimeout(done, delayMs ?? 0);
  else done();
});
