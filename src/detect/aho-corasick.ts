/**
 * Multi-pattern substring search (Aho–Corasick) for the literal prefilter: one linear pass over
 * a field value reports every rule whose required literal occurs in it. After `build()` ASCII
 * input runs on a dense DFA over the ASCII characters the patterns use (one array read per
 * character; unused characters share class 0, which leads to the root). Other characters (emoji,
 * homoglyph patterns) follow trie edges and failure links, which keeps the table small.
 * Patterns must be lowercase (the engine lowercases both sides).
 */
export class AhoCorasick {
  private trie: Map<number, number>[] = [new Map()];
  /** After build: only the non-ASCII edges, by state (the trie itself is dropped to save memory). */
  private wide = new Map<number, Map<number, number>>();
  private outs: number[][] = [[]];
  private classOf = new Uint8Array(128);
  private fail = new Int32Array(0);
  private width = 1;
  /** Transition table; 16-bit when the automaton has < 65,536 states (half the cache footprint). */
  private delta: Int32Array | Uint16Array = new Int32Array(0);
  private out: (readonly number[] | undefined)[] = [];
  private hasOut = new Uint8Array(0);
  private built = false;

  add(pattern: string, payload: number): void {
    if (this.built) throw new Error('AhoCorasick.add after build(): add every pattern first');
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
    this.outs[s]?.push(payload);
  }

  build(): void {
    if (this.built) return;
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
    this.trie = [];
    this.outs = [];
    this.classOf = classOf;
    this.width = width;
    this.delta = delta;
    this.out = out;
    this.hasOut = Uint8Array.from(out, (o) => (o ? 1 : 0));
    this.built = true;
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
