import { compareDigits, compareStrings, stripZeros } from './digits.ts';
import { VersionError } from './errors.ts';
import { checkLength, type VersionScheme } from './scheme.ts';

/**
 * Maven's ComparableVersion (maven-artifact 3.9/4.0), re-implemented item for item because its
 * quirks are the order Maven resolves with:
 * - `.`, `-` and digit/letter transitions split items; an empty item is 0;
 * - numbers are int (≤ 9 digits), long (≤ 18) or big, and a wider kind always sorts higher
 *   (so a zero written with 10+ digits is not equal to `0`, as in Maven);
 * - a letter run followed by digits (`rc1`, `rc-1`) is one "combination" item;
 * - qualifiers: alpha = a < beta = b < milestone = m < rc = cr < snapshot < "" = ga = final =
 *   release < sp < anything else (lexical, case-insensitive);
 * - a `-` opens a sub-list; trailing null items (0, "", empty list) are trimmed per list.
 */
export type MavenItem =
  | { readonly t: 'num'; readonly width: 0 | 1 | 2; readonly digits: string }
  | { readonly t: 'str'; readonly value: string }
  | { readonly t: 'combo'; readonly str: MavenString; readonly num: MavenItem }
  | MavenList;
export interface MavenString {
  readonly t: 'str';
  readonly value: string;
}
export interface MavenList {
  readonly t: 'list';
  readonly items: MavenItem[];
}

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE_QUALIFIERS = new Set(['ga', 'final', 'release']);
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

export const maven: VersionScheme<MavenList> = {
  ecosystem: 'Maven',
  parse(text) {
    checkLength('Maven', text);
    // Maven accepts any string; we refuse the ones that cannot be a version in a POM or an
    // advisory (empty, whitespace, control or non-ASCII characters) rather than order them.
    if (text === '') throw new VersionError('Maven', text, 'empty version');
    if (!/^[\x21-\x7e]+$/.test(text)) {
      throw new VersionError('Maven', text, 'only printable ASCII without spaces is accepted');
    }
    return parseVersion(text);
  },
  compare: (a, b) => compareItem(a, b),
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function parseVersion(original: string): MavenList {
  const version = original.toLowerCase();
  const root: MavenList = { t: 'list', items: [] };
  let list = root;
  const stack: MavenList[] = [root];
  const push = (): void => {
    const next: MavenList = { t: 'list', items: [] };
    list.items.push(next);
    list = next;
    stack.push(next);
  };
  let isDigitRun = false;
  let isCombination = false;
  let start = 0;
  for (let i = 0; i < version.length; i++) {
    const c = version[i];
    if (c === '.') {
      list.items.push(i === start ? zero() : parseItem(isCombination, isDigitRun, version.slice(start, i)));
      isCombination = false;
      start = i + 1;
    } else if (c === '-') {
      if (i === start) list.items.push(zero());
      else {
        // `X-1` is read as `X1` (a combination item).
        if (!isDigitRun && i !== version.length - 1 && isDigit(version[i + 1])) {
          isCombination = true;
          continue;
        }
        list.items.push(parseItem(isCombination, isDigitRun, version.slice(start, i)));
      }
      start = i + 1;
      if (list.items.length > 0) push();
      isCombination = false;
    } else if (isDigit(c)) {
      if (!isDigitRun && i > start) {
        isCombination = true;
        if (list.items.length > 0) push();
      }
      isDigitRun = true;
    } else {
      if (isDigitRun && i > start) {
        list.items.push(parseItem(isCombination, true, version.slice(start, i)));
        start = i;
        push();
        isCombination = false;
      }
      isDigitRun = false;
    }
  }
  if (version.length > start) {
    // `1.0.0.X1 < 1.0.0-X2`: a trailing `.X` qualifier is treated as `-X`.
    if (!isDigitRun && list.items.length > 0) push();
    list.items.push(parseItem(isCombination, isDigitRun, version.slice(start)));
  }
  while (stack.length > 0) normalize(stack.pop() as MavenList);
  return root;
}

function zero(): MavenItem {
  return { t: 'num', width: 0, digits: '0' };
}

function parseItem(isCombination: boolean, isDigitRun: boolean, buf: string): MavenItem {
  if (isCombination) return combination(buf.replaceAll('-', ''));
  if (isDigitRun) return number(buf);
  return stringItem(buf, false);
}

/** Maven strips leading zeros unless the run is all zeros, then sizes by length. */
function number(buf: string): MavenItem {
  const digits = /^0+$/.test(buf) ? buf : stripZeros(buf);
  const width = digits.length <= 9 ? 0 : digits.length <= 18 ? 1 : 2;
  return { t: 'num', width, digits };
}

function stringItem(value: string, followedByDigit: boolean): MavenString {
  let v = value;
  if (followedByDigit && v.length === 1) {
    v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
  }
  return { t: 'str', value: v === 'cr' ? 'rc' : v };
}

function combination(v: string): MavenItem {
  let index = 0;
  for (let i = 0; i < v.length; i++) {
    if (isDigit(v[i])) {
      index = i;
      break;
    }
  }
  return {
    t: 'combo',
    str: stringItem(v.slice(0, index), true),
    num: parseItem(false, true, v.slice(index)),
  };
}

function isNull(item: MavenItem): boolean {
  switch (item.t) {
    case 'num':
      return /^0+$/.test(item.digits);
    case 'str':
      return item.value === '';
    case 'combo':
      return false;
    case 'list':
      return item.items.length === 0;
  }
}

function normalize(list: MavenList): void {
  const items = list.items;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as MavenItem;
    if (!isNull(item)) continue;
    const next = items[i + 1];
    if (next === undefined || next.t === 'str') items.splice(i, 1);
    else if (next.t === 'list') {
      const first = next.items[0];
      if (first !== undefined && (first.t === 'combo' || first.t === 'str')) items.splice(i, 1);
    }
  }
}

function comparable(qualifier: string): string {
  if (RELEASE_QUALIFIERS.has(qualifier)) return RELEASE_INDEX;
  const i = QUALIFIERS.indexOf(qualifier);
  return i === -1 ? `${QUALIFIERS.length}-${qualifier}` : String(i);
}

/** `ComparableVersion.Item#compareTo`, with `undefined` for Java's null (a missing item). */
function compareItem(a: MavenItem, b: MavenItem | undefined): number {
  switch (a.t) {
    case 'num':
      if (b === undefined) return isNull(a) ? 0 : 1;
      if (b.t === 'num') return a.width !== b.width ? a.width - b.width : compareDigits(a.digits, b.digits);
      return 1;
    case 'str':
      if (b === undefined) return compareStrings(comparable(a.value), RELEASE_INDEX);
      if (b.t === 'num' || b.t === 'list') return -1;
      if (b.t === 'str') return compareStrings(comparable(a.value), comparable(b.value));
      return compareItem(a, b.str) || -1;
    case 'combo': {
      if (b === undefined) return compareItem(a.str, undefined);
      if (b.t === 'num' || b.t === 'list') return -1;
      if (b.t === 'str') return compareItem(a.str, b) || 1;
      return compareItem(a.str, b.str) || compareItem(a.num, b.num);
    }
    case 'list': {
      if (b === undefined) {
        for (const item of a.items) {
          const c = compareItem(item, undefined);
          if (c !== 0) return c;
        }
        return 0;
      }
      if (b.t === 'num') return -1;
      if (b.t === 'str' || b.t === 'combo') return 1;
      const n = Math.max(a.items.length, b.items.length);
      for (let i = 0; i < n; i++) {
        const l = a.items[i];
        const r = b.items[i];
        const c = l === undefined ? (r === undefined ? 0 : -compareItem(r, undefined)) : compareItem(l, r);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
}
