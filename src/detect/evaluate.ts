/**
 * Evaluate compiled nodes against one event. Never throws: bad event values simply do not match.
 */
import { type Cidr, type Ip, ipInCidr } from './cidr.ts';
import type { EventView, FieldValues } from './event-view.ts';
import { normalizeDashes } from './modifiers.ts';
import { multiMatches } from './multi-match.ts';
import type { CompareOp, MatchNode, ValueTest } from './nodes.ts';
import { mayMatch } from './regex.ts';
import { matchString } from './string-match.ts';
import { timePart } from './time-parts.ts';

export interface KeywordOptions {
  /** Restrict keyword searches to these fields; undefined = every string value of the event. */
  readonly keywordFields: readonly string[] | undefined;
}

export function evaluate(node: MatchNode, ev: EventView, opts: KeywordOptions): boolean {
  switch (node.kind) {
    // Indexed loops: `for…of` allocates an iterator per call here (evaluate is recursive, so
    // escape analysis cannot remove it), ~400 bytes per event measured with the heap sampler.
    case 'and': {
      const children = node.children;
      for (let k = 0; k < children.length; k++)
        if (!evaluate(children[k] as MatchNode, ev, opts)) return false;
      return true;
    }
    case 'or': {
      const children = node.children;
      for (let k = 0; k < children.length; k++) if (evaluate(children[k] as MatchNode, ev, opts)) return true;
      return false;
    }
    case 'not':
      return !evaluate(node.child, ev, opts);
    case 'atLeast': {
      let hits = 0;
      const children = node.children;
      for (let k = 0; k < children.length; k++)
        if (evaluate(children[k] as MatchNode, ev, opts) && ++hits >= node.n) return true;
      return false;
    }
    case 'const':
      return node.value;
    case 'exists':
      return ev.get(node.field).present === node.present;
    case 'null': {
      const v = ev.get(node.field);
      return !v.present || v.raw.length === 0;
    }
    case 'field':
      return node.neq
        ? !anyValueMatches(node.test, ev, node.field)
        : testField(node.test, node.all, ev, node.field);
    case 'keyword':
      return testValues(node.test, node.all, ev.strings(opts.keywordFields), ev);
  }
}

function testField(test: ValueTest, all: boolean, ev: EventView, field: string): boolean {
  const v = ev.get(field);
  if (!v.present) return false;
  return testValues(test, all, v, ev);
}

/** `neq`: true when any listed value matches (the node then negates it). */
function anyValueMatches(test: ValueTest, ev: EventView, field: string): boolean {
  const v = ev.get(field);
  return v.present && testValues(test, false, v, ev);
}

/** Does the value list match the event values? `all`: every list item must match some value. */
function testValues(test: ValueTest, all: boolean, values: FieldValues, ev: EventView): boolean {
  if (test.kind === 'cidr') return cidrMatches(test.ranges, all, values.ips);
  if (test.kind === 'string' && test.multi && !all) {
    const lower = values.lower;
    for (let k = 0; k < lower.length; k++) {
      const v = lower[k] as string;
      if (multiMatches(test.multi, test.windash ? normalizeDashes(v) : v)) return true;
    }
    return false;
  }
  const count = itemCount(test);
  for (let i = 0; i < count; i++) {
    const hit = itemMatches(test, i, values, ev);
    if (all && !hit) return false;
    if (!all && hit) return true;
  }
  return all;
}

function itemCount(test: ValueTest): number {
  switch (test.kind) {
    case 'string':
      return test.matchers.length;
    case 'regex':
      return test.regexes.length;
    case 'compare':
    case 'time':
      return test.values.length;
    case 'cidr':
      return test.ranges.length;
    case 'fieldref':
      return test.fields.length;
  }
}

function itemMatches(test: ValueTest, i: number, values: FieldValues, ev: EventView): boolean {
  const text = values.text;
  const raw = values.raw;
  switch (test.kind) {
    case 'string': {
      const m = test.matchers[i];
      if (!m) return false;
      const list = test.cased ? text : values.lower;
      for (let k = 0; k < list.length; k++) {
        const v = list[k] as string;
        if (matchString(m, test.windash ? normalizeDashes(v) : v)) return true;
      }
      return false;
    }
    case 'regex': {
      const r = test.regexes[i];
      if (!r) return false;
      // A value that cannot match (too short, no required run) skips its UTF-8 copy and RE2.
      for (let k = 0; k < text.length; k++)
        if (mayMatch(r, text[k] as string) && r.test(values.utf8[k] as Buffer)) return true;
      return false;
    }
    case 'compare': {
      const want = test.values[i] as number;
      for (let k = 0; k < raw.length; k++) {
        const n = toNumber(raw[k]);
        if (n !== undefined && compare(n, test.op, want)) return true;
      }
      return false;
    }
    case 'time': {
      const want = test.values[i] as number;
      for (let k = 0; k < raw.length; k++) {
        const n = timePart(raw[k], test.part);
        if (n !== undefined && compare(n, test.op, want)) return true;
      }
      return false;
    }
    case 'cidr':
      return cidrMatches([test.ranges[i] as Cidr], false, values.ips);
    case 'fieldref': {
      const other = ev.get(test.fields[i] as string);
      const mine = test.cased ? text : values.lower;
      const theirs = test.cased ? other.text : other.lower;
      for (const a of mine) {
        for (const b of theirs) {
          if (
            test.mode === 'eq'
              ? a === b
              : test.mode === 'prefix'
                ? a.startsWith(b)
                : test.mode === 'suffix'
                  ? a.endsWith(b)
                  : a.includes(b)
          ) {
            return true;
          }
        }
      }
      return false;
    }
  }
}

/** The event values are parsed as IPs once per event (`FieldValues.ips`), then checked against every range. */
function cidrMatches(ranges: readonly Cidr[], all: boolean, ips: readonly (Ip | undefined)[]): boolean {
  for (let r = 0; r < ranges.length; r++) {
    const c = ranges[r] as Cidr;
    let hit = false;
    for (let k = 0; k < ips.length; k++) {
      const ip = ips[k];
      if (ip !== undefined && ipInCidr(c, ip)) {
        hit = true;
        break;
      }
    }
    if (hit !== all) return hit;
  }
  return all;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function compare(a: number, op: CompareOp, b: number): boolean {
  switch (op) {
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'eq':
      return a === b;
  }
}
