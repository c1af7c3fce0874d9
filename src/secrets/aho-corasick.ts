/**
 * Case-insensitive multi-keyword matcher (Aho–Corasick compiled to a dense DFA): one pass over the
 * text tells which keywords occur, so the cost of the keyword prefilter does not grow with the
 * number of rules. ASCII letters fold to lower case; other characters match as written in
 * lower case.
 */
export class KeywordMatcher {
  readonly keywords: readonly string[];
  private readonly classes: number;
  private readonly ascii: Uint16Array;
  private readonly other: Map<number, number>;
  private readonly delta: Int32Array;
  /** Keyword ids ending at each state (including via failure links). */
  private readonly outputs: readonly (readonly number[])[];
  /** 1 where a state (pre-multiplied index) has outputs: the hot loop tests a byte, not an array. */
  private readonly hasOutput: Uint8Array;

  constructor(keywords: readonly string[]) {
    const unique = [...new Set(keywords.map((k) => k.toLowerCase()).filter((k) => k.length > 0))];
    this.keywords = unique;
    // Character classes: 0 = not in any keyword.
    this.ascii = new Uint16Array(128);
    this.other = new Map();
    let classes = 1;
    const classOf = (code: number): number => {
      if (code < 128) {
        if (this.ascii[code] === 0) this.ascii[code] = classes++;
        return this.ascii[code] as number;
      }
      let c = this.other.get(code);
      if (c === undefined) {
        c = classes++;
        this.other.set(code, c);
      }
      return c;
    };
    // Trie.
    const children: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    unique.forEach((keyword, id) => {
      let state = 0;
      for (let i = 0; i < keyword.length; i++) {
        const cls = classOf(keyword.charCodeAt(i));
        let next = children[state]?.get(cls);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          out.push([]);
          children[state]?.set(cls, next);
        }
        state = next;
      }
      out[state]?.push(id);
    });
    // Upper-case ASCII letters share their lower-case class.
    for (let c = 65; c <= 90; c++) this.ascii[c] = this.ascii[c + 32] as number;
    this.classes = classes;
    // BFS: failure links folded into a dense transition table.
    const n = children.length;
    const delta = new Int32Array(n * classes);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (const [cls, next] of children[0] ?? []) {
      delta[cls] = next;
      queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      const f = fail[state] as number;
      const own = out[state] as number[];
      for (const id of out[f] ?? []) own.push(id);
      for (let cls = 0; cls < classes; cls++) {
        const next = children[state]?.get(cls);
        if (next === undefined) delta[state * classes + cls] = delta[f * classes + cls] as number;
        else {
          delta[state * classes + cls] = next;
          fail[next] = delta[f * classes + cls] as number;
          queue.push(next);
        }
      }
    }
    // Pre-multiply targets by the class count so the hot loop is `delta[state + cls]`.
    for (let i = 0; i < delta.length; i++) delta[i] = (delta[i] as number) * classes;
    this.delta = delta;
    this.outputs = out;
    this.hasOutput = new Uint8Array(n * classes);
    out.forEach((ids, state) => {
      if (ids.length > 0) this.hasOutput[state * classes] = 1;
    });
  }

  /** Ids (indexes into `keywords`) of every keyword occurring in `text`, each once. */
  find(text: string): number[] {
    return this.findWithRuns(text, undefined, 0, undefined);
  }

  /**
   * Same, and in the same pass collects runs of at least `minRun` characters from `alphabet`
   * (ASCII flags) as [start, end) pairs into `runs`: the base64/hex candidates of the decoder,
   * found without a second pass over the text.
   */
  findWithRuns(
    text: string,
    alphabet: Uint8Array | undefined,
    minRun: number,
    runs: number[] | undefined,
  ): number[] {
    const found: number[] = [];
    const noKeywords = this.keywords.length === 0;
    if (noKeywords && !alphabet) return found;
    const seen = new Uint8Array(this.keywords.length);
    const { delta, ascii, other, classes, outputs, hasOutput } = this;
    let state = 0;
    let runStart = -1;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (alphabet) {
        if (code < 128 && alphabet[code] === 1) {
          if (runStart < 0) runStart = i;
        } else if (runStart >= 0) {
          if (i - runStart >= minRun) runs?.push(runStart, i);
          runStart = -1;
        }
      }
      if (noKeywords) continue;
      const cls = code < 128 ? (ascii[code] as number) : (other.get(code) ?? other.get(lowerCode(code)) ?? 0);
      state = delta[state + cls] as number;
      if (hasOutput[state] === 1) {
        for (const id of outputs[state / classes] as readonly number[]) {
          if (seen[id] === 0) {
            seen[id] = 1;
            found.push(id);
          }
        }
      }
    }
    if (runStart >= 0 && length - runStart >= minRun) runs?.push(runStart, length);
    return found;
  }
}

function lowerCode(code: number): number {
  return String.fromCharCode(code).toLowerCase().charCodeAt(0);
}
