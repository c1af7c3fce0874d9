/**
 * Remembers which index payloads a field value fired, so a value seen again (the channel, the
 * host, the image path, the user: most of a log's characters repeat from event to event) costs
 * one table probe instead of an Aho–Corasick pass. The automaton result depends only on the
 * value, so a remembered result is exactly what a scan would report.
 *
 * The table is open-addressed on a hash of at most 16 sampled characters, and a slot is only
 * taken when its key `===` the value. Each event's values are new strings (JSON.parse), so a
 * `Map` would hash every character of every value (≈ 50 ns for a 30-character value, measured),
 * while sampling and comparing equal strings costs much less. Values that share the sampled
 * characters just share a probe sequence: equality decides, never the hash.
 *
 * Bounded and adaptive: values longer than MAX_LENGTH are never kept; a memo that reaches
 * MAX_ENTRIES starts over; a memo whose values rarely repeat (timestamps, GUIDs, hashes) turns
 * itself off for a while, so unique values pay only for the lookups of one sampling window;
 * and every memo of one index draws its kept characters from one shared budget.
 */

/** Shorter values are scanned faster than they are looked up. */
export const MEMO_MIN_LENGTH = 8;
const MAX_LENGTH = 256;
const MAX_ENTRIES = 1024;
/** Slots: twice the entries, so probe sequences stay short. */
const SLOTS = 2 * MAX_ENTRIES;
/** Probes before a lookup gives up (a miss) or an insert drops the value (it is only a cache). */
const MAX_PROBES = 8;
/** Lookups per sampling window; fewer than a quarter hits turns the memo off. */
const WINDOW = 1024;
/** Values scanned directly before an off memo samples again. */
const OFF_FOR = 16 * WINDOW;

const NONE = new Int32Array(0);
/** Every slot empty: the table of a memo that has kept nothing yet. */
const EMPTY_KEYS: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

/** Characters kept across all memos of one index (about two bytes each, plus the payloads). */
export class MemoBudget {
  chars = 0;
  constructor(readonly limit: number) {}
}

/** Characters a hash reads: every one of shorter values, evenly spaced ones of longer values. */
const SAMPLES = 16;

/**
 * The length and up to SAMPLES characters spread over the whole value: values of one field often
 * share a prefix (`C:\Windows\System32\`, `WS-`) and a suffix (`.exe`, `.corp.example`) and differ
 * in a few characters anywhere (a host number, a user name), so short values are read entirely and
 * long ones at evenly spaced positions, first and last included.
 */
export function sampleHash(text: string): number {
  const n = text.length;
  let h = Math.imul(n, 0x9e3779b1);
  if (n <= SAMPLES) {
    for (let i = 0; i < n; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  } else {
    // Positions k·(n−1)/(SAMPLES−1) in 16.16 fixed point (n ≤ MAX_LENGTH, so no overflow).
    const step = (((n - 1) << 16) / (SAMPLES - 1)) | 0;
    for (let k = 0, at = 0; k < SAMPLES; k++, at += step)
      h = Math.imul(h ^ text.charCodeAt(at >> 16), 0x01000193);
  }
  return h ^ (h >>> 16);
}

export class ValueMemo {
  /** Allocated on the first value kept: most indexed fields never occur in a given log. */
  private keys: (string | undefined)[] = EMPTY_KEYS;
  private payloads: Int32Array[] = [];
  private size = 0;
  private chars = 0;
  private lookups = 0;
  private hits = 0;
  /** Values left to scan directly before sampling again (0 = on). */
  private off = 0;
  private readonly budget: MemoBudget;

  constructor(budget: MemoBudget) {
    this.budget = budget;
  }

  /** The payloads remembered for `text` (call only when `use` said so); undefined: scan, then `remember`. */
  get(text: string): Int32Array | undefined {
    const found = this.find(text);
    if (found !== undefined) this.hits++;
    if (++this.lookups === WINDOW) this.sample();
    return found;
  }

  private find(text: string): Int32Array | undefined {
    const keys = this.keys;
    let slot = sampleHash(text) & (SLOTS - 1);
    for (let p = 0; p < MAX_PROBES; p++) {
      const key = keys[slot];
      if (key === undefined) return undefined;
      if (key === text) return this.payloads[slot];
      slot = (slot + 1) & (SLOTS - 1);
    }
    return undefined;
  }

  /** Should the caller go through the memo for this value (false: scan it and forget)? */
  use(text: string): boolean {
    if (this.off > 0) {
      this.off--;
      return false;
    }
    return text.length <= MAX_LENGTH;
  }

  remember(text: string, payloads: readonly number[]): void {
    if (this.budget.chars + text.length > this.budget.limit) return;
    if (this.size >= MAX_ENTRIES) this.clear();
    if (this.keys === EMPTY_KEYS) {
      this.keys = new Array<string | undefined>(SLOTS).fill(undefined);
      this.payloads = new Array<Int32Array>(SLOTS).fill(NONE);
    }
    const keys = this.keys;
    let slot = sampleHash(text) & (SLOTS - 1);
    for (let p = 0; p < MAX_PROBES; p++) {
      const key = keys[slot];
      if (key === text) return;
      if (key === undefined) {
        keys[slot] = text;
        this.payloads[slot] = payloads.length === 0 ? NONE : distinct(payloads);
        this.size++;
        this.chars += text.length;
        this.budget.chars += text.length;
        return;
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
  }

  private sample(): void {
    if (this.hits * 4 < WINDOW) {
      this.off = OFF_FOR;
      this.clear();
    }
    this.lookups = 0;
    this.hits = 0;
  }

  private clear(): void {
    if (this.size > 0) {
      this.keys.fill(undefined);
      this.payloads.fill(NONE);
    }
    this.size = 0;
    this.budget.chars -= this.chars;
    this.chars = 0;
  }
}

/**
 * The payloads without repeats: a pattern reports every occurrence (a path has several `\\`),
 * and marking a payload twice changes nothing, so a remembered value replays each once.
 */
function distinct(payloads: readonly number[]): Int32Array {
  const sorted = Int32Array.from(payloads).sort();
  let kept = 0;
  for (let k = 0; k < sorted.length; k++)
    if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[kept++] = sorted[k] as number;
  return kept === sorted.length ? sorted : sorted.slice(0, kept);
}
