import { VersionError } from './errors.ts';
import { checkLength, type VersionScheme } from './scheme.ts';

export interface RpmVersion {
  readonly epoch: string;
  readonly version: string;
  readonly release: string;
}

/**
 * Red Hat (and other RPM distributions) order `[epoch:]version[-release]` with rpm's
 * rpmvercmp on each part (epoch missing = 0): separators (anything but letters, digits, `~`,
 * `^`) only split segments; `~` sorts before everything, even the end (`1.0~rc1` < `1.0`);
 * `^` sorts after the end but before any other segment (`1.0` < `1.0^git1` < `1.0.1`); digit
 * segments compare numerically (any length) and beat letter segments; letter segments compare
 * as ASCII. rpm's dependency matching ignores a missing release; a total order cannot, so a
 * missing release is the empty one (`1.0` < `1.0-1`). rpm accepts nearly any string; we
 * reject empty parts, whitespace, control and non-ASCII characters.
 */
export const rpm: VersionScheme<RpmVersion> = {
  ecosystem: 'Red Hat',
  parse(text) {
    checkLength('Red Hat', text);
    if (!/^[\x21-\x7e]+$/.test(text)) {
      throw invalid(text, text === '' ? 'empty version' : 'only printable ASCII without spaces is accepted');
    }
    let epoch = '0';
    let rest = text;
    const m = /^([0-9]*):/.exec(text);
    if (m) {
      epoch = m[1] === '' ? '0' : (m[1] as string);
      rest = text.slice(m[0].length);
    }
    const hyphen = rest.lastIndexOf('-');
    const version = hyphen === -1 ? rest : rest.slice(0, hyphen);
    const release = hyphen === -1 ? '' : rest.slice(hyphen + 1);
    if (version === '') throw invalid(text, 'empty version part');
    if (hyphen !== -1 && release === '') throw invalid(text, 'empty release after "-"');
    return { epoch, version, release };
  },
  compare(a, b) {
    return rpmvercmp(a.epoch, b.epoch) || rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
  },
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isAlnum = (c: string | undefined): boolean => isDigit(c) || isAlpha(c);

/** rpm's rpmvercmp (lib/rpmvercmp.c, rpm ≥ 4.15 with `^`), index-based. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]) && b[j] !== '~' && b[j] !== '^') j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (!(i < a.length && j < b.length)) break;
    let x = i;
    let y = j;
    const isNum = isDigit(a[x]);
    const run = isNum ? isDigit : isAlpha;
    while (x < a.length && run(a[x])) x++;
    while (y < b.length && run(b[y])) y++;
    if (y === j) return isNum ? 1 : -1;
    let one = a.slice(i, x);
    let two = b.slice(j, y);
    if (isNum) {
      one = one.replace(/^0+/, '');
      two = two.replace(/^0+/, '');
      if (one.length !== two.length) return one.length > two.length ? 1 : -1;
    }
    if (one !== two) return one < two ? -1 : 1;
    i = x;
    j = y;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

function invalid(text: string, reason: string): VersionError {
  return new VersionError('Red Hat', text, reason);
}
