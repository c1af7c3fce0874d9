/** Runs every benchmark in its own process, pinned to one core when `taskset` exists. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BENCHES: readonly (readonly string[])[] = [
  ['policy-scan.ts', 'terraform'],
  ['policy-scan.ts', 'kubernetes'],
  ['policy-scan.ts', 'kubernetes', '--all'],
  ['watch-rescan.ts'],
];
const tsx = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
const pin = spawnSync('taskset', ['--version']).status === 0 ? ['taskset', '-c', '0'] : [];
let failed = 0;
for (const [file, ...args] of BENCHES) {
  const cmd = [...pin, tsx, join(import.meta.dirname, file as string), ...args];
  const run = spawnSync(cmd[0] as string, cmd.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
