/**
 * Parse time of the large-lockfile formats on generated monorepo-sized inputs (20,000 npm
 * packages; 8,000 pnpm/Cargo packages). Prints one JSON line: per format bytes, packages, ms (median of 5).
 * Usage: npx tsx bench/deps-lockfiles.ts
 */
import { cargoLock } from '../src/deps/lockfiles/cargo.ts';
import { npmLock } from '../src/deps/lockfiles/npm.ts';
import { pnpmLock } from '../src/deps/lockfiles/pnpm.ts';
import type { LockfileParser } from '../src/deps/lockfiles/types.ts';
import { seeded } from '../test/support/random.ts';
import { ms, peakRssMb, printLine } from './measure.ts';

const rand = seeded(7);
const hash = () =>
  Array.from(
    { length: 86 },
    () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789'[Math.floor(rand() * 42)],
  ).join('');
const pick = (n: number) => Math.floor(rand() * n);

function packageLock(n: number): string {
  const packages: Record<string, unknown> = {
    '': {
      name: 'mono',
      dependencies: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`p${i}`, '^1'])),
    },
  };
  for (let i = 0; i < n; i++) {
    const nested = i % 10 === 0 ? `node_modules/p${pick(n)}/` : '';
    packages[`${nested}node_modules/p${i}`] = {
      version: `1.${i}.0`,
      resolved: `https://registry.npmjs.org/p${i}/-/p${i}-1.${i}.0.tgz`,
      integrity: `sha512-${hash()}==`,
      dependencies: { [`p${pick(n)}`]: '^1', [`p${pick(n)}`]: '^1' },
      ...(i % 3 === 0 ? { dev: true } : {}),
    };
  }
  return JSON.stringify({ name: 'mono', lockfileVersion: 3, requires: true, packages }, null, 2);
}

function pnpm(n: number): string {
  const out = ["lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:"];
  for (let i = 0; i < 200; i++)
    out.push(`      p${i}:\n        specifier: ^1.${i}.0\n        version: 1.${i}.0`);
  out.push('\npackages:\n');
  for (let i = 0; i < n; i++)
    out.push(
      `  p${i}@1.${i}.0:\n    resolution: {integrity: sha512-${hash()}==}\n    engines: {node: '>=14'}\n`,
    );
  out.push('snapshots:\n');
  for (let i = 0; i < n; i++) {
    const a = pick(n);
    const b = pick(n);
    out.push(`  p${i}@1.${i}.0:\n    dependencies:\n      p${a}: 1.${a}.0\n      p${b}: 1.${b}.0\n`);
  }
  return out.join('\n');
}

function cargo(n: number): string {
  const out = [
    'version = 3\n',
    '[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "c0",\n "c1",\n]\n',
  ];
  for (let i = 0; i < n; i++) {
    out.push(
      `[[package]]\nname = "c${i}"\nversion = "0.${i}.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${hash().slice(0, 64)}"\ndependencies = [\n "c${pick(n)}",\n]\n`,
    );
  }
  return out.join('\n');
}

function measure(parser: LockfileParser, path: string, text: string): Record<string, number> {
  parser.parse(path, text); // warm-up
  const runs: number[] = [];
  let packages = 0;
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    packages = parser.parse(path, text).packages.length;
    runs.push(ms(start));
  }
  runs.sort((a, b) => a - b);
  return { bytes: Buffer.byteLength(text), packages, medianMs: runs[2] ?? 0 };
}

printLine({
  bench: 'deps-lockfiles',
  packageLock: measure(npmLock, 'package-lock.json', packageLock(20000)),
  pnpm: measure(pnpmLock, 'pnpm-lock.yaml', pnpm(8000)),
  cargo: measure(cargoLock, 'Cargo.lock', cargo(8000)),
  peakRssMb: peakRssMb(),
});
