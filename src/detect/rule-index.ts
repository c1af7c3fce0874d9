/**
 * The index in front of the rules, so per-event cost grows far slower than the rule count:
 * rules are routed by logsource, then only evaluated when one of their required atoms fires —
 * an exact value through a hash lookup, or a literal through one Aho–Corasick pass per field.
 */
import { AhoCorasick } from './aho-corasick.ts';
import type { EventView } from './event-view.ts';
import type { Atom } from './requirements.ts';
import { requirementClauses } from './requirements.ts';
import type { SigmaRule } from './rule.ts';

export class RuleIndex {
  readonly rules: readonly SigmaRule[];
  /** Rules without a usable requirement: always evaluated. */
  private readonly always: number[] = [];
  private readonly eq = new Map<string, Map<string, number[]>>();
  private readonly sub = new Map<string, AhoCorasick>();
  private readonly keywordFields: readonly string[] | undefined;
  private readonly seen: Uint32Array;
  /** Per rule: bitmask of clauses seen this event, and the mask meaning "all clauses hold". */
  private readonly got: Uint8Array;
  private readonly full: Uint8Array;
  private epoch = 0;
  private out: number[] = [];
  private readonly markFn = (payload: number): void => this.mark(payload);
  /** Indexed fields that are nested paths (`a.b`), looked up even when the event has no such key. */
  private dotted: string[] = [];

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
        this.register(atoms, i * 8 + clause);
      });
    });
    for (const ac of this.sub.values()) ac.build();
    this.dotted = [...new Set([...this.eq.keys(), ...this.sub.keys()])].filter(
      (f) => f.includes('.') && f !== '*',
    );
  }

  /** `payload` = rule index × 8 + clause number. */
  private register(atoms: readonly Atom[], payload: number): void {
    const i = payload;
    for (const a of atoms) {
      if (a.kind === 'eq') {
        let byValue = this.eq.get(a.field);
        if (!byValue) {
          byValue = new Map();
          this.eq.set(a.field, byValue);
        }
        const list = byValue.get(a.text);
        if (list) {
          if (list[list.length - 1] !== i) list.push(i);
        } else byValue.set(a.text, [i]);
      } else {
        let ac = this.sub.get(a.field);
        if (!ac) {
          ac = new AhoCorasick();
          this.sub.set(a.field, ac);
        }
        ac.add(a.text, i);
      }
    }
  }

  private probe(field: string, ev: EventView): void {
    if (this.eq.has(field)) this.probeEq(field, ev);
    if (field !== '*' && this.sub.has(field)) this.probeSub(field, ev);
  }

  private probeEq(field: string, ev: EventView): void {
    const byValue = this.eq.get(field) as Map<string, number[]>;
    for (const v of ev.get(field).lower) {
      const list = byValue.get(v);
      if (list) for (const i of list) this.mark(i);
    }
  }

  private probeSub(field: string, ev: EventView): void {
    const ac = this.sub.get(field) as AhoCorasick;
    const values = field === '*' ? ev.strings(this.keywordFields) : ev.get(field);
    const text = values.text;
    for (let k = 0; k < text.length; k++) {
      // Most log text is ASCII: scan it as is; otherwise scan the lowercased value.
      if (!ac.scanAscii(text[k] as string, this.markFn)) ac.scan(values.lower[k] as string, this.markFn);
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
    if (keys.length < this.eq.size + this.sub.size) {
      for (const key of keys) this.probe(key, ev);
      for (const field of this.dotted) this.probe(field, ev);
    } else {
      for (const field of this.eq.keys()) this.probeEq(field, ev);
      for (const field of this.sub.keys()) if (field !== '*') this.probeSub(field, ev);
    }
    if (this.sub.has('*')) this.probeSub('*', ev);
    const out = this.out;
    if (out.length > 1) out.sort(ascending);
    return out;
  }
}

function ascending(a: number, b: number): number {
  return a - b;
}
