/**
 * The index in front of the rules, so per-event cost grows far slower than the rule count:
 * rules are routed by logsource, then only evaluated when all their required clauses fired —
 * an exact value or a literal, both found by one case-folding Aho–Corasick pass per field value.
 */
import { AhoCorasick } from './aho-corasick.ts';
import type { EventView, FieldValues } from './event-view.ts';
import type { Atom } from './requirements.ts';
import { requirementClauses } from './requirements.ts';
import type { SigmaRule } from './rule.ts';

/** The pseudo-field of keyword (unbound) searches: every string value of the event. */
const ANY_FIELD = '*';

/**
 * One automaton per indexed field: its literals, its exact values (matched as whole-value
 * patterns, so no lowercased copy or hash of long values is made) and, when keyword searches
 * cover every value, the keyword literals too — each value is then scanned once.
 */
type FieldIndex = AhoCorasick;

export class RuleIndex {
  readonly rules: readonly SigmaRule[];
  /** Rules without a usable requirement: always evaluated. */
  private readonly always: number[] = [];
  private readonly fields = new Map<string, FieldIndex>();
  /** Keyword literals alone: values of fields nothing else indexes, nested values, `keywordFields`. */
  private readonly keyword: AhoCorasick | undefined;
  private readonly keywordFields: readonly string[] | undefined;
  /** Keyword literals are in every field automaton (keyword searches read every value). */
  private readonly merged: boolean;
  /** Indexed fields that are nested paths (`a.b`), looked up even when the event has no such key. */
  private readonly dotted: string[];
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
    const byField = new Map<string, Array<[Atom, number]>>();
    rules.forEach((rule, i) => {
      const clauses = requirementClauses(rule.match);
      if (clauses.length === 0) {
        this.always.push(i);
        return;
      }
      this.full[i] = (1 << clauses.length) - 1;
      clauses.forEach((atoms, clause) => {
        // payload = rule index × 8 + clause number (at most MAX_CLAUSES ≤ 8 clauses).
        for (const atom of atoms) {
          let list = byField.get(atom.field);
          if (!list) {
            list = [];
            byField.set(atom.field, list);
          }
          list.push([atom, i * 8 + clause]);
        }
      });
    });
    const keywordAtoms = byField.get(ANY_FIELD) ?? [];
    byField.delete(ANY_FIELD);
    this.merged = keywordAtoms.length > 0 && keywordFields === undefined;
    this.keyword = keywordAtoms.length > 0 ? automaton(keywordAtoms) : undefined;
    for (const [field, atoms] of byField)
      this.fields.set(field, automaton(this.merged ? [...atoms, ...keywordAtoms] : atoms));
    this.dotted = [...this.fields.keys()].filter((f) => f.includes('.'));
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
    const event = ev.event;
    const keys = Object.keys(event);
    const merged = this.merged;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as string;
      const f = this.fields.get(key);
      if (f === undefined && !merged) continue;
      const v = event[key];
      const t = typeof v;
      // Scalars are probed straight from the event: no cached view, no copy.
      if (t === 'string') this.scan(f ?? (this.keyword as AhoCorasick), v as string);
      else if (t === 'number' || t === 'boolean' || t === 'bigint')
        this.scan(f ?? (this.keyword as AhoCorasick), String(v));
      else {
        if (f !== undefined) this.probe(f, ev.get(key));
        if (merged && v !== null && t === 'object') this.walk(v, 1);
      }
    }
    for (const field of this.dotted) this.probe(this.fields.get(field) as FieldIndex, ev.get(field));
    if (this.keyword && !merged) this.probe(this.keyword, ev.strings(this.keywordFields));
    const out = this.out;
    if (out.length > 1) out.sort(ascending);
    return out;
  }

  private probe(f: FieldIndex, values: FieldValues): void {
    const text = values.text;
    for (let k = 0; k < text.length; k++) this.scan(f, text[k] as string);
  }

  private scan(f: FieldIndex, text: string): void {
    if (!f.probe(text, this.markFn)) f.probe(text.toLowerCase(), this.markFn);
  }

  /** Keyword literals over every nested string value (as `EventView.strings` collects them). */
  private walk(v: unknown, depth: number): void {
    if (depth > 64) return;
    const kw = this.keyword as AhoCorasick;
    if (typeof v === 'string') this.scan(kw, v);
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')
      this.scan(kw, String(v));
    else if (Array.isArray(v)) for (const x of v) this.walk(x, depth + 1);
    else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) this.walk(x, depth + 1);
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

function automaton(atoms: ReadonlyArray<readonly [Atom, number]>): AhoCorasick {
  const ac = new AhoCorasick();
  for (const [atom, payload] of atoms) ac.add(atom.text, payload, atom.kind === 'eq');
  ac.build();
  return ac;
}

function ascending(a: number, b: number): number {
  return a - b;
}
