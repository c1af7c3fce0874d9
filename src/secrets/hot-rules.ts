import RE2 from 're2';

type RE2Set = InstanceType<(typeof RE2)['Set']>;

export interface HotRulesOptions {
  /** Texts seen before the first set is built (0 = build on the first text, for tests). */
  readonly warmup?: number;
  /** Rules in the set: RE2 builds one DFA for all of them, which grows with every pattern. */
  readonly size?: number;
  /** A rule joins only if its keywords trigger it on at least this share of texts. */
  readonly minShare?: number;
}

/** Membership is re-evaluated every this many texts (the mix of files changes along a walk). */
const REVIEW_EVERY = 4096;

/**
 * Rules whose keywords are ordinary words (`password`, `secret`, `token`) are triggered on most
 * files, and each then costs a full RE2 pass over the file although it rarely matches. This
 * learns which rules are triggered most and matches them all in one pass with an RE2.Set (one
 * DFA): only the rules the set says match somewhere run their own pattern for positions and
 * groups. A pure filter: a rule the set rejects cannot match, and on any set error every
 * candidate runs as before, so findings never depend on it.
 */
export class HotRules {
  private readonly counts: Uint32Array;
  private texts = 0;
  private readonly warmup: number;
  private readonly size: number;
  private readonly minShare: number;
  private set: RE2Set | undefined;
  /** Rule index → position in `set`, -1 when not a member. */
  private position: Int32Array;

  /** `sources[i]`: rule i's pattern (undefined for path-only rules, never members). */
  constructor(
    private readonly sources: readonly (string | undefined)[],
    options: HotRulesOptions = {},
  ) {
    this.counts = new Uint32Array(sources.length);
    this.position = new Int32Array(sources.length).fill(-1);
    this.warmup = options.warmup ?? 64;
    this.size = options.size ?? 12;
    this.minShare = options.minShare ?? 0.2;
  }

  /** The candidates (rule indexes about to run on `bytes`) that may match; order kept. */
  filter(bytes: Buffer, candidates: readonly number[]): readonly number[] {
    for (const i of candidates) this.counts[i] = (this.counts[i] as number) + 1;
    this.texts++;
    if (this.texts === this.warmup + 1 || this.texts % REVIEW_EVERY === 0) this.rebuild();
    const set = this.set;
    if (!set) return candidates;
    let members = 0;
    for (const i of candidates) if ((this.position[i] as number) >= 0) members++;
    // One member alone is cheaper to run directly than through the set.
    if (members < 2) return candidates;
    let matched: number[];
    try {
      matched = set.match(bytes);
    } catch {
      // DFA out of memory on this text: fall back to every pattern on its own.
      return candidates;
    }
    const hit = new Uint8Array(set.size);
    for (const m of matched) hit[m] = 1;
    return candidates.filter((i) => {
      const p = this.position[i] as number;
      return p < 0 || hit[p] === 1;
    });
  }

  private rebuild(): void {
    const threshold = Math.max(1, this.minShare * this.texts);
    const chosen = [...this.counts.keys()]
      .filter((i) => this.sources[i] !== undefined && (this.counts[i] as number) >= threshold)
      .sort((a, b) => (this.counts[b] as number) - (this.counts[a] as number) || a - b)
      .slice(0, this.size)
      .sort((a, b) => a - b);
    const current = [...this.position.keys()].filter((i) => (this.position[i] as number) >= 0);
    if (chosen.length === current.length && chosen.every((i, k) => i === current[k])) return;
    const position = new Int32Array(this.sources.length).fill(-1);
    this.set = undefined;
    if (chosen.length >= 2) {
      try {
        this.set = new RE2.Set(chosen.map((i) => this.sources[i] as string));
        chosen.forEach((i, k) => {
          position[i] = k;
        });
      } catch {
        // A pattern RE2.Set will not take: no set, every rule runs on its own.
      }
    }
    this.position = position;
  }
}
