/**
 * The keyword automaton's walk (src/secrets/aho-corasick.ts) as WebAssembly, generated here for
 * one automaton: its tables sit in the module's memory and their offsets are immediates of its
 * loads. Same results as the JavaScript walk (differential property tests), and faster: V8's
 * JavaScript walk re-checks array bounds and types on every byte, which WebAssembly does not (its
 * memory accesses are bounded by guard pages). Walking the npm tree's 53 MiB with runs and anchor
 * hits took 5.2-6.9 ns a byte in JavaScript, 2.7-3.8 in one stream here, 2.3 in two.
 *
 * What bounds one stream is the chain of dependent loads: each byte's transition needs the state
 * the previous one produced. So a chunk is walked as two streams at once, its first and second
 * half, whose chains the CPU overlaps. The second stream starts `depth` bytes before the middle
 * (the longest keyword) from the start state, which puts it in the true state at the middle: the
 * state after a text is its longest suffix that begins a keyword, and that suffix is no longer
 * than `depth`. A run of alphabet bytes across the middle is joined in JavaScript.
 *
 * Events go to one output area per stream, sized for the worst case (two per byte: a run ends and
 * a keyword ends), so a chunk is always walked whole: a keyword hit as (state entry, position), the
 * end of a run as (run start, end | 2^31). State and run start carry over between chunks, so a
 * text of any length is walked in bounded memory.
 */

/** Sizes other than the defaults: tests make them tiny to cross every boundary. */
export interface WasmWalkSizes {
  readonly chunk?: number;
  /** Chunks shorter than this are walked as one stream. */
  readonly split?: number;
}

/** Bytes of text per chunk (each stream's output area takes 16 times as much: two 8-byte events a byte). */
const CHUNK = 64 * 1024;
/** Below this a chunk is one stream: the second one's start costs more than it saves. */
const SPLIT = 2048;
/** Two info tables (256 × i32): with the run alphabet and without. */
const INFO_BYTES = 2 * 256 * 4;
/** Where the functions save what the caller needs (see SAVED). */
const SAVE = INFO_BYTES;
const DELTA = SAVE + 32;
const PAGE = 65536;
/** Words at SAVE after a call: final state, final run start, first stream's run start, ends of the two output areas. */
const SAVED = { state: 0, start: 1, startA: 2, outA: 3, outB: 4 } as const;

const IN_RUN = 1 << 15;
const CLASS = 0x7fff;

/** The part of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

/** Undefined where WebAssembly is off (`node --jitless`): the JS walk is used then. */
export const webAssembly = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;

type OneStream = (
  from: number,
  end: number,
  state: number,
  start: number,
  minRun: number,
  info: number,
) => void;
type TwoStreams = (
  end: number,
  state: number,
  start: number,
  minRun: number,
  info: number,
  mid: number,
  warmFrom: number,
) => void;

/**
 * A compiled walk for one automaton: its transitions as the JS walk stores them (pre-multiplied
 * by `classes`, -(x + 1) when a keyword ends) and `depth`, the longest keyword in bytes.
 */
export class WasmWalk {
  private readonly one: OneStream;
  private readonly two: TwoStreams;
  private readonly depth: number;
  private readonly data: number;
  private readonly outA: number;
  private readonly outB: number;
  private readonly chunk: number;
  private readonly split: number;
  private readonly rowBytes: number;
  private readonly bytesView: Uint8Array;
  private readonly wordsView: Int32Array;
  /** The info tables loaded in the two slots (byte → class | IN_RUN), most recent first. */
  private slots: [Uint16Array | undefined, Uint16Array | undefined] = [undefined, undefined];
  private slotAt: [number, number] = [0, 256 * 4];

  /** Throws where WebAssembly is unavailable (see `webAssembly`). */
  constructor(delta: Int32Array, classes: number, depth: number, sizes: WasmWalkSizes = {}) {
    const wasm = webAssembly;
    if (!wasm) throw new Error('WebAssembly is not available');
    this.chunk = sizes.chunk ?? CHUNK;
    this.split = Math.max(sizes.split ?? SPLIT, 2);
    this.depth = depth;
    this.data = align(DELTA + delta.length * 4, 16);
    // Two events a byte at most, 8 bytes each: an area per stream, each for a whole chunk.
    this.outA = align(this.data + this.chunk, 8);
    this.outB = this.outA + 16 * this.chunk;
    const memory = new wasm.Memory({ initial: Math.ceil((this.outB + 16 * this.chunk) / PAGE) });
    this.bytesView = new Uint8Array(memory.buffer);
    this.wordsView = new Int32Array(memory.buffer);
    this.rowBytes = classes * 4;
    // The module's encoding: byte offsets (× 4, no shift in the loop) and the keyword-end mark in
    // bit 0 (rows are multiples of 4 bytes apart).
    const words = this.wordsView;
    for (let k = 0; k < delta.length; k++) {
      const d = delta[k] as number;
      words[DELTA / 4 + k] = d < 0 ? (-d - 1) * 4 + 1 : d * 4;
    }
    const module = new wasm.Module(
      walkModule({ data: this.data, delta: DELTA, outA: this.outA, outB: this.outB }),
    );
    const instance = new wasm.Instance(module, { env: { memory } });
    this.one = instance.exports.one as OneStream;
    this.two = instance.exports.two as TwoStreams;
  }

  /**
   * Walks `bytes` with `info` (byte → class | IN_RUN, as the JS walk's). Hits are reported as
   * (state index, byte index of the keyword's last byte), in text order; runs of at least
   * `minRun` (≥ 1) alphabet bytes are pushed to `runs` as the JS walk pushes them (undefined: none).
   */
  walk(
    bytes: Uint8Array,
    info: Uint16Array,
    minRun: number,
    runs: number[] | undefined,
    onHit: (state: number, position: number) => void,
  ): void {
    const length = bytes.length;
    const infoAt = this.load(info);
    // Without runs the JS walk pushes none; a minimum no run reaches does the same here.
    const min = runs ? minRun : 0x7fffffff;
    const mem = this.bytesView;
    const words = this.wordsView;
    const chunk = this.chunk;
    let state = 0;
    let start = 0;
    let base = 0;
    for (; base < length; base += chunk) {
      const size = Math.min(chunk, length - base);
      mem.set(bytes.subarray(base, base + size), this.data);
      // Positions are relative to the chunk: a run still open from the last one starts below 0.
      if (base > 0) start -= chunk;
      // Two streams need the middle at least a keyword's length into the chunk: the second one's
      // state there comes from the bytes before it, all in this chunk.
      if (size < this.split || size >> 1 < this.depth) {
        this.one(0, size, state, start, min, infoAt);
        this.events(this.outA, words[SAVE / 4 + SAVED.outA] as number, base, runs, onHit);
        state = words[SAVE / 4 + SAVED.state] as number;
        start = words[SAVE / 4 + SAVED.start] as number;
        continue;
      }
      const mid = size >> 1;
      this.two(size, state, start, min, infoAt, mid, mid - this.depth);
      state = words[SAVE / 4 + SAVED.state] as number;
      start = words[SAVE / 4 + SAVED.start] as number;
      const startA = words[SAVE / 4 + SAVED.startA] as number;
      this.events(this.outA, words[SAVE / 4 + SAVED.outA] as number, base, runs, onHit);
      // The second stream began its runs afresh at `mid`: join the first stream's open run.
      let skipFirstRun = false;
      if (runs && startA < mid) {
        const continues = ((info[mem[this.data + mid] as number] as number) & IN_RUN) !== 0;
        if (!continues) {
          if (mid - startA >= minRun) runs.push(startA + base, mid + base);
        } else if (start === mid) {
          // Still open at the end of the chunk: it carries on, from where it really began.
          start = startA;
        } else {
          let end = mid;
          while (end < size && ((info[mem[this.data + end] as number] as number) & IN_RUN) !== 0) end++;
          if (end - startA >= minRun) runs.push(startA + base, end + base);
          // The second stream reported the same run from `mid` when long enough: not twice.
          skipFirstRun = end - mid >= minRun;
        }
      }
      this.events(this.outB, words[SAVE / 4 + SAVED.outB] as number, base, runs, onHit, skipFirstRun);
    }
    // The run still open at the end of the text (start is relative to the last chunk).
    const last = length === 0 ? 0 : base - chunk;
    if (runs && length - (start + last) >= minRun) runs.push(start + last, length);
  }

  /**
   * Texts that take every path of `walk` with runs of lower-case letters at least 20 long (the
   * caller primes V8's feedback with them): `prefix` (keywords: hits) then spaces, with a run that
   * crosses the middle of a two-stream chunk and ends in it, one that goes on to the end, one
   * that ends at the middle; and a text short enough for one stream.
   */
  primingTexts(prefix: Uint8Array): Buffer[] {
    const length = Math.min(this.chunk, Math.max(2 * this.split, 4 * this.depth + 96));
    const mid = length >> 1;
    const text = (runFrom: number, runTo: number): Buffer => {
      const bytes = Buffer.alloc(length, 0x20);
      bytes.set(prefix.subarray(0, Math.max(0, runFrom - 1)));
      bytes.fill(0x61, Math.max(0, runFrom), Math.min(length, runTo));
      return bytes;
    };
    return [
      text(mid - 24, mid + 24),
      text(mid - 24, length),
      text(mid - 24, mid),
      Buffer.concat([prefix, Buffer.from(` ${'a'.repeat(24)} ${'b'.repeat(24)}`)]).subarray(
        0,
        Math.max(1, this.split - 1),
      ),
    ];
  }

  /** Reports the events in [from, to) of an output area; `skipFirstRun`: drop its first run end. */
  private events(
    from: number,
    to: number,
    base: number,
    runs: number[] | undefined,
    onHit: (state: number, position: number) => void,
    skipFirstRun = false,
  ): void {
    const words = this.wordsView;
    let skip = skipFirstRun;
    for (let k = from >> 2; k < to >> 2; k += 2) {
      const first = words[k] as number;
      const second = words[k + 1] as number;
      if (second >= 0) onHit(((first & ~1) / this.rowBytes) | 0, second + base);
      else if (skip) skip = false;
      else runs?.push(first + base, (second & 0x7fffffff) + base);
    }
  }

  /** Byte offset of `info` in memory, loading it into the least recently used slot if needed. */
  private load(info: Uint16Array): number {
    if (this.slots[0] === info) return this.slotAt[0];
    if (this.slots[1] !== info) {
      const at = this.slotAt[1];
      for (let b = 0; b < 256; b++) this.wordsView[at / 4 + b] = wasmInfo(info[b] as number);
      this.slots[1] = info;
    }
    this.slots = [this.slots[1], this.slots[0]];
    this.slotAt = [this.slotAt[1], this.slotAt[0]];
    return this.slotAt[0];
  }
}

/** The module's table entry: the class × 4, and bit 31 set for a byte outside the run alphabet. */
function wasmInfo(v: number): number {
  return ((v & CLASS) * 4) | ((v & IN_RUN) === 0 ? 0x80000000 : 0);
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

// --- the module, byte by byte (https://webassembly.github.io/spec/core/binary/) ---

const I32 = 0x7f;
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  load: 0x28,
  load8u: 0x2d,
  store: 0x36,
  const: 0x41,
  geS: 0x4e,
  geU: 0x4f,
  add: 0x6a,
  sub: 0x6b,
  and: 0x71,
  or: 0x72,
  xor: 0x73,
  shl: 0x74,
  shrS: 0x75,
  select: 0x1b,
  void: 0x40,
} as const;

type Code = number[];

/** Where the module's loads and stores go (byte offsets in memory). */
interface Layout {
  readonly data: number;
  readonly delta: number;
  readonly outA: number;
  readonly outB: number;
}

const get = (l: number): Code => [op.localGet, l];
const set = (l: number): Code => [op.localSet, l];
const cst = (n: number): Code => [op.const, ...sleb(n)];
const load = (offset: number): Code => [op.load, 2, ...uleb(offset)];
const store = (offset: number): Code => [op.store, 2, ...uleb(offset)];
/** `while (local + ahead < bound) { body; local += step }` */
const loopWhile = (local: number, bound: Code, body: Code, step = 1, ahead = 0): Code => [
  op.block,
  op.void,
  op.loop,
  op.void,
  ...get(local),
  ...(ahead === 0 ? [] : [...cst(ahead), op.add]),
  ...bound,
  op.geU,
  op.brIf,
  1,
  ...body,
  ...get(local),
  ...cst(step),
  op.add,
  ...set(local),
  op.br,
  0,
  op.end,
  op.end,
];

/**
 * Two bytes of each stream per turn, then the odd byte left: the loop's own count, compare and
 * branch once per two bytes (the walk of the npm tree's files 80 → 77 ms).
 */
const pairsThen = (local: number, bound: Code, twice: Code, once: Code): Code => [
  ...loopWhile(local, bound, twice, 2, 1),
  ...loopWhile(local, bound, once),
];

/** Locals one stream's step uses: its position, state, run start and output pointer; scratch. */
interface Stream {
  readonly i: number;
  readonly state: number;
  readonly start: number;
  readonly out: number;
}
interface Scratch {
  readonly info: number;
  readonly minRun: number;
  readonly v: number;
  readonly outside: number;
  readonly e: number;
}

/** (a, b) at out, out += 8. */
function emit(out: number, a: Code, b: Code): Code {
  return [
    ...get(out),
    ...a,
    ...store(0),
    ...get(out),
    ...b,
    ...store(4),
    ...get(out),
    ...cst(8),
    op.add,
    ...set(out),
  ];
}

/** v = info[bytes[i]] */
function loadInfo(layout: Layout, s: Stream, x: Scratch, k = 0): Code {
  return [
    ...get(x.info),
    ...get(s.i),
    op.load8u,
    0,
    ...uleb(layout.data + k),
    ...cst(2),
    op.shl,
    op.add,
    ...load(0),
    ...set(x.v),
  ];
}

/** The automaton step: e = delta[state + class]; state = e & ~1. Leaves e in x.e. */
function transition(layout: Layout, s: Stream, x: Scratch): Code {
  return [
    ...get(s.state),
    ...get(x.v),
    ...cst(0x7ffc),
    op.and,
    op.add,
    ...load(layout.delta),
    op.localTee,
    x.e,
    ...cst(-2),
    op.and,
    ...set(s.state),
  ];
}

/** One byte of one stream: the JS walk's loop body. */
function step(layout: Layout, s: Stream, x: Scratch, k = 0): Code {
  // The byte's position: i, or i + k in the second half of an unrolled turn.
  const at: Code = k === 0 ? get(s.i) : [...get(s.i), ...cst(k), op.add];
  return [
    ...loadInfo(layout, s, x, k),
    // outside = v >> 31: -1 outside the run alphabet (bit 31 of the table entry), 0 inside
    ...get(x.v),
    ...cst(31),
    op.shrS,
    ...set(x.outside),
    // if (((i - start) & outside) >= minRun) a run ends here (minRun >= 1: never inside)
    ...at,
    ...get(s.start),
    op.sub,
    ...get(x.outside),
    op.and,
    ...get(x.minRun),
    op.geS,
    op.if,
    op.void,
    ...emit(s.out, get(s.start), [...at, ...cst(-0x80000000), op.or]),
    op.end,
    // start = outside ? i + 1 : start (a conditional move, no branch)
    ...at,
    ...cst(1),
    op.add,
    ...get(s.start),
    ...get(x.outside),
    op.select,
    ...set(s.start),
    ...transition(layout, s, x),
    // a keyword ends when bit 0 is set
    ...get(x.e),
    ...cst(1),
    op.and,
    op.if,
    op.void,
    ...emit(s.out, get(x.e), at),
    op.end,
  ];
}

/** Saves `value` at word `slot` of SAVE. */
const save = (slot: number, value: Code): Code => [...cst(0), ...value, ...store(SAVE + 4 * slot)];

/**
 * one(from, end, state, start, minRun, info): one stream over [from, end); saves state, start and
 * the end of output area A.
 */
function oneBody(layout: Layout): Code {
  const s: Stream = { i: 0, state: 2, start: 3, out: 6 };
  const x: Scratch = { info: 5, minRun: 4, v: 7, outside: 8, e: 9 };
  return [
    ...cst(layout.outA),
    ...set(s.out),
    ...pairsThen(s.i, get(1), [...step(layout, s, x), ...step(layout, s, x, 1)], step(layout, s, x)),
    ...save(SAVED.state, get(s.state)),
    ...save(SAVED.start, get(s.start)),
    ...save(SAVED.outA, get(s.out)),
    op.end,
  ];
}

/**
 * two(end, state, start, minRun, info, mid, warmFrom): stream A over [0, mid) from the given
 * state, stream B over [mid, end) after warming its state over [warmFrom, mid), the two steps
 * interleaved while both run. Saves B's state and run start, A's run start, both output ends.
 */
function twoBody(layout: Layout): Code {
  const a: Stream = { i: 7, state: 1, start: 2, out: 8 };
  const b: Stream = { i: 9, state: 10, start: 11, out: 12 };
  const x: Scratch = { info: 4, minRun: 3, v: 13, outside: 14, e: 15 };
  return [
    ...cst(layout.outA),
    ...set(a.out),
    ...cst(layout.outB),
    ...set(b.out),
    // B's state at mid: the automaton alone from warmFrom (local 6), from the start state
    ...get(6),
    ...set(b.i),
    ...loopWhile(b.i, get(5), [...loadInfo(layout, b, x), ...transition(layout, b, x)]),
    // B's runs begin at mid (joined to A's open run by the caller)
    ...get(5),
    ...set(b.start),
    // both streams while A has bytes left (B, the longer half, has at least as many)
    ...pairsThen(
      a.i,
      get(5),
      [
        ...step(layout, a, x),
        ...step(layout, b, x),
        ...step(layout, a, x, 1),
        ...step(layout, b, x, 1),
        ...get(b.i),
        ...cst(2),
        op.add,
        ...set(b.i),
      ],
      [...step(layout, a, x), ...step(layout, b, x), ...get(b.i), ...cst(1), op.add, ...set(b.i)],
    ),
    // B's last byte when the halves differ
    ...loopWhile(b.i, get(0), step(layout, b, x)),
    ...save(SAVED.state, get(b.state)),
    ...save(SAVED.start, get(b.start)),
    ...save(SAVED.startA, get(a.start)),
    ...save(SAVED.outA, get(a.out)),
    ...save(SAVED.outB, get(b.out)),
    op.end,
  ];
}

function walkModule(layout: Layout): Uint8Array {
  const func = (locals: number, body: Code): Code => {
    const code = [1, locals, I32, ...body];
    return [...uleb(code.length), ...code];
  };
  const signature = (params: number): Code => [0x60, params, ...new Array<number>(params).fill(I32), 0];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    // types: (i32 × 6) → (), (i32 × 7) → ()
    ...section(1, [2, ...signature(6), ...signature(7)]),
    // import env.memory, at least one page
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [2, 0, 1]),
    ...section(7, [2, ...name('one'), 0x00, 0, ...name('two'), 0x00, 1]),
    // one: 6 parameters, locals out v outside e; two: 7 parameters, locals iA outA iB stateB startB outB v outside e
    ...section(10, [2, ...func(4, oneBody(layout)), ...func(9, twoBody(layout))]),
  ]);
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(s: string): number[] {
  const bytes = [...Buffer.from(s, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}
