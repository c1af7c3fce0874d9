/**
 * The index in front of the rules, so per-event cost grows far slower than the rule count:
 * rules are routed by logsource, then only evaluated when one of their required atoms fires —
 * an exact value through a hash lookup, or a literal through one Aho–Corasick pass per field.
 */
import { AhoCorasick } from './aho-corasick.ts';
import type { EventView } from './event-view.ts';
import type { SigmaRule } from './rule.ts';
import { requirements } from './requirements.ts';

export class RuleIndex {
  readonly rules: readonly SigmaRule[];
  /** Rules without a usable requirement: always evaluated. */
  private readonly always: number[] = [];
  private readonly eq = new Map<string, Map<string, number[]>>();
  private readonly sub = new Map<string, AhoCorasick>();
  private readonly keywordFields: readonly string[] | undefined;
  private readonly seen: Uint32Array;
  private epoch = 0;

  constructor(rules: readonly SigmaRule[], keywordFields: readonly string[] | undefined) {
    this.rules = rules;
    this.keywordFields = keywordFields;
    this.seen = new Uint32Array(rules.length);
    rules.forEach((rule, i) => {
      const atoms = requirements(rule.match);
      if (atoms === null) {
        this.always.push(i);
        return;
      }
      for (const a of atoms) {
        if (a.kind === 'eq') {
          let byValue = this.eq.get(a.field);
          if (!byValue) this.eq.set(a.field, (byValue = new Map()));
          const list = byValue.get(a.text);
          if (list) {
            if (list[list.length - 1] !== i) list.push(i);
          } else byValue.set(a.text, [i]);
        } else {
          let ac = this.sub.get(a.field);
          if (!ac) this.sub.set(a.field, (ac = new AhoCorasick()));
          ac.add(a.text, i);
        }
      }
    });
    for (const ac of this.sub.values()) ac.build();
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
    const epoch = this.epoch;
    const seen = this.seen;
    const out: number[] = [];
    const mark = (i: number): void => {
      if (seen[i] !== epoch) {
        seen[i] = epoch;
        out.push(i);
      }
    };
    for (const i of this.always) mark(i);
    for (const [field, byValue] of this.eq) {
      for (const v of ev.get(field).lower) {
        const list = byValue.get(v);
        if (list) for (const i of list) mark(i);
      }
    }
    for (const [field, ac] of this.sub) {
      const values = field === '*' ? ev.strings(this.keywordFields).lower : ev.get(field).lower;
      for (const v of values) ac.scan(v, mark);
    }
    return out.sort((a, b) => a - b);
  }
}
