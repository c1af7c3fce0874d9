import { asciiFolded, FOLD_HAZARDS, FOLD_OTHERS } from './ascii-fold.ts';
import { WasmWalk, type WasmWalkSizes, webAssembly } from './wasm-walk.ts';

/**
 * Case-insensitive multi-keyword matcher (Aho–Corasick compiled to a dense DFA over UTF-8 bytes):
 * one pass over the text tells which keywords occur, so the cost of the keyword prefilter does not
 * grow with the number of rules. Bytes, not UTF-16 units: the scanner needs the UTF-8 buffer for
 * RE2 anyway, and indexing a Buffer is about twice as fast as `charCodeAt`. ASCII letters fold to
 * lower case, and so do the three non-ASCII letters whose lower case is ASCII (src/secrets/ascii-fold.ts);
 * a keyword's non-ASCII letters match in either case (each case variant of the keyword is added,
 * up to 64 variants per keyword).
 *
 * Besides keywords, the automaton finds byte sequences that other full-text searches used to look
 * for, in the same pass: the non-ASCII letters that fold to ASCII (so the fold is done only for
 * texts holding one) and the caller's `sequences` (the scanner's escape starts, src/secrets/escapes.ts).
 * Each such pass over a text had cost as much as a few keywords' worth of automaton states.
 */
export interface KeywordMatcherOptions {
  /** false: the JavaScript walk only; sizes: the WebAssembly walk's (differential tests). */
  readonly wasm?: false | WasmWalkSizes;
  /**
   * Groups of byte sequences matched as written (ASCII letters in them still fold): group g has
   * id `keywords.length + g`. Never among the keywords found; their occurrences are recorded,
   * as anchors' are, when their id is wanted.
   */
  readonly sequences?: readonly (readonly Uint8Array[])[];
}

/**
 * Where recorded occurrences go, as (id, index of the last byte) in text order: an array, or
 * reused memory (src/secrets/occurrences.ts).
 */
export interface HitSink {
  push(id: number, end: number): unknown;
}

/** `folds` bits: the text holds U+212A or U+017F (RE2's `(?i)` folds them: src/secrets/anchors.ts). */
export const FOLD_HAZARD = 1;
/** `folds` bits: the text holds U+0130 (folded for keywords only). */
export const FOLD_OTHER = 2;

export class KeywordMatcher {
  readonly keywords: readonly string[];
  /** Ids in use: the keywords', then the sequence groups', then the fold letters' two. */
  readonly ids: number;
  /**
   * Which fold letters the last walk met (FOLD_HAZARD | FOLD_OTHER bits): read it right after
   * `findWithRuns`, before the next text is walked.
   */
  folds = 0;
  /** Ids of the fold letters' two groups (FOLD_HAZARD, FOLD_OTHER), -1 without keywords. */
  private readonly foldHazardId: number;
  private readonly foldOtherId: number;
  private readonly classes: number;
  /** Byte → character class (0 = in no keyword). */
  private readonly byteClass: Uint16Array;
  /**
   * Transitions, pre-multiplied by the class count so the hot loop is `delta[state + cls]`;
   * stored as `-(target + 1)` when the target state ends a keyword, so one load says both.
   */
  private readonly delta: Int32Array;
  /** Keyword ids ending at each state (including via failure links). */
  private readonly outputs: readonly (readonly number[])[];
  private readonly infos = new WeakMap<Uint8Array, Uint16Array>();
  /** The walk compiled to WebAssembly (src/secrets/wasm-walk.ts), unless off or unavailable. */
  private readonly wasm: WasmWalk | undefined;
  /**
   * Where the WebAssembly walk's hits go, for the walk under way: one object and one callback for
   * the matcher's life (a closure and a `seen` array per text cost more than short texts' walks).
   * `seen` is all zeros between walks.
   */
  private readonly hits: {
    seen: Uint8Array;
    found: number[];
    wanted: Uint8Array | undefined;
    out: HitSink | undefined;
  };
  private readonly onHit: (state: number, position: number) => void;

  constructor(keywords: readonly string[], options: KeywordMatcherOptions = {}) {
    const unique = [...new Set(keywords.map((k) => k.toLowerCase()).filter((k) => k.length > 0))];
    this.keywords = unique;
    // The fold letters matter only for keywords: without any, none are looked for.
    const sequences = [
      ...(options.sequences ?? []),
      ...(unique.length > 0 ? [FOLD_HAZARDS, FOLD_OTHERS] : []),
    ];
    this.ids = unique.length + sequences.length;
    this.foldHazardId = unique.length > 0 ? this.ids - 2 : -1;
    this.foldOtherId = unique.length > 0 ? this.ids - 1 : -1;
    this.byteClass = new Uint16Array(256);
    let classes = 1;
    const classOf = (byte: number): number => {
      if (this.byteClass[byte] === 0) this.byteClass[byte] = classes++;
      return this.byteClass[byte] as number;
    };
    // Trie over the UTF-8 bytes of each keyword's case variants.
    const children: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    // The longest keyword in bytes (the trie's depth): the WebAssembly walk's second stream
    // starts that far before its half of a chunk.
    let depth = 0;
    const add = (utf8: Uint8Array, id: number): void => {
      let state = 0;
      depth = Math.max(depth, utf8.length);
      for (const byte of utf8) {
        const cls = classOf(byte);
        let next = children[state]?.get(cls);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          out.push([]);
          children[state]?.set(cls, next);
        }
        state = next;
      }
      if (!out[state]?.includes(id)) out[state]?.push(id);
    };
    unique.forEach((keyword, id) => {
      for (const variant of caseVariants(keyword)) add(Buffer.from(variant, 'utf8'), id);
    });
    sequences.forEach((group, g) => {
      for (const bytes of group) add(bytes, unique.length + g);
    });
    // Upper-case ASCII letters share their lower-case class.
    for (let c = 65; c <= 90; c++) this.byteClass[c] = this.byteClass[c + 32] as number;
    this.classes = classes;
    // States numbered in breadth-first order: the shallow states, where the walk spends nearly
    // all its time, sit together in a few cache lines instead of being spread over the table.
    const n = children.length;
    const order = [0];
    for (let head = 0; head < order.length; head++)
      for (const next of (children[order[head] as number] as Map<number, number>).values()) order.push(next);
    const rank = new Int32Array(n);
    order.forEach((state, r) => {
      rank[state] = r;
    });
    const outputs = order.map((state) => out[state] as number[]);
    // Failure links folded into a dense transition table, row by row in that order: a state's
    // failure state is shallower, so its row is final and is copied whole, then the state's own
    // children are written over it.
    const table = new Int32Array(n * classes);
    const fail = new Int32Array(n);
    for (const [cls, next] of children[0] ?? []) table[cls] = rank[next] as number;
    for (let r = 1; r < n; r++) {
      const f = fail[r] as number;
      const own = outputs[r] as number[];
      for (const id of outputs[f] as number[]) if (!own.includes(id)) own.push(id);
      table.copyWithin(r * classes, f * classes, (f + 1) * classes);
      for (const [cls, next] of children[order[r] as number] as Map<number, number>) {
        const child = rank[next] as number;
        fail[child] = table[f * classes + cls] as number;
        table[r * classes + cls] = child;
      }
    }
    // Targets pre-multiplied by the class count; negative when the target ends a keyword.
    for (let i = 0; i < table.length; i++) {
      const target = table[i] as number;
      const base = target * classes;
      table[i] = (outputs[target] as number[]).length > 0 ? -(base + 1) : base;
    }
    this.delta = table;
    this.outputs = outputs;
    this.wasm =
      options.wasm !== false && webAssembly ? new WasmWalk(table, classes, depth, options.wasm) : undefined;
    const hits: KeywordMatcher['hits'] = {
      seen: new Uint8Array(this.ids),
      found: [],
      wanted: undefined,
      out: undefined,
    };
    this.hits = hits;
    this.onHit = (state, position) => {
      for (const id of outputs[state] as readonly number[]) {
        if (hits.seen[id] === 0) {
          hits.seen[id] = 1;
          hits.found.push(id);
        }
        if (hits.wanted !== undefined && hits.wanted[id] === 1) hits.out?.push(id, position);
      }
    };
    this.prime();
  }

  /**
   * Walks small texts that take every path of the walk in use (keyword hits, recorded
   * occurrences, runs ended inside and at the end of a text; for the WebAssembly walk also its
   * chunk loop, the joins of runs where its two streams meet and the hit callback; a fold letter
   * for the folded second walk), so V8 has type feedback for each operation when it optimizes
   * them. Without it the JavaScript walk was first optimized on-stack inside its first long loop,
   * with no feedback yet for what follows the loop: that code deoptimized at the end of every
   * later text (2,753 times in one pass over the npm tree) and each text started interpreted; and
   * WasmWalk.walk met its rarer paths only after being optimized, and was compiled four times in
   * one scan (18 ms of compiling). V8 allocates a function's feedback vector only after several
   * calls (8 in Node 20), hence the rounds.
   */
  private prime(): void {
    const some = Buffer.from(`${this.keywords.slice(0, 16).join(' ')} \u212a`, 'utf8');
    const texts = this.wasm
      ? this.wasm.primingTexts(some)
      : [Buffer.concat([some, Buffer.from(` ${'a'.repeat(24)} ${'b'.repeat(24)}`)])];
    const letters = new Uint8Array(128).fill(1, 0x61, 0x7b);
    const wanted = new Uint8Array(this.ids).fill(1);
    for (let round = 0; round < 16; round++)
      for (const text of texts) {
        this.findWithRuns(text, letters, 20, [], { wanted, out: [] });
        this.keywordsIn(text);
      }
  }

  /** The keyword walk alone: no runs, no anchor hits. */
  private keywordsIn(bytes: Uint8Array): number[] {
    return this.walk(bytes, this.infoFor(undefined), 0, undefined, undefined, undefined);
  }

  /** The walk (see `walk` below), in WebAssembly when compiled. */
  private walk(
    bytes: Uint8Array,
    info: Uint16Array,
    minRun: number,
    runs: number[] | undefined,
    wanted: Uint8Array | undefined,
    out: HitSink | undefined,
  ): number[] {
    // The WebAssembly walk ends runs at minRun >= 1 (a run of length 0 is never reported there).
    if (!this.wasm || (runs !== undefined && minRun < 1))
      return this.keywordsOnly(
        walk(bytes, this.delta, info, this.classes, this.outputs, this.ids, minRun, runs, wanted, out),
      );
    const hits = this.hits;
    const found: number[] = [];
    hits.found = found;
    hits.wanted = wanted;
    hits.out = out;
    this.wasm.walk(bytes, info, minRun, runs, this.onHit);
    for (const id of found) hits.seen[id] = 0;
    return this.keywordsOnly(found);
  }

  /** `found` without the sequence and fold ids; the fold letters met go to `folds`. */
  private keywordsOnly(found: number[]): number[] {
    const n = this.keywords.length;
    let folds = 0;
    let others = false;
    for (const id of found) {
      if (id < n) continue;
      others = true;
      if (id === this.foldHazardId) folds |= FOLD_HAZARD;
      else if (id === this.foldOtherId) folds |= FOLD_OTHER;
    }
    this.folds = folds;
    return others ? found.filter((id) => id < n) : found;
  }

  /** Ids (indexes into `keywords`) of every keyword occurring in `text`, each once. */
  find(text: string | Uint8Array): number[] {
    return this.findWithRuns(
      typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
      undefined,
      0,
      undefined,
    );
  }

  /**
   * Same over UTF-8 bytes, and in the same pass collects runs of at least `minRun` bytes from
   * `alphabet` (ASCII flags) as [start, end) byte offsets into `runs`: the base64/hex candidates
   * of the decoder, found without a second pass over the text. With `hits`, every occurrence of a
   * keyword flagged in `hits.wanted` (by id) is pushed to `hits.out` as (id, byte index of its last
   * byte): where anchored patterns are tried (src/secrets/anchors.ts).
   */
  findWithRuns(
    bytes: Uint8Array,
    alphabet: Uint8Array | undefined,
    minRun: number,
    runs: number[] | undefined,
    hits?: { readonly wanted: Uint8Array; readonly out: HitSink },
  ): number[] {
    if (this.ids === 0 && !runs) return [];
    const found = this.walk(
      bytes,
      this.infoFor(runs ? alphabet : undefined),
      minRun,
      runs,
      hits?.wanted,
      hits?.out,
    );
    // Keywords written with a letter that lower-cases to ASCII (K, İ, ſ): a second walk over the
    // folded copy, for keywords only (its offsets are not the text's; anchored patterns fall back
    // to the whole-text search on such texts, src/secrets/anchors.ts).
    const folds = this.folds;
    if (folds !== 0) {
      const folded = asciiFolded(bytes);
      if (folded) for (const id of this.keywordsIn(folded)) if (!found.includes(id)) found.push(id);
      // The folded walk (which meets no fold letter) reset it: `folds` describes `bytes`.
      this.folds = folds;
    }
    return found;
  }

  /**
   * Byte → class in the low bits, IN_RUN set when the byte belongs to the run alphabet (every
   * byte when there is none): one table load per byte serves both jobs of the loop.
   */
  private infoFor(alphabet: Uint8Array | undefined): Uint16Array {
    let info = this.infos.get(alphabet ?? NO_ALPHABET);
    if (!info) {
      info = new Uint16Array(256);
      for (let b = 0; b < 256; b++) {
        const inRun = alphabet ? b < 128 && alphabet[b] === 1 : true;
        info[b] = (this.byteClass[b] as number) | (inRun ? IN_RUN : 0);
      }
      this.infos.set(alphabet ?? NO_ALPHABET, info);
    }
    return info;
  }
}

const NO_ALPHABET = new Uint8Array(0);
/** Classes are at most 257 (one per byte value + 'none'); the flag sits above them. */
const IN_RUN_BIT = 15;
const IN_RUN = 1 << IN_RUN_BIT;
const CLASS = 0x7fff;

/** Every upper/lower-case combination of a keyword's non-ASCII letters (ASCII folds in the DFA). */
function caseVariants(keyword: string): string[] {
  // The usual case: ASCII (already lower-case), folded by the automaton itself.
  if (!/[^\p{ASCII}]/u.test(keyword)) return [asciiLower(keyword)];
  let variants = [''];
  for (const ch of keyword) {
    const alternatives =
      ch.charCodeAt(0) < 128 ? [ch] : [...new Set([ch, ch.toLowerCase(), ch.toUpperCase()])];
    if (alternatives.length > 1 && variants.length * alternatives.length > 64) {
      // Too many combinations: keep the all-lower and all-upper forms only.
      return [...new Set([keyword, keyword.toUpperCase()].map(asciiLower))];
    }
    variants = variants.flatMap((v) => alternatives.map((a) => v + a));
  }
  // An upper-case form may contain ASCII letters ('ß' → 'SS'): the DFA folds those itself.
  return [...new Set(variants.map(asciiLower))];
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * The automaton's walk (KeywordMatcher.findWithRuns), a plain function of its tables: the same
 * loop inside the method, tables read from `this` into locals, measured 3.5 ns a byte instead of
 * 2.6–2.9 on the npm tree (Node 20; why V8 compiles it worse there was not pinned down).
 */
function walk(
  bytes: Uint8Array,
  delta: Int32Array,
  info: Uint16Array,
  classes: number,
  outputs: readonly (readonly number[])[],
  keywordCount: number,
  minRun: number,
  runs: number[] | undefined,
  wanted: Uint8Array | undefined,
  out: HitSink | undefined,
): number[] {
  const found: number[] = [];
  const seen = new Uint8Array(keywordCount);
  let state = 0;
  // Start of the current run of alphabet bytes (a run ends at the first byte outside it).
  let start = 0;
  const length = bytes.length;
  for (let i = 0; i < length; i++) {
    const v = info[bytes[i] as number] as number;
    // Run bookkeeping without a branch on the byte: whether a byte is in the alphabet flips at
    // random in source code, and a mispredicted branch there cost more than the automaton step.
    // `outside` is -1 at a byte outside the alphabet, 0 inside; `(i - start) | ~outside` is the
    // length of the run this byte ends, or -1 inside a run (never >= minRun), so the remaining
    // branch is taken only at the end of a long run.
    const outside = (v >> IN_RUN_BIT) - 1;
    if (((i - start) | ~outside) >= minRun) runs?.push(start, i);
    start += (i + 1 - start) & outside;
    let next = delta[state + (v & CLASS)] as number;
    if (next < 0) {
      next = -next - 1;
      for (const id of outputs[next / classes] as readonly number[]) {
        if (seen[id] === 0) {
          seen[id] = 1;
          found.push(id);
        }
        if (wanted !== undefined && wanted[id] === 1) out?.push(id, i);
      }
    }
    state = next;
  }
  if (runs && length - start >= minRun) runs.push(start, length);
  return found;
}
