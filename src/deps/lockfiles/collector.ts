import { purlFor } from './purl.ts';
import type {
  Edge,
  LockfileEcosystem,
  ManagerDigest,
  Package,
  PackageHash,
  ParseResult,
  Problem,
  ProblemKind,
  ProblemSeverity,
} from './types.ts';

/** Problems kept per parse; the rest are counted in one closing problem. */
export const MAX_PROBLEMS = 200;

export interface PackageInput {
  readonly name: string;
  readonly version: string;
  readonly line: number;
  readonly direct?: boolean | undefined;
  readonly dev?: boolean | undefined;
  readonly optional?: boolean;
  readonly peer?: boolean;
  readonly qualifiers?: Readonly<Record<string, string>>;
  /** Overrides the lockfile path (requirements includes). */
  readonly file?: string;
  readonly hashes?: readonly PackageHash[];
  readonly license?: string;
  readonly downloadUrl?: string;
  readonly managerDigests?: readonly ManagerDigest[];
}

/** What a lockfile records about a package's artifact, for SBOMs. */
export type ArtifactInput = Pick<PackageInput, 'hashes' | 'license' | 'downloadUrl' | 'managerDigests'>;

/**
 * Accumulates one parse's packages and problems. The same name@version seen twice (nested
 * copies, peer variants, platform builds) is reported once, at its first line; the flags merge
 * so that `direct` wins over transitive and production wins over dev.
 */
export class Collector {
  readonly problems: Problem[] = [];
  /** Problems past MAX_PROBLEMS are counted, not kept: a hostile file must not produce a huge report. */
  private omitted = 0;
  private readonly byKey = new Map<string, Package>();
  private readonly edgeSet = new Map<string, Set<string>>();
  private readonly edges: Edge[] = [];

  constructor(
    readonly file: string,
    readonly ecosystem: LockfileEcosystem,
    /** Case-insensitive names (PyPI, NuGet, Packagist) dedupe case-insensitively. */
    private readonly foldCase = false,
  ) {}

  add(input: PackageInput): Package {
    const purl = purlFor(this.ecosystem, input.name, input.version, input.qualifiers);
    const key = `${this.foldCase ? input.name.toLowerCase() : input.name}@${input.version}`;
    const seen = this.byKey.get(key);
    if (seen) {
      const merged: Package = {
        ...artifactFacts(input),
        ...seen,
        direct: mergeDirect(seen.direct, input.direct),
        dev: mergeDev(seen.dev, input.dev),
      };
      this.byKey.set(key, merged);
      return merged;
    }
    const pkg: Package = {
      ecosystem: this.ecosystem,
      name: input.name,
      version: input.version,
      purl,
      direct: input.direct,
      dev: input.dev,
      location: { file: input.file ?? this.file, line: input.line },
      ...(input.optional === undefined ? {} : { optional: input.optional }),
      ...(input.peer === undefined ? {} : { peer: input.peer }),
      ...artifactFacts(input),
    };
    this.byKey.set(key, pkg);
    return pkg;
  }

  edge(from: string, to: string): void {
    if (from === to) return;
    let targets = this.edgeSet.get(from);
    if (!targets) {
      targets = new Set();
      this.edgeSet.set(from, targets);
    } else if (targets.has(to)) return;
    targets.add(to);
    this.edges.push([from, to]);
  }

  problem(
    severity: ProblemSeverity,
    kind: ProblemKind,
    message: string,
    where: { line?: number | undefined; entry?: string | undefined; file?: string } = {},
  ): void {
    if (this.problems.length >= MAX_PROBLEMS) {
      this.omitted++;
      return;
    }
    const file = where.file ?? this.file;
    const at = where.line === undefined ? file : `${file}:${where.line}`;
    this.problems.push({
      severity,
      ...(severity === 'error' ? { code: kind === 'too-large' ? 'E_INPUT_TOO_LARGE' : 'E_PARSE' } : {}),
      kind,
      file,
      ...(where.line === undefined ? {} : { line: where.line }),
      ...(where.entry === undefined ? {} : { entry: where.entry }),
      message: `${at}: ${where.entry === undefined ? '' : `${where.entry}: `}${message}`,
    });
  }

  result(): ParseResult {
    if (this.omitted > 0) {
      this.problems.push({
        severity: 'error',
        code: 'E_PARSE',
        kind: 'invalid-entry',
        file: this.file,
        message: `${this.file}: ${this.omitted} more problems not listed`,
      });
      this.omitted = 0;
    }
    const packages = [...this.byKey.values()];
    return this.edges.length > 0
      ? { packages, edges: this.edges, problems: this.problems }
      : { packages, problems: this.problems };
  }
}

/** Hashes, licence, download URL and manager digests, present only when recorded (a copy seen later may add them). */
function artifactFacts(
  input: PackageInput,
): Pick<Package, 'hashes' | 'license' | 'downloadUrl' | 'managerDigests'> {
  return {
    ...(input.hashes && input.hashes.length > 0 ? { hashes: input.hashes } : {}),
    ...(input.license ? { license: input.license } : {}),
    ...(input.downloadUrl ? { downloadUrl: input.downloadUrl } : {}),
    ...(input.managerDigests && input.managerDigests.length > 0
      ? { managerDigests: input.managerDigests }
      : {}),
  };
}

function mergeDirect(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === true || b === true) return true;
  if (a === false || b === false) return false;
  return undefined;
}

function mergeDev(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === false || b === false) return false;
  if (a === true || b === true) return true;
  return undefined;
}

/** Production/dev reachability: a package is dev when only dev roots reach it. */
export function devByReachability(
  prodRoots: Iterable<string>,
  devRoots: Iterable<string>,
  children: (key: string) => Iterable<string>,
): Map<string, boolean> {
  const dev = new Map<string, boolean>();
  const walk = (roots: Iterable<string>, isDev: boolean): void => {
    const stack = [...roots];
    while (stack.length > 0) {
      const k = stack.pop() as string;
      if (dev.has(k)) continue;
      dev.set(k, isDev);
      for (const c of children(k)) if (!dev.has(c)) stack.push(c);
    }
  };
  walk(prodRoots, false);
  walk(devRoots, true);
  return dev;
}
