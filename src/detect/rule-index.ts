/**
 * The index in front of the rules, so per-event cost grows far slower than the rule count:
 * rules are routed by logsource, then only evaluated when all their required clauses fired —
 * an exact value through a hash lookup, or a literal through one Aho–Corasick pass per field.
 */
import { AhoCorasick } from './aho-corasick.ts';
import type { EventView, FieldValues } from './event-view.ts';
import type { Atom } from './requirements.ts';
import { requirementClauses } from './requirements.ts';
import type { SigmaRule } from './rule.ts';

/** What the index knows about one field: exact values → payloads, and literals to scan for. */
interface FieldIndex {
  eq: Map<string, number[]> | undefined;
  sub: AhoCorasick | undefined;
}

/** The pseudo-field of keyword (unbound) searches: every string value of the event. */
const ANY_FIELD = '*';

export class RuleIndex {
  readonly rules: readonly SigmaRule[];
  /** Rules without a usable requirement: always evaluated. */
  private readonly always: number[] = [];
  private readonly fields = new Map<string, FieldIndex>();
  private readonly keyword: FieldIndex | undefined;
  private readonly keywordFields: readonly string[] | undefined;
  /** Indexed fields that are nested paths (`a.b`), looked up even when the event has no such key. */
  private readonly dotted: string[];
  /** The indexed fields as parallel arrays: iterating a Map allocates an entry per field. */
  private readonly fieldNames: string[];
  private readonly fieldEntries: FieldIndex[];
  private readonly seen: Uint32Array;
  /** Per rule: bitmask of clauses seen this event, and the mask meaning "all clauses hold". */
  private readonly got: Uint8Array;
  private readonly full: Uint8Array;
  private epoch = 0;
  private out: number[] = [];
  private readonly markFn = (payload: number): void => this.mark(payload);

  constructor(rules: readonly SigmaRule[], keywordFields: readonly string[] | undefined) {
    this.rules = rules;
    this.keywordFields = keywordFields;
    this.seen = new Uint32Array(rules.length);
    this.got = new Uint8Array(rules.length);
    this.full = new Uint8Array(rules.length);
    rules.forEach((rule, i) => {
      const clauses = requirementClauses(rule.match);
      if (clauses.length === 0) {
        this.always.push(i);
        return;
      }
      this.full[i] = (1 << clauses.length) - 1;
      clauses.forEach((atoms, clause) => {
        // payload = rule index × 8 + clause number (at most MAX_CLAUSES ≤ 8 clauses).
        for (const atom of atoms) this.register(atom, i * 8 + clause);
      });
    });
    for (const f of this.fields.values()) f.sub?.build();
    this.keyword = this.fields.get(ANY_FIELD);
    this.fields.delete(ANY_FIELD);
    this.dotted = [...this.fields.keys()].filter((f) => f.includes('.'));
    this.fieldNames = [...this.fields.keys()];
    this.fieldEntries = [...this.fields.values()];
  }

  private register(atom: Atom, payload: number): void {
    let f = this.fields.get(atom.field);
    if (!f) {
      f = { eq: undefined, sub: undefined };
      this.fields.set(atom.field, f);
    }
    if (atom.kind === 'eq') {
      f.eq ??= new Map();
      const list = f.eq.get(atom.text);
      if (!list) f.eq.set(atom.text, [payload]);
      else if (list[list.length - 1] !== payload) list.push(payload);
    } else {
      f.sub ??= new AhoCorasick();
      f.sub.add(atom.text, payload);
    }
  }

  get unindexed(): number {
    return this.always.length;
  }

  /** Indices of rules that may match, ascending (rule order keeps alerts deterministic). */
  candidates(ev: EventView): number[] {
    if (++this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.epoch = 1;
    }
    this.out = this.always.slice();
    // Visit whichever is smaller: the event's own keys or the indexed fields. Dotted fields
    // (nested paths) are not event keys, so they are always looked up.
    const keys = Object.keys(ev.event);
    if (keys.length < this.fieldNames.length) {
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k] as string;
        const f = this.fields.get(key);
        if (f) this.probe(f, ev.get(key));
      }
      for (const field of this.dotted) this.probe(this.fields.get(field) as FieldIndex, ev.get(field));
    } else {
      const names = this.fieldNames;
      const entries = this.fieldEntries;
      for (let k = 0; k < names.length; k++) this.probe(entries[k] as FieldIndex, ev.get(names[k] as string));
    }
    if (this.keyword) this.probe(this.keyword, ev.strings(this.keywordFields));
    const out = this.out;
    if (out.length > 1) out.sort(ascending);
    return out;
  }

  private probe(f: FieldIndex, values: FieldValues): void {
    const text = values.text;
    if (text.length === 0) return;
    if (f.eq) {
      for (const v of values.lower) {
        const list = f.eq.get(v);
        if (list) for (const p of list) this.mark(p);
      }
    }
    const ac = f.sub;
    if (ac) {
      for (let k = 0; k < text.length; k++) {
        // Most log text is ASCII: scan it as is; otherwise scan the lowercased value.
        if (!ac.scanAscii(text[k] as string, this.markFn)) ac.scan(values.lower[k] as string, this.markFn);
      }
    }
  }

  /** A rule becomes a candidate once every one of its clauses has fired for this event. */
  private mark(payload: number): void {
    const i = payload >> 3;
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

function ascending(a: number, b: number): number {
  return a - b;
}
