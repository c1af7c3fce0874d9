/**
 * Multi-pattern substring search (Aho–Corasick) for the literal prefilter: one linear pass over
 * a field value reports every rule whose required literal occurs in it. After `build()` ASCII
 * input runs on a dense DFA over the ASCII characters the patterns use (one array read per
 * character; unused characters share class 0, which leads to the root). Other characters (emoji,
 * homoglyph patterns) follow trie edges and failure links, which keeps the table small.
 * Patterns must be lowercase (the engine lowercases both sides).
 */
import { smallestClass, VALUE_CLASSES, valueClasses } from './value-class.ts';

export class AhoCorasick {
  private trie: Map<number, number>[] = [new Map()];
  /** After build: only the non-ASCII edges, by state (the trie itself is dropped to save memory). */
  private wide = new Map<number, Map<number, number>>();
  private outs: number[][] = [[]];
  /** Whole-value patterns: state → payloads, reported when the value ends in that state. */
  private exact = new Map<number, number[]>();
  /** Trie depth of each exact pattern's state (its length), so "ends there" means "equals". */
  private exactLen = new Map<number, number>();
  /** Suffix patterns by state; after build, per state, those of the state and its failure chain. */
  private suffixes = new Map<number, number[]>();
  private suffixOut: (readonly number[] | undefined)[] | undefined;
  /** Prefix patterns by state; after build, `prefixOut` and each state's trie depth. */
  private prefixes = new Map<number, number[]>();
  private prefixOut: (readonly number[] | undefined)[] | undefined;
  private depth: Uint16Array | Int32Array = new Uint16Array(0);
  private longestPrefix = 0;
  private classOf = new Uint8Array(128);
  private fail = new Int32Array(0);
  private width = 1;
  /** Transition table; 16-bit when the automaton has < 65,536 states (half the cache footprint). */
  private delta: Int32Array | Uint16Array = new Int32Array(0);
  private out: (readonly number[] | undefined)[] = [];
  private hasOut = new Uint8Array(0);
  private built = false;
  /** Every added pattern until build, for the class automata. */
  private added: Array<readonly [string, number, Anchor]> = [];
  /**
   * Per value class (`value-class.ts`): null when no pattern can occur in a value of the class
   * (`probe` skips it), else the automaton of the patterns made of its characters, or undefined
   * to scan with this one.
   */
  private byClass: (AhoCorasick | null | undefined)[] = [];
  private readonly classMode: boolean;

  /** `classes: false`: no class automata (the class automata themselves, `findEnd` users, tests). */
  constructor(options: { readonly classes?: boolean } = {}) {
    this.classMode = options.classes ?? true;
  }

  /**
   * True when no pattern consists only of value class 0 characters (digits, ` -:.,/+_`): `probe`
   * reports nothing for such a value, so callers may skip making its text (integers).
   */
  get skipsDigits(): boolean {
    if (!this.built) this.build();
    return this.byClass[0] === null;
  }

  /**
   * `kind` (`probe` only): `whole` reports only when the whole value equals the pattern,
   * `prefix` / `suffix` only when the value starts / ends with it; default anywhere.
   */
  add(pattern: string, payload: number, kind: Anchor = 'anywhere'): void {
    if (this.built) throw new Error('AhoCorasick.add after build(): add every pattern first');
    if (this.classMode) this.added.push([pattern, payload, kind]);
    let s = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let t = this.trie[s]?.get(c);
      if (t === undefined) {
        t = this.trie.length;
        this.trie.push(new Map());
        this.outs.push([]);
        this.trie[s]?.set(c, t);
      }
      s = t;
    }
    if (kind === 'anywhere') {
      this.outs[s]?.push(payload);
      return;
    }
    if (kind === 'prefix' || kind === 'suffix') {
      const byState = kind === 'prefix' ? this.prefixes : this.suffixes;
      const list = byState.get(s);
      if (list) list.push(payload);
      else byState.set(s, [payload]);
      if (kind === 'prefix') this.longestPrefix = Math.max(this.longestPrefix, pattern.length);
      return;
    }
    const list = this.exact.get(s);
    if (list) list.push(payload);
    else {
      this.exact.set(s, [payload]);
      this.exactLen.set(s, pattern.length);
    }
  }

  build(): void {
    if (this.built) return;
    this.renumberBreadthFirst();
    const classOf = new Uint8Array(128);
    let width = 1;
    for (const m of this.trie)
      for (const c of m.keys()) if (c < 128 && classOf[c] === 0) classOf[c] = width++;
    // ASCII case folding: patterns are lowercase, so an upper-case letter reads as its lower case.
    for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32] as number;
    const n = this.trie.length;
    const delta = n < 65536 ? new Uint16Array(n * width) : new Int32Array(n * width);
    const fail = new Int32Array(n);
    const out: (number[] | undefined)[] = this.outs.map((o) => (o.length > 0 ? [...o] : undefined));
    // Breadth-first: a state's row is its failure state's row with its own edges on top.
    this.wide = new Map();
    this.trie.forEach((edges, state) => {
      for (const [c, t] of edges) {
        if (c < 128) continue;
        let m = this.wide.get(state);
        if (!m) {
          m = new Map();
          this.wide.set(state, m);
        }
        m.set(c, t);
      }
    });
    const queue: number[] = [];
    for (const [c, t] of this.trie[0] as Map<number, number>) {
      if (c < 128) delta[classOf[c] as number] = t;
      queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q] as number;
      const f = fail[s] as number;
      delta.copyWithin(s * width, f * width, f * width + width);
      for (const [c, t] of this.trie[s] as Map<number, number>) {
        if (c < 128) {
          const k = classOf[c] as number;
          fail[t] = s === 0 ? 0 : (delta[f * width + k] as number);
          delta[s * width + k] = t;
        } else fail[t] = s === 0 ? 0 : this.step(fail, f, c);
        queue.push(t);
      }
      const inherited = out[f];
      if (inherited && s !== 0) out[s] = [...(out[s] ?? []), ...inherited];
    }
    this.fail = fail;
    this.buildAnchored(queue, fail, n);
    if (this.classMode) this.byClass = classAutomata(this.added, n);
    this.added = [];
    this.trie = [];
    this.outs = [];
    this.classOf = classOf;
    this.width = width;
    this.delta = delta;
    this.out = out;
    this.hasOut = Uint8Array.from(out, (o) => (o ? 1 : 0));
    this.built = true;
  }

  /** Suffix outputs along failure links (breadth-first, so a state's failure state is done first); trie depths. */
  private buildAnchored(queue: readonly number[], fail: Int32Array, n: number): void {
    if (this.suffixes.size > 0) {
      const suffixOut: (number[] | undefined)[] = new Array(n).fill(undefined);
      for (const [s, p] of this.suffixes) suffixOut[s] = [...p];
      for (const s of queue) {
        const inherited = suffixOut[fail[s] as number];
        if (inherited) suffixOut[s] = [...(suffixOut[s] ?? []), ...inherited];
      }
      this.suffixOut = suffixOut;
    }
    if (this.prefixes.size > 0) {
      const prefixOut: (number[] | undefined)[] = new Array(n).fill(undefined);
      for (const [s, p] of this.prefixes) prefixOut[s] = p;
      this.prefixOut = prefixOut;
      const depth = n < 65536 ? new Uint16Array(n) : new Int32Array(n);
      // The root's children first: the queue starts with them, not with the root.
      for (const t of (this.trie[0] as Map<number, number>).values()) depth[t] = 1;
      for (const s of queue)
        for (const t of (this.trie[s] as Map<number, number>).values()) depth[t] = (depth[s] as number) + 1;
      this.depth = depth;
    }
    this.suffixes = new Map();
    this.prefixes = new Map();
  }

  /**
   * Number states in breadth-first order: scans spend nearly all their time in the shallow states
   * (root, one or two characters in), which then share a few cache lines at the start of the
   * table instead of being scattered across megabytes in pattern insertion order.
   */
  private renumberBreadthFirst(): void {
    const n = this.trie.length;
    const order: number[] = [0];
    for (let q = 0; q < order.length; q++)
      for (const t of (this.trie[order[q] as number] as Map<number, number>).values()) order.push(t);
    const id = new Int32Array(n);
    order.forEach((old, i) => {
      id[old] = i;
    });
    this.trie = order.map((old) => {
      const m = new Map<number, number>();
      for (const [c, t] of this.trie[old] as Map<number, number>) m.set(c, id[t] as number);
      return m;
    });
    this.outs = order.map((old) => this.outs[old] as number[]);
    this.exact = new Map([...this.exact].map(([s, p]) => [id[s] as number, p]));
    this.exactLen = new Map([...this.exactLen].map(([s, l]) => [id[s] as number, l]));
    this.suffixes = new Map([...this.suffixes].map(([s, p]) => [id[s] as number, p]));
    this.prefixes = new Map([...this.prefixes].map(([s, p]) => [id[s] as number, p]));
  }

  /** Like `scan` (input already lowercase), also passing where each occurrence ends (exclusive). */
  scanEnds(text: string, hit: (payload: number, end: number) => void): void {
    if (!this.built) this.build();
    const { classOf, delta, width, out, hasOut } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      s = c < 128 ? (delta[s * width + (classOf[c] as number)] as number) : this.step(this.fail, s, c);
      if (hasOut[s] === 1) {
        const o = out[s] as readonly number[];
        for (let k = 0; k < o.length; k++) hit(o[k] as number, i + 1);
      }
    }
  }

  /**
   * Multi-matcher check (`multi-match.ts`) on lowercase text: is there an occurrence of pattern
   * `p` that is anchored as `kinds[p]` says (0 whole value, 1 prefix, 2 suffix, 3 anywhere),
   * `lengths[p]` being its length? Stops at the first.
   */
  findEnd(text: string, kinds: Uint8Array, lengths: Uint32Array): boolean {
    if (!this.built) this.build();
    const { classOf, delta, width, out, hasOut } = this;
    const n = text.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      s = c < 128 ? (delta[s * width + (classOf[c] as number)] as number) : this.step(this.fail, s, c);
      if (hasOut[s] === 1) {
        const o = out[s] as readonly number[];
        const end = i + 1;
        for (let k = 0; k < o.length; k++) {
          const p = o[k] as number;
          const kind = kinds[p] as number;
          if (kind === 3) return true;
          const start = end - (lengths[p] as number);
          if (
            (kind === 1 && start === 0) ||
            (kind === 2 && end === n) ||
            (kind === 0 && start === 0 && end === n)
          )
            return true;
        }
      }
    }
    return false;
  }

  /** Transition on a non-ASCII character: trie edge, else follow failure links. */
  private step(fail: Int32Array, from: number, c: number): number {
    let s = from;
    for (;;) {
      const t = this.wide.get(s)?.get(c);
      if (t !== undefined) return t;
      if (s === 0) return 0;
      s = fail[s] as number;
    }
  }

  /**
   * Like `scan` on `text.toLowerCase()`, without lowercasing, as long as the text is ASCII:
   * returns false at the first non-ASCII character (hits so far may have been reported), and the
   * caller then scans the lowercased text.
   */
  scanAscii(text: string, hit: (payload: number) => void): boolean {
    if (!this.built) this.build();
    const { classOf, delta, width, out, hasOut } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128) return false;
      s = delta[s * width + (classOf[c] as number)] as number;
      if (hasOut[s] === 1) {
        const o = out[s] as readonly number[];
        for (let k = 0; k < o.length; k++) hit(o[k] as number);
      }
    }
    return true;
  }

  /**
   * One pass for the rule index: every contained pattern's payload while scanning, then the exact
   * patterns equal to the whole value. Case folds per character (ASCII by the table, others by a
   * memoised `toLowerCase`), so no lowercased copy is made. Returns PROBE_FALLBACK (0), maybe
   * after some hits, when the text has a character whose lowercase depends on context or is not
   * one UTF-16 unit (final sigma, `İ`, surrogates): the caller then probes `text.toLowerCase()`
   * with `lowered` set, which reads characters as they are (only `ſ` as `s`) and never falls back:
   * emoji patterns are surrogate pairs in the trie. Otherwise PROBE_EXACT, or PROBE_LONG_S when the text has `ſ`, read as `s`: the hits are then
   * a superset of `toLowerCase` containment (right for necessary conditions, not for proofs).
   */
  probe(text: string, hit: (payload: number) => void, lowered = false): ProbeResult {
    if (!this.built) this.build();
    // Numbers, timestamps, GUIDs: one cheap pass over the value, then nothing or a small automaton.
    if (this.byClass.length > 0) {
      const m = valueClasses(text);
      if (m !== 0) {
        const small = this.byClass[smallestClass(m)];
        if (small === null) return PROBE_EXACT;
        if (small !== undefined) return small.probe(text, hit, lowered);
      }
    }
    const { classOf, delta, width, out, hasOut } = this;
    let result: ProbeResult = PROBE_EXACT;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 128) {
        if (c === LONG_S) result = PROBE_LONG_S;
        if (!lowered) {
          c = fold(c);
          if (c === IRREGULAR) return PROBE_FALLBACK;
        } else if (c === LONG_S) c = 0x73;
      }
      s = c < 128 ? (delta[s * width + (classOf[c] as number)] as number) : this.step(this.fail, s, c);
      if (hasOut[s] === 1) {
        const o = out[s] as readonly number[];
        for (let k = 0; k < o.length; k++) hit(o[k] as number);
      }
    }
    if (this.exact.size > 0 && this.exactLen.get(s) === text.length) {
      const o = this.exact.get(s) as readonly number[];
      for (let k = 0; k < o.length; k++) hit(o[k] as number);
    }
    // The patterns that end the value are the outputs of the state the scan ends in.
    const suffixOut = this.suffixOut;
    if (suffixOut !== undefined) {
      const o = suffixOut[s];
      if (o !== undefined) for (let k = 0; k < o.length; k++) hit(o[k] as number);
    }
    if (this.prefixOut !== undefined) this.probePrefixes(text, hit, lowered);
    return result;
  }

  /**
   * Prefix patterns: walks the trie from the root along the value (case-folded) while each step
   * is a trie edge, i.e. the state's depth is the number of characters read.
   */
  private probePrefixes(text: string, hit: (payload: number) => void, lowered: boolean): void {
    const { classOf, delta, width, depth } = this;
    const prefixOut = this.prefixOut as (readonly number[] | undefined)[];
    const end = Math.min(text.length, this.longestPrefix);
    let s = 0;
    for (let i = 0; i < end; i++) {
      let c = text.charCodeAt(i);
      let t: number;
      if (c < 128) t = delta[s * width + (classOf[c] as number)] as number;
      else {
        c = lowered ? (c === LONG_S ? 0x73 : c) : fold(c);
        const edge = c < 128 ? delta[s * width + (classOf[c] as number)] : this.wide.get(s)?.get(c);
        if (edge === undefined) return;
        t = edge;
      }
      if (depth[t] !== i + 1) return;
      s = t;
      const o = prefixOut[s];
      if (o !== undefined) for (let k = 0; k < o.length; k++) hit(o[k] as number);
    }
  }

  /** Calls `hit(payload)` for every occurrence of a (lowercase) pattern in `text`; ASCII letters match either case. */
  scan(text: string, hit: (payload: number) => void): void {
    if (!this.built) this.build();
    const { classOf, delta, width, out, hasOut } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      s = c < 128 ? (delta[s * width + (classOf[c] as number)] as number) : this.step(this.fail, s, c);
      if (hasOut[s] === 1) {
        const o = out[s] as readonly number[];
        for (let k = 0; k < o.length; k++) hit(o[k] as number);
      }
    }
  }
}

/** Where a pattern must occur in the value for `probe` to report it. */
export type Anchor = 'anywhere' | 'whole' | 'prefix' | 'suffix';

/** What `probe` found: fall back to the lowercased text, exact hits, or hits with `ſ` read as `s`. */
export type ProbeResult = 0 | 1 | 2;
export const PROBE_FALLBACK = 0;
export const PROBE_EXACT = 1;
export const PROBE_LONG_S = 2;
/** U+017F LATIN SMALL LETTER LONG S. */
const LONG_S = 0x17f;

/** `fold` result for characters that must go through `String.prototype.toLowerCase` on the whole text. */
const IRREGULAR = 0xffff;
/** Lowercase of each UTF-16 unit ≥ 128, filled on first sight (0 = not yet known). */
const FOLD = new Uint16Array(65536);

function fold(c: number): number {
  const known = FOLD[c] as number;
  if (known !== 0) return known;
  let f = IRREGULAR;
  // Σ lowercases by context (final sigma); surrogate halves only case-map as a pair.
  if (c !== 0x3a3 && (c < 0xd800 || c > 0xdfff)) {
    const l = String.fromCharCode(c).toLowerCase();
    if (l.length === 1) f = l.charCodeAt(0);
  }
  // Long s (ſ) lowercases to itself, yet case-insensitive regexes (RE2) match it as `s`: the
  // prefilter reads it as `s`, so `powerſhell` still fires a `(?i)powershell` rule. Only ever
  // more candidates: the rules' own tests decide.
  if (c === LONG_S) f = 0x73;
  FOLD[c] = f;
  return f;
}

/**
 * Per value class, the automaton of the patterns whose characters all lie in it (exact ones too:
 * a value equal to a pattern has its characters): every pattern that can occur in a value of the
 * class, so its hits are exactly the full automaton's. null when there is none; undefined when
 * it would not be much smaller than the full automaton.
 */
function classAutomata(
  added: ReadonlyArray<readonly [string, number, Anchor]>,
  states: number,
): (AhoCorasick | null | undefined)[] {
  const out: (AhoCorasick | null | undefined)[] = [];
  for (let k = 0; k < VALUE_CLASSES; k++) {
    const ac = new AhoCorasick({ classes: false });
    let chars = 0;
    let patterns = 0;
    for (const [p, payload, anchor] of added) {
      if ((valueClasses(p) & (1 << k)) === 0) continue;
      ac.add(p, payload, anchor);
      chars += p.length;
      patterns++;
    }
    if (patterns === 0) out.push(null);
    else if (chars * 4 < states) {
      ac.build();
      out.push(ac);
    } else out.push(undefined);
  }
  return out;
}
