import { VersionError } from './errors.ts';
import { checkLength, type VersionScheme } from './scheme.ts';

export interface DebianVersion {
  readonly epoch: number;
  readonly upstream: string;
  readonly revision: string;
}

/**
 * Debian orders with dpkg: `[epoch:]upstream[-revision]`, epoch numerically, then upstream and
 * revision with verrevcmp — alternating non-digit runs (compared character by character with
 * `~` before end-of-string before letters before other characters) and digit runs (compared
 * numerically, any length). A missing revision is "" (so `1.0` = `1.0-0`). dpkg's parse errors
 * and its "bad syntax" warnings (upstream not starting with a digit, characters outside
 * `[A-Za-z0-9.+~-:]`) are both errors here.
 */
export const debian: VersionScheme<DebianVersion> = {
  ecosystem: 'Debian',
  parse(text) {
    checkLength('Debian', text);
    const version = text.replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, '');
    if (version === '') throw invalid(text, 'version string is empty');
    if (/[ \t\n\r\f\v]/.test(version)) throw invalid(text, 'version string has embedded spaces');
    let epoch = 0;
    let rest = version;
    const colon = version.indexOf(':');
    if (colon !== -1) {
      const e = version.slice(0, colon);
      if (e === '') throw invalid(text, 'epoch in version is empty');
      if (!/^[0-9]+$/.test(e)) throw invalid(text, 'epoch in version is not number');
      epoch = Number(e);
      if (epoch > 2147483647) throw invalid(text, 'epoch in version is too big');
      rest = version.slice(colon + 1);
      if (rest === '') throw invalid(text, 'nothing after colon in version number');
    }
    let upstream = rest;
    let revision = '';
    const hyphen = rest.lastIndexOf('-');
    if (hyphen !== -1) {
      upstream = rest.slice(0, hyphen);
      revision = rest.slice(hyphen + 1);
      if (revision === '') throw invalid(text, 'revision number is empty');
    }
    if (upstream === '') throw invalid(text, 'version number is empty');
    if (!/^[0-9]/.test(upstream)) throw invalid(text, 'version number does not start with digit');
    if (!/^[A-Za-z0-9.+~:-]+$/.test(upstream)) throw invalid(text, 'invalid character in version number');
    if (!/^[A-Za-z0-9.+~]*$/.test(revision)) throw invalid(text, 'invalid character in revision number');
    return { epoch, upstream, revision };
  },
  compare(a, b) {
    return a.epoch - b.epoch || verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
  },
};

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** dpkg's order(): digits and end 0, `~` -1, letters their code, anything else after letters. */
function order(c: number): number {
  if (Number.isNaN(c) || isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === 126) return -1;
  return c + 256;
}

/** dpkg's verrevcmp, index-based; `charCodeAt` past the end is NaN, standing in for NUL. */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a.charCodeAt(i));
      const bc = order(b.charCodeAt(j));
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a.charCodeAt(i) === 48) i++;
    while (b.charCodeAt(j) === 48) j++;
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a.charCodeAt(i))) return 1;
    if (isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

function invalid(text: string, reason: string): VersionError {
  return new VersionError('Debian', text, reason);
}
