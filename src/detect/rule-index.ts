/**
 * The index in front of the rules, so per-event cost grows far slower than the rule count:
 * rules are routed by logsource, then only evaluated when all their required clauses fired —
 * an exact value or a literal, both found by one case-folding Aho–Corasick pass per field value.
 */
import { AhoCorasick, PROBE_FALLBACK, PROBE_LONG_S } from './aho-corasick.ts';
import type { EventView, FieldValues } from './event-view.ts';
import type { Atom } from './requirements.ts';
import { requirementClauses } from './requirements.ts';
import type { SigmaRule } from './rule.ts';
import { MEMO_MIN_LENGTH, MemoBudget, ValueMemo } from './value-memo.ts';
import { MAX_VETO_ATOMS, vetoAtoms } from './vetoes.ts';

/** The pseudo-field of keyword (unbound) searches: every string value of the event. */
const ANY_FIELD = '*';

/**
 * One automaton per indexed field: its literals, its exact values (matched as whole-value
 * patterns, so no lowercased copy or hash of long values is made) and, when keyword searches
 * cover every value, the keyword literals too — each value is then scanned once. Each field has
 * its own memo of recent values (a field's values repeat, or do not, as a whole).
 */
interface FieldIndex {
  readonly ac: AhoCorasick;
  readonly memo: ValueMemo | undefined;
}

/** Memos for event keys that no rule names (merged keyword scan), per index at most this many. */
const MAX_EXTRA_KEYS = 64;
/** Characters all memos of one index may keep (≈ 1 MB with the payload lists). */
const MEMO_CHARS = 1 << 18;
/** Payload low bits of a veto atom (clauses use 0 … MAX_CLAUSES - 1). */
const VETO = 7;
/** Pseudo-payload: a scanned value had `ſ`, read as `s`, so this event's veto hits are not proofs. */
const INEXACT = -1;

export interface RuleIndexOptions {
  /** Remember the payloads of repeated field values (default true; off for differential tests). */
  readonly memo?: boolean;
  /** Drop candidates whose filters are proven by the event (`vetoes.ts`; default true). */
  readonly vetoes?: boolean;
}

export class RuleIndex {
  readonly rules: readonly SigmaRule[];
  /** Rules without a usable requirement: always evaluated. */
  private readonly always: number[] = [];
  private readonly fields = new Map<string, FieldIndex>();
  /** Keyword literals alone: values of fields nothing else indexes, nested values, `keywordFields`. */
  private readonly keyword: AhoCorasick | undefined;
  /** Merged mode: event keys no rule names, scanned for keyword literals, each with its memo. */
  private readonly extra = new Map<string, FieldIndex>();
  private readonly keywordPlain: FieldIndex | undefined;
  private readonly budget = new MemoBudget(MEMO_CHARS);
  private readonly memo: boolean;
  /** Payloads of the value being scanned, for its memo. */
  private readonly recorded: number[] = [];
  private readonly recordFn = (payload: number): void => {
    this.recorded.push(payload);
    this.mark(payload);
  };
  private readonly keywordFields: readonly string[] | undefined;
  /** Keyword literals are in every field automaton (keyword searches read every value). */
  private readonly merged: boolean;
  /** Indexed fields that are nested paths (`a.b`), looked up even when the event has no such key. */
  private readonly dotted: string[];
  private readonly seen: Uint32Array;
  /** Per rule: bitmask of clauses seen this event, and the mask meaning "all clauses hold". */
  private readonly got: Uint8Array;
  private readonly full: Uint8Array;
  /** Per rule: the epoch in which one of its veto atoms fired. */
  private readonly vetoed: Uint32Array;
  private readonly hasVetoes: boolean;
  /** The epoch in which a value with `ſ` was scanned (vetoes are then ignored). */
  private inexact = 0;
  private epoch = 0;
  /** Reused for every event: `candidates` returns it, valid until the next call. */
  private readonly out: number[] = [];
  private readonly markFn = (payload: number): void => this.mark(payload);

  constructor(
    rules: readonly SigmaRule[],
    keywordFields: readonly string[] | undefined,
    options: RuleIndexOptions = {},
  ) {
    this.rules = rules;
    this.memo = options.memo ?? true;
    this.keywordFields = keywordFields;
    this.seen = new Uint32Array(rules.length);
    this.got = new Uint8Array(rules.length);
    this.full = new Uint8Array(rules.length);
    this.vetoed = new Uint32Array(rules.length);
    const byField = new Map<string, Array<[Atom, number]>>();
    const add = (atom: Atom, payload: number): void => {
      let list = byField.get(atom.field);
      if (!list) {
        list = [];
        byField.set(atom.field, list);
      }
      list.push([atom, payload]);
    };
    let hasVetoes = false;
    rules.forEach((rule, i) => {
      if (options.vetoes ?? true) {
        const vetoes = uniqueAtoms(vetoAtoms(rule.match));
        if (vetoes.length <= MAX_VETO_ATOMS) {
          for (const atom of vetoes) add(atom, i * 8 + VETO);
          if (vetoes.length > 0) hasVetoes = true;
        }
      }
      const clauses = requirementClauses(rule.match);
      if (clauses.length === 0) {
        this.always.push(i);
        return;
      }
      this.full[i] = (1 << clauses.length) - 1;
      clauses.forEach((atoms, clause) => {
        // payload = rule index × 8 + clause number (at most MAX_CLAUSES < VETO clauses).
        for (const atom of atoms) add(atom, i * 8 + clause);
      });
    });
    this.hasVetoes = hasVetoes;
    const keywordAtoms = byField.get(ANY_FIELD) ?? [];
    byField.delete(ANY_FIELD);
    this.merged = keywordAtoms.length > 0 && keywordFields === undefined;
    this.keyword = keywordAtoms.length > 0 ? automaton(keywordAtoms) : undefined;
    this.keywordPlain = this.keyword ? { ac: this.keyword, memo: undefined } : undefined;
    for (const [field, atoms] of byField)
      this.fields.set(field, this.entry(automaton(this.merged ? [...atoms, ...keywordAtoms] : atoms)));
    this.dotted = [...this.fields.keys()].filter((f) => f.includes('.'));
  }

  private entry(ac: AhoCorasick): FieldIndex {
    return { ac, memo: this.memo ? new ValueMemo(this.budget) : undefined };
  }

  /** Merged mode: the keyword automaton for a key no rule names, with a memo while there are few such keys. */
  private extraField(key: string): FieldIndex {
    let f = this.extra.get(key);
    if (f === undefined) {
      if (this.extra.size >= MAX_EXTRA_KEYS) return this.keywordPlain as FieldIndex;
      f = this.entry(this.keyword as AhoCorasick);
      this.extra.set(key, f);
    }
    return f;
  }

  get unindexed(): number {
    return this.always.length;
  }

  /**
   * Indices of rules that may match, ascending (rule order keeps alerts deterministic). The array
   * is reused: it is valid until the next call (no allocation per event).
   */
  candidates(ev: EventView): readonly number[] {
    if (++this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.vetoed.fill(0);
      this.inexact = 0;
      this.epoch = 1;
    }
    const out = this.out;
    // Popping is inlined; `length = 0` is a runtime call.
    while (out.length > 0) out.pop();
    const always = this.always;
    for (let k = 0; k < always.length; k++) out.push(always[k] as number);
    const event = ev.event;
    const merged = this.merged;
    // for…in walks the object's enumeration cache (no key array per event, unlike Object.keys);
    // inherited enumerable keys are included, as the evaluator's lookup reads them too.
    for (const key in event) {
      const f = this.fields.get(key);
      if (f === undefined && !merged) continue;
      const v = event[key];
      const t = typeof v;
      // Scalars are probed straight from the event: no cached view, no copy.
      if (t === 'string') this.scan(f ?? this.extraField(key), v as string);
      else if (t === 'number') {
        const fi = f ?? this.extraField(key);
        // An integer's text is digits and '-': with no pattern of such characters, nothing to scan.
        if (!(fi.ac.skipsDigits && Number.isSafeInteger(v))) this.scan(fi, String(v));
      } else if (t === 'boolean' || t === 'bigint') this.scan(f ?? this.extraField(key), String(v));
      else {
        if (f !== undefined) this.probe(f, ev.get(key));
        if (merged && v !== null && t === 'object') this.walk(v, 1);
      }
    }
    for (const field of this.dotted) this.probe(this.fields.get(field) as FieldIndex, ev.get(field));
    if (this.keywordPlain && !merged) this.probe(this.keywordPlain, ev.strings(this.keywordFields));
    if (this.hasVetoes && this.inexact !== this.epoch) this.dropVetoed(out);
    if (out.length > 1) sortAscending(out);
    return out;
  }

  /** Removes the rules one of whose veto atoms fired: a filter of theirs holds, so they cannot match. */
  private dropVetoed(out: number[]): void {
    const vetoed = this.vetoed;
    const epoch = this.epoch;
    let kept = 0;
    for (let k = 0; k < out.length; k++) {
      const i = out[k] as number;
      if (vetoed[i] !== epoch) out[kept++] = i;
    }
    while (out.length > kept) out.pop();
  }

  private probe(f: FieldIndex, values: FieldValues): void {
    const text = values.text;
    for (let k = 0; k < text.length; k++) this.scan(f, text[k] as string);
  }

  private scan(f: FieldIndex, text: string): void {
    const memo = f.memo;
    if (memo !== undefined && text.length >= MEMO_MIN_LENGTH && memo.use(text)) {
      const known = memo.get(text);
      if (known !== undefined) {
        for (let k = 0; k < known.length; k++) this.mark(known[k] as number);
        return;
      }
      const recorded = this.recorded;
      // Popping is inlined; `length = 0` is a runtime call.
      while (recorded.length > 0) recorded.pop();
      // A value that falls back to its lowercase form reports both passes' payloads (the memo
      // keeps each once: marking is idempotent). INEXACT is remembered like a payload.
      let result = f.ac.probe(text, this.recordFn);
      if (result === PROBE_FALLBACK) result = f.ac.probe(text.toLowerCase(), this.recordFn, true);
      if (result === PROBE_LONG_S) this.recordFn(INEXACT);
      memo.remember(text, recorded);
      return;
    }
    let result = f.ac.probe(text, this.markFn);
    if (result === PROBE_FALLBACK) result = f.ac.probe(text.toLowerCase(), this.markFn, true);
    if (result === PROBE_LONG_S) this.mark(INEXACT);
  }

  /** Keyword literals over every nested string value (as `EventView.strings` collects them). */
  private walk(v: unknown, depth: number): void {
    if (depth > 64) return;
    const kw = this.keywordPlain as FieldIndex;
    if (typeof v === 'string') this.scan(kw, v);
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')
      this.scan(kw, String(v));
    else if (Array.isArray(v)) for (const x of v) this.walk(x, depth + 1);
    else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) this.walk(x, depth + 1);
  }

  /** A rule becomes a candidate once every one of its clauses has fired for this event. */
  private mark(payload: number): void {
    if (payload < 0) {
      this.inexact = this.epoch;
      return;
    }
    const i = payload >> 3;
    if ((payload & 7) === VETO) {
      this.vetoed[i] = this.epoch;
      return;
    }
    const got = this.got;
    if (this.seen[i] !== this.epoch) {
      this.seen[i] = this.epoch;
      got[i] = 0;
    }
    const before = got[i] as number;
    const after = before | (1 << (payload & 7));
    if (after !== before) {
      got[i] = after;
      if (after === this.full[i]) this.out.push(i);
    }
  }
}

/** The same atom reached through several filters is indexed once. */
function uniqueAtoms(atoms: readonly Atom[]): Atom[] {
  const seen = new Set<string>();
  return atoms.filter((a) => {
    const key = `${a.kind}\u0000${a.field}\u0000${a.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const ANCHOR = { eq: 'whole', sub: 'anywhere', prefix: 'prefix', suffix: 'suffix' } as const;

function automaton(atoms: ReadonlyArray<readonly [Atom, number]>): AhoCorasick {
  const ac = new AhoCorasick();
  for (const [atom, payload] of atoms) ac.add(atom.text, payload, ANCHOR[atom.kind]);
  ac.build();
  return ac;
}

/**
 * Insertion sort: a handful of candidates per event, mostly in order already (the always-evaluated
 * rules first, ascending); `Array.prototype.sort` copies into a work array on every call
 * (≈ 500 bytes per event measured with the heap sampler).
 */
function sortAscending(a: number[]): void {
  for (let i = 1; i < a.length; i++) {
    const x = a[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) > x) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = x;
  }
}
