#!/usr/bin/env node
// `npm start`: builds the web UI when web/dist is missing or older than its sources, then runs
// `rampart serve` with the arguments given (`npm start -- --port 8080`). The check compares file
// modification times only, so a start with a fresh build costs a directory walk, not a Vite run.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Newest modification time (ms) of the files under `path`; 0 when it does not exist. */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

/** Why the UI must be (re)built, or undefined when web/dist is current. */
export function webBuildReason(dir = root) {
  const built = newest(join(dir, 'web', 'dist', 'index.html'));
  if (built === 0) return 'web/dist is missing';
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/public'].map((p) =>
    newest(join(dir, p)),
  );
  return Math.max(...sources) > built ? 'web/ sources changed since the last build' : undefined;
}

function main() {
  const reason = webBuildReason();
  if (reason && process.env.RAMPART_SKIP_WEB_BUILD !== '1') {
    process.stderr.write(`rampart: building the web UI (${reason})…\n`);
    const vite = join(root, 'node_modules', '.bin', 'vite');
    const built = spawnSync(vite, ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (built.status !== 0) {
      process.stderr.write(
        'rampart: the web UI build failed (see above); the API would still start: npm run rampart -- serve\n',
      );
      process.exit(built.status ?? 1);
    }
  }
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [join(root, 'src', 'cli', 'main.ts'), 'serve', ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  // The server finishes in-flight requests on SIGTERM/SIGINT; pass the signal on and wait for it.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
