/**
 * Command line of the secrets tree benches (bench/secrets-tree.ts, bench/secrets-density.ts):
 * `[MiB=24] [--tree PATH] [--density F] [--jobs N] [--rounds N] [flags…]`. `--tree` scans an existing directory in place
 * (nothing is generated or deleted); otherwise a corpus of MiB is generated with keyword density F
 * (bench/secrets-corpus.ts, 1 = the stress case, the default).
 */
import { statSync } from 'node:fs';

export interface TreeArgs {
  readonly mib: number;
  readonly tree?: string;
  readonly density: number;
  readonly flags: ReadonlySet<string>;
  /** `--jobs N` (bench/secrets-tree.ts): threads of the parallel end-to-end run. */
  readonly jobs?: number;
  /** `--rounds N` (bench/secrets-tree.ts): cold Rampart / secretlint pairs, alternating (default 1). */
  readonly rounds: number;
}

export function parseTreeArgs(argv: readonly string[], defaultMib = 24): TreeArgs {
  let mib = defaultMib;
  let tree: string | undefined;
  let density = 1;
  let jobs: number | undefined;
  let rounds = 1;
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a}: missing value`);
      return v;
    };
    if (a === '--jobs') {
      const v = value();
      jobs = Number(v);
      if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs: ${v} is not a whole number ≥ 1`);
    } else if (a === '--rounds') {
      const v = value();
      rounds = Number(v);
      if (!Number.isInteger(rounds) || rounds < 1)
        throw new Error(`--rounds: ${v} is not a whole number ≥ 1`);
    } else if (a === '--tree') {
      tree = value();
      if (!statSync(tree, { throwIfNoEntry: false })?.isDirectory())
        throw new Error(`--tree: ${tree} is not a directory`);
    } else if (a === '--density') {
      const v = value();
      density = Number(v);
      if (!(density >= 0 && density <= 1)) throw new Error(`--density: ${v} is not a number in [0, 1]`);
    } else if (/^\d+(\.\d+)?$/.test(a)) mib = Number(a);
    else if (a.startsWith('--')) flags.add(a);
    else throw new Error(`unexpected argument ${a}`);
  }
  if (tree !== undefined && density !== 1)
    throw new Error('--density applies to the generated corpus, not --tree');
  return {
    mib,
    density,
    rounds,
    flags,
    ...(tree !== undefined ? { tree } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
  };
}
