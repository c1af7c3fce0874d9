import RE2 from 're2';

/**
 * Rule patterns are user-supplied and run on untrusted text, so they go through RE2 (linear time,
 * Go syntax: `(?i)`, `(?i:…)`, `(?P<name>…)`, `\z`). Compiled once per pattern.
 */
export interface ByteMatch {
  /** Byte offsets in the UTF-8 buffer, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** Capture groups 1..n as [start, end) byte ranges; undefined when the group did not take part. */
  readonly groups: readonly ([number, number] | undefined)[];
}

/** An RE2 match on a buffer (`d` flag) as byte ranges: the matched bytes and each group's. */
function byteMatch(m: { readonly 0: Buffer; readonly indices?: unknown }, start: number): ByteMatch {
  const indices = m.indices as readonly ([number, number] | undefined)[] | undefined;
  return { start, end: start + m[0].length, groups: indices ? indices.slice(1) : [] };
}

export class SecretRegex {
  readonly source: string;
  private readonly global: RE2;
  /**
   * Twins compiled on first use: the sticky one for anchored attempts (matchAt), the plain one for
   * test() (path and allowlist patterns), the group count for config checks. Compiling all three
   * up front tripled the cost of loading the rules (~270 ms of CPU for the built-ins, paid again by
   * every worker thread), while a rule uses one or two of them.
   */
  private sticky: RE2 | undefined;
  private single: RE2 | undefined;
  private groups: number | undefined;

  /** Throws an Error whose message says why RE2 rejected the pattern. */
  constructor(source: string) {
    this.source = source;
    this.global = new RE2(source, 'gd');
  }

  /** Capture groups in the pattern. */
  get groupCount(): number {
    this.groups ??= countGroups(this.global);
    return this.groups;
  }

  /** Every non-overlapping match in a UTF-8 buffer, at most `limit` (bounded output on hostile input). */
  matchAll(buffer: Buffer, limit = 1000): ByteMatch[] {
    const re = this.global;
    re.lastIndex = 0;
    const out: ByteMatch[] = [];
    while (out.length < limit) {
      const m = re.exec(buffer);
      if (m === null) break;
      const match = byteMatch(m, m.index);
      out.push(match);
      // An empty match would repeat forever.
      if (match.end === match.start) re.lastIndex = match.end + 1;
    }
    return out;
  }

  /**
   * The matches matchAll finds, when every match must start at one of `starts` (ascending byte
   * offsets: src/secrets/anchors.ts says when that holds): an anchored attempt at each start not
   * inside the previous match. RE2 still sees the whole buffer, so `\b` sees the byte before.
   */
  matchAt(buffer: Buffer, starts: readonly number[], limit = 1000): ByteMatch[] {
    // No start (every occurrence ruled out by its first bytes): the twin is not compiled for
    // nothing (RE2 took 3.6 ms to compile `re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}` in one npm-tree scan).
    if (starts.length === 0) return [];
    this.sticky ??= new RE2(this.source, 'yd');
    const re = this.sticky;
    const out: ByteMatch[] = [];
    let next = 0;
    for (const p of starts) {
      if (out.length >= limit) break;
      if (p < next) continue;
      re.lastIndex = p;
      const m = re.exec(buffer);
      if (m === null) continue;
      const match = byteMatch(m, p);
      out.push(match);
      // Anchors are non-empty literals, so a match is never empty; guard anyway.
      next = match.end > p ? match.end : p + 1;
    }
    return out;
  }

  test(text: string): boolean {
    this.single ??= new RE2(this.source, '');
    return this.single.test(text);
  }
}

function countGroups(re: RE2): number {
  // An alternation with an empty branch matches '' and reports every group.
  const probe = new RE2(`${re.source}|`, '');
  const m = probe.exec('');
  return m ? m.length - 1 : 0;
}

/** Validation and the scanner compile the same patterns: compile each source once per process. */
const cache = new Map<string, SecretRegex>();

/** Compiles (or reuses) a pattern; throws an Error naming RE2's complaint. */
export function regexFor(source: string): SecretRegex {
  let re = cache.get(source);
  if (!re) {
    re = new SecretRegex(source);
    cache.set(source, re);
  }
  return re;
}

/** Compiles or returns the RE2 error message. */
export function compileRegex(source: string): SecretRegex | { readonly error: string } {
  try {
    return regexFor(source);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
