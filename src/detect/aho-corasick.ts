/**
 * Multi-pattern substring search (Aho–Corasick) for the literal prefilter: one linear pass over
 * a field value reports every rule whose required literal occurs in it.
 */
export class AhoCorasick {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];
  private built = false;

  add(pattern: string, payload: number): void {
    let s = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let t = this.next[s]?.get(c);
      if (t === undefined) {
        t = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.out.push([]);
        this.next[s]?.set(c, t);
      }
      s = t;
    }
    this.out[s]?.push(payload);
    this.built = false;
  }

  /** Failure links breadth-first; outputs merged so a scan needs no suffix walk. */
  build(): void {
    const queue: number[] = [];
    for (const t of (this.next[0] as Map<number, number>).values()) {
      this.fail[t] = 0;
      queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q] as number;
      for (const [c, t] of this.next[s] as Map<number, number>) {
        queue.push(t);
        let f = this.fail[s] as number;
        while (f !== 0 && !this.next[f]?.has(c)) f = this.fail[f] as number;
        const g = this.next[f]?.get(c);
        this.fail[t] = g !== undefined && g !== t ? g : 0;
        const inherited = this.out[this.fail[t] as number] as number[];
        if (inherited.length > 0) this.out[t] = [...(this.out[t] as number[]), ...inherited];
      }
    }
    this.built = true;
  }

  /** Calls `hit(payload)` for every pattern occurrence (payloads may repeat). */
  scan(text: string, hit: (payload: number) => void): void {
    if (!this.built) this.build();
    const next = this.next;
    const fail = this.fail;
    const out = this.out;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let t = next[s]?.get(c);
      while (t === undefined && s !== 0) {
        s = fail[s] as number;
        t = next[s]?.get(c);
      }
      s = t ?? 0;
      const o = out[s] as number[];
      for (let k = 0; k < o.length; k++) hit(o[k] as number);
    }
  }
}
