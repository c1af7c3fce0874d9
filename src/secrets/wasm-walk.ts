/**
 * The keyword automaton's walk (src/secrets/aho-corasick.ts) as a WebAssembly function, generated
 * here for one automaton: its tables sit in the module's memory and their offsets are immediates
 * of its loads. Same loop, same results as the JavaScript walk (differential property tests),
 * about twice as fast: V8's JavaScript walk re-checks array bounds and types on every byte, which
 * WebAssembly does not (its memory accesses are bounded by guard pages). Walking the npm tree's
 * 53 MiB with runs and anchor hits: 5.2-6.9 ns a byte in JavaScript, 2.7-3.8 here. What is left is
 * the chain of dependent loads, one transition per byte.
 *
 * The function walks one chunk (CHUNK bytes at most) copied into memory and writes events to an
 * output area: a keyword hit as (state entry, position), the end of a run of alphabet bytes as
 * (run start, end | 2^31). It returns early when that area is full; the caller drains it and
 * resumes. State and run start carry over between calls, so a text of any length is walked chunk
 * by chunk in bounded memory.
 */

/** Sizes other than the defaults: tests make them tiny to cross every boundary. */
export interface WasmWalkSizes {
  readonly chunk?: number;
  readonly events?: number;
}

/** Bytes of text per chunk. */
const CHUNK = 1 << 20;
/** Events per drain of the output area (8 bytes each). */
const EVENTS = 8192;
/** Two info tables (256 × i32): with the run alphabet and without. */
const INFO_BYTES = 2 * 256 * 4;
/** Where the function saves state, run start and output end before returning. */
const SAVE = INFO_BYTES;
const DELTA = SAVE + 16;
const PAGE = 65536;

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

/**
 * A compiled walk for one automaton (its transitions as the JS walk stores them: pre-multiplied
 * by `classes`, -(x + 1) when a keyword ends). `walk` calls `onHit(stateIndex, position)` for
 * each keyword hit and pushes [start, end) of each run of at least `minRun` alphabet bytes.
 */
export class WasmWalk {
  private readonly fn: (
    from: number,
    end: number,
    state: number,
    start: number,
    minRun: number,
    out: number,
    outEnd: number,
    info: number,
  ) => number;
  private readonly data: number;
  private readonly out: number;
  private readonly chunk: number;
  private readonly events: number;
  private readonly rowBytes: number;
  private readonly bytesView: Uint8Array;
  private readonly wordsView: Int32Array;
  /** The info tables loaded in the two slots (byte → class | IN_RUN), most recent first. */
  private slots: [Uint16Array | undefined, Uint16Array | undefined] = [undefined, undefined];
  private slotAt: [number, number] = [0, 256 * 4];

  /** Throws where WebAssembly is unavailable (see `webAssembly`). */
  constructor(delta: Int32Array, classes: number, sizes: WasmWalkSizes = {}) {
    const wasm = webAssembly;
    if (!wasm) throw new Error('WebAssembly is not available');
    this.chunk = sizes.chunk ?? CHUNK;
    // At least two events' room: one byte can end a run and a keyword.
    this.events = Math.max(sizes.events ?? EVENTS, 2);
    this.data = align(DELTA + delta.length * 4, 16);
    this.out = align(this.data + this.chunk, 8);
    const memory = new wasm.Memory({ initial: Math.ceil((this.out + this.events * 8) / PAGE) });
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
    const module = new wasm.Module(walkModule(this.data, DELTA));
    const instance = new wasm.Instance(module, { env: { memory } });
    this.fn = instance.exports.walk as WasmWalk['fn'];
  }

  /**
   * Walks `bytes` with `info` (byte → class | IN_RUN, as the JS walk's). Hits are reported as
   * (state index, byte index of the keyword's last byte), in text order; runs as the JS walk
   * pushes them (`runs` undefined: none).
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
    let state = 0;
    let start = 0;
    let base = 0;
    const mem = this.bytesView;
    const words = this.wordsView;
    const outStart = this.out;
    const chunk = this.chunk;
    const outEnd = this.out + this.events * 8 - 16;
    for (; base < length; base += chunk) {
      const size = Math.min(chunk, length - base);
      mem.set(bytes.subarray(base, base + size), this.data);
      // Positions are relative to the chunk: a run still open from the last one starts below 0.
      if (base > 0) start -= chunk;
      let from = 0;
      while (from < size) {
        from = this.fn(from, size, state, start, min, outStart, outEnd, infoAt);
        state = words[SAVE / 4] as number;
        start = words[SAVE / 4 + 1] as number;
        const end = (words[SAVE / 4 + 2] as number) >> 2;
        for (let k = outStart >> 2; k < end; k += 2) {
          const first = words[k] as number;
          const second = words[k + 1] as number;
          if (second < 0) runs?.push(first + base, (second & 0x7fffffff) + base);
          else onHit(((first & ~1) / this.rowBytes) | 0, second + base);
        }
      }
    }
    // The run still open at the end of the text (start is relative to the last chunk).
    const last = length === 0 ? 0 : base - chunk;
    if (runs && length - (start + last) >= minRun) runs.push(start + last, length);
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

function wasmInfo(v: number): number {
  return ((v & CLASS) * 4) | (v & IN_RUN);
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
  void: 0x40,
} as const;

/** Parameters (also the loop's carried locals) and locals of `walk`, by index. */
const FROM = 0;
const END = 1;
const STATE = 2;
const START = 3;
const MIN_RUN = 4;
const OUT = 5;
const OUT_END = 6;
const INFO = 7;
const I = 8;
const V = 9;
const OUTSIDE = 10;
const E = 11;

/** The function body: the JS walk's loop, with the tables at `data`-independent immediates. */
function walkBody(data: number, delta: number): number[] {
  const get = (l: number) => [op.localGet, l];
  const set = (l: number) => [op.localSet, l];
  const cst = (n: number) => [op.const, ...sleb(n)];
  const load = (offset: number) => [op.load, 2, ...uleb(offset)];
  const store = (offset: number) => [op.store, 2, ...uleb(offset)];
  /** (a, b) at out, out += 8. */
  const emit = (a: number[], b: number[]) => [
    ...get(OUT),
    ...a,
    ...store(0),
    ...get(OUT),
    ...b,
    ...store(4),
    ...get(OUT),
    ...cst(8),
    op.add,
    ...set(OUT),
  ];
  return [
    ...get(FROM),
    ...set(I),
    op.block,
    op.void,
    op.loop,
    op.void,
    // while (i < end)
    ...get(I),
    ...get(END),
    op.geU,
    op.brIf,
    1,
    // v = info[bytes[i]]
    ...get(INFO),
    ...get(I),
    op.load8u,
    0,
    ...uleb(data),
    ...cst(2),
    op.shl,
    op.add,
    ...load(0),
    ...set(V),
    // outside = (v >> 15) - 1: -1 outside the run alphabet, 0 inside
    ...get(V),
    ...cst(15),
    op.shrS,
    ...cst(1),
    op.sub,
    ...set(OUTSIDE),
    // if (((i - start) | ~outside) >= minRun) a run ends here
    ...get(I),
    ...get(START),
    op.sub,
    ...get(OUTSIDE),
    ...cst(-1),
    op.xor,
    op.or,
    ...get(MIN_RUN),
    op.geS,
    op.if,
    op.void,
    ...emit(get(START), [...get(I), ...cst(-0x80000000), op.or]),
    op.end,
    // start += (i + 1 - start) & outside
    ...get(START),
    ...get(I),
    ...cst(1),
    op.add,
    ...get(START),
    op.sub,
    ...get(OUTSIDE),
    op.and,
    op.add,
    ...set(START),
    // e = delta[state + class]; state = e & ~1; a keyword ends when bit 0 is set
    ...get(STATE),
    ...get(V),
    ...cst(0x7ffc),
    op.and,
    op.add,
    ...load(delta),
    op.localTee,
    E,
    ...cst(-2),
    op.and,
    ...set(STATE),
    ...get(E),
    ...cst(1),
    op.and,
    op.if,
    op.void,
    ...emit(get(E), get(I)),
    op.end,
    // i++; stop when the output area is full, else loop
    ...get(I),
    ...cst(1),
    op.add,
    ...set(I),
    ...get(OUT),
    ...get(OUT_END),
    op.geU,
    op.brIf,
    1,
    op.br,
    0,
    op.end,
    op.end,
    // save state, run start and output end for the caller
    ...cst(0),
    ...get(STATE),
    ...store(SAVE),
    ...cst(0),
    ...get(START),
    ...store(SAVE + 4),
    ...cst(0),
    ...get(OUT),
    ...store(SAVE + 8),
    ...get(I),
    op.end,
  ];
}

function walkModule(data: number, delta: number): Uint8Array {
  const body = walkBody(data, delta);
  // 4 locals (i, v, outside, e) after the 8 parameters.
  const code = [1, 4, I32, ...body];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    // type: (i32 × 8) → i32
    ...section(1, [1, 0x60, 8, ...new Array<number>(8).fill(I32), 1, I32]),
    // import env.memory, at least one page
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('walk'), 0x00, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
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
