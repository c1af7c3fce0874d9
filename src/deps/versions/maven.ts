import { compareDigits, compareStrings, stripZeros } from './digits.ts';
import { VersionError } from './errors.ts';
import { checkLength, type VersionScheme } from './scheme.ts';

/**
 * Maven's ComparableVersion as maven-artifact 3.9.x has it (checked against 3.9.6 by
 * differential.test.ts), item for item, because its quirks are the order Maven resolves with:
 * - `.` and `-` separate items, an empty item is 0; `-` and every digit/letter transition open
 *   a sub-list (`1-rc1` = [1, [rc, [1]]]), and so does a qualifier after a dot (`1.0.0.X1` is
 *   read as `1.0.0-X1`);
 * - numbers are int (≤ 9 digits after leading zeros), long (≤ 18) or big, and a wider kind always
 *   sorts higher (an all-zero run keeps its length, so `0000000000` is a long);
 * - qualifiers: alpha = a < beta = b < milestone = m < rc = cr < snapshot < "" = ga = final =
 *   release < sp < anything else (lexical, case-insensitive); `a`, `b`, `m` are abbreviations
 *   only when digits follow directly (`1-a1`, not `1-a-1`);
 * - trailing null items (0, "", ga/final/release, empty lists) are trimmed from each list, from
 *   the end, up to the first non-null item that is not a list.
 * Maven 4 (master) differs: it reads `rc1` / `rc-1` as one "combination" item. Maven 3.9 is what
 * builds resolve with today, so that is the order advisories' ranges are matched in.
 */
export type MavenItem =
  | { readonly t: 'num'; readonly width: 0 | 1 | 2; readonly digits: string }
  | MavenString
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
const ALIASES: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };
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

/** `ComparableVersion#parseVersion` (3.9.x). */
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
  let start = 0;
  for (let i = 0; i < version.length; i++) {
    const c = version[i];
    if (c === '.' || c === '-') {
      list.items.push(i === start ? zero() : parseItem(isDigitRun, version.slice(start, i)));
      start = i + 1;
      if (c === '-') push();
    } else if (isDigit(c)) {
      if (!isDigitRun && i > start) {
        // `1.0.0.X1 < 1.0.0-X2`: a qualifier after a dot is read as after a dash.
        if (list.items.length > 0) push();
        list.items.push(stringItem(version.slice(start, i), true));
        start = i;
        push();
      }
      isDigitRun = true;
    } else {
      if (isDigitRun && i > start) {
        list.items.push(parseItem(true, version.slice(start, i)));
        start = i;
        push();
      }
      isDigitRun = false;
    }
  }
  if (version.length > start) {
    if (!isDigitRun && list.items.length > 0) push();
    list.items.push(parseItem(isDigitRun, version.slice(start)));
  }
  while (stack.length > 0) normalize(stack.pop() as MavenList);
  return root;
}

function zero(): MavenItem {
  return { t: 'num', width: 0, digits: '0' };
}

function parseItem(isDigitRun: boolean, buf: string): MavenItem {
  return isDigitRun ? number(buf) : stringItem(buf, false);
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
  // Own-property lookup: a qualifier named `constructor` or `__proto__` is just a word.
  return { t: 'str', value: Object.hasOwn(ALIASES, v) ? (ALIASES[v] as string) : v };
}

function isNull(item: MavenItem): boolean {
  switch (item.t) {
    case 'num':
      return /^0+$/.test(item.digits);
    case 'str':
      return item.value === '';
    case 'list':
      return item.items.length === 0;
  }
}

/** Drops null items from the end, passing over non-null sub-lists, up to any other item. */
function normalize(list: MavenList): void {
  const items = list.items;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as MavenItem;
    if (isNull(item)) items.splice(i, 1);
    else if (item.t !== 'list') break;
  }
}

function comparable(qualifier: string): string {
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
      if (b.t === 'str') return compareStrings(comparable(a.value), comparable(b.value));
      return -1;
    case 'list': {
      if (b === undefined) {
        for (const item of a.items) {
          const c = compareItem(item, undefined);
          if (c !== 0) return c;
        }
        return 0;
      }
      if (b.t === 'num') return -1;
      if (b.t === 'str') return 1;
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
