/**
 * Remembers which index payloads a field value fired, so a value seen again (the channel, the
 * host, the image path, the user: most of a log's characters repeat from event to event) costs
 * one hash lookup instead of an Aho–Corasick pass. The automaton result depends only on the
 * value, so a remembered result is exactly what a scan would report.
 *
 * Bounded and adaptive: values longer than MAX_LENGTH are never kept; a memo that reaches
 * MAX_ENTRIES starts over; a memo whose values rarely repeat (timestamps, GUIDs, hashes) turns
 * itself off for a while, so unique values pay only for the lookups of one sampling window;
 * and every memo of one index draws its kept characters from one shared budget.
 */

/** Shorter values are scanned faster than they are hashed and looked up. */
export const MEMO_MIN_LENGTH = 8;
const MAX_LENGTH = 256;
const MAX_ENTRIES = 1024;
/** Lookups per sampling window; fewer than a quarter hits turns the memo off. */
const WINDOW = 1024;
/** Values scanned directly before an off memo samples again. */
const OFF_FOR = 16 * WINDOW;

const NONE = new Int32Array(0);

/** Characters kept across all memos of one index (about two bytes each, plus the payloads). */
export class MemoBudget {
  chars = 0;
  constructor(readonly limit: number) {}
}

export class ValueMemo {
  private map = new Map<string, Int32Array>();
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
    const found = this.map.get(text);
    if (found !== undefined) this.hits++;
    if (++this.lookups === WINDOW) this.sample();
    return found;
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
    if (this.map.size >= MAX_ENTRIES) this.clear();
    this.map.set(text, payloads.length === 0 ? NONE : Int32Array.from(payloads));
    this.chars += text.length;
    this.budget.chars += text.length;
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
    this.map.clear();
    this.budget.chars -= this.chars;
    this.chars = 0;
  }
}
