import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running a TypeScript module. Rampart runs its sources through tsx
 * (bin/rampart.js registers it; tests and `npm run rampart` run under the tsx CLI), and neither
 * way reaches a worker: a loader registered with `module.register` stays in its own thread, and
 * the tsx CLI's inherited flags do not make `new Worker('x.ts')` work either (both fail with
 * ERR_UNKNOWN_FILE_EXTENSION on Node 20). So the worker is a two-line bootstrap that registers
 * tsx itself, then imports the entry; execArgv is emptied so tsx is never registered twice.
 * A `.js` entry (compiled sources) is imported directly.
 */
export function startWorker(entry: URL, workerData: unknown): Worker {
  const target = JSON.stringify(entry.href);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const bootstrap = `import(${tsx}).then((tsx) => { tsx.register(); return import(${target}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: [], workerData });
}
