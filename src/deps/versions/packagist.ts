import { compareDigits } from './digits.ts';
import { VersionError } from './errors.ts';
import { checkLength, type VersionScheme } from './scheme.ts';

/** Composer's normalised version, as parts of PHP's canonical form (`1.0.0.0-beta2` → 1,0,0,0,beta,2). */
export type PackagistVersion = readonly string[];

// Composer writes the number part as `((?:[.-]?\d++)*+)` (possessive); the same language written
// without nested quantifiers, so that a long digit run cannot backtrack exponentially.
const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?[0-9])*)?)?([.-]?dev)?';
const CLASSICAL = new RegExp(`^v?([0-9]{1,5})(\\.[0-9]+)?(\\.[0-9]+)?(\\.[0-9]+)?${MODIFIER}$`, 'i');
const DATETIME = new RegExp(`^v?([0-9]{4}(?:[.:-]?[0-9]{2}){1,6}(?:[.:-]?[0-9]{1,3}){0,2})${MODIFIER}$`, 'i');
const BRANCH = /^v?([0-9]+)(\.(?:[0-9]+|[xX*]))?(\.(?:[0-9]+|[xX*]))?(\.(?:[0-9]+|[xX*]))?$/;
const STABILITY: Readonly<Record<string, string>> = {
  a: 'alpha',
  alpha: 'alpha',
  b: 'beta',
  beta: 'beta',
  p: 'patch',
  pl: 'patch',
  patch: 'patch',
  rc: 'RC',
};

/**
 * Packagist orders like Composer: VersionParser::normalize (`v` prefix dropped, up to four
 * numeric parts padded to four, `-b2`/`.beta.2`/`BETA2` → `-beta2`, `p`/`pl` → `patch`,
 * `X.x-dev` branches → `X.9999999.9999999.9999999-dev`, `dev-*` branches kept, build
 * metadata dropped), then PHP's version_compare on the result: dev < alpha = a < beta = b <
 * RC = rc < (number) < patch = pl = p, and any other word before dev. Numbers are compared
 * exactly (PHP clamps at 2^63-1). Anything normalize rejects is an error.
 */
export const packagist: VersionScheme<PackagistVersion> = {
  ecosystem: 'Packagist',
  parse(text) {
    checkLength('Packagist', text);
    return canonical(normalize(text));
  },
  compare(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = comparePart(a[i] as string, b[i] as string);
      if (c !== 0) return c;
    }
    if (a.length > n) return isDigitStart(a[n] as string) ? 1 : compareRest(a.slice(n), ['#N#']);
    if (b.length > n) return isDigitStart(b[n] as string) ? -1 : compareRest(['#N#'], b.slice(n));
    return 0;
  },
};

/** Composer's VersionParser::normalize, for the forms a package version (not a constraint) takes. */
function normalize(original: string): string {
  let version = original.trim();
  if (version === '') throw invalid(original, 'empty version');
  const alias = /^([^,\s]+) +as +([^,\s]+)$/.exec(version);
  if (alias) version = alias[1] as string;
  const flag = /@(?:stable|RC|beta|alpha|dev)$/i.exec(version);
  if (flag) version = version.slice(0, version.length - flag[0].length);
  if (version === 'master' || version === 'trunk' || version === 'default') version = `dev-${version}`;
  if (version.toLowerCase().startsWith('dev-')) {
    if (version.length === 4) throw invalid(original, 'empty branch name');
    return `dev-${version.slice(4)}`;
  }
  const build = /^([^,\s+]+)\+\S+$/.exec(version);
  if (build) version = build[1] as string;
  let m = CLASSICAL.exec(version);
  let index = 5;
  if (m) {
    version = `${m[1]}${m[2] || '.0'}${m[3] || '.0'}${m[4] || '.0'}`;
  } else {
    m = DATETIME.exec(version);
    index = 2;
    if (m) version = (m[1] as string).replace(/[^0-9]/g, '.');
  }
  if (m) {
    const stability = m[index];
    if (stability) {
      if (stability.toLowerCase() === 'stable') return version;
      const n = m[index + 1];
      version += `-${STABILITY[stability.toLowerCase()] ?? stability}${n ? n.replace(/^[.-]+/, '') : ''}`;
    }
    if (m[index + 2]) version += '-dev';
    return version;
  }
  const dev = /^(.*?)[.-]?dev$/i.exec(version);
  if (dev) {
    const branch = BRANCH.exec((dev[1] as string).trim());
    if (branch) {
      let out = '';
      for (let i = 1; i < 5; i++) out += branch[i] !== undefined ? branch[i]?.replace(/[*X]/g, 'x') : '.x';
      return `${out.replaceAll('x', '9999999')}-dev`;
    }
  }
  throw invalid(original, 'Composer cannot normalize it');
}

/** php_canonicalize_version: `-_+` and other non-alphanumerics become `.`, digit/letter changes add one. */
function canonical(version: string): string[] {
  let out = version[0] ?? '';
  for (let i = 1; i < version.length; i++) {
    const c = version[i] as string;
    const prev = version[i - 1] as string;
    const last = out[out.length - 1];
    if (c === '-' || c === '_' || c === '+') {
      if (last !== '.') out += '.';
    } else if ((isNonDigit(prev) && isDigit(c)) || (isDigit(prev) && isNonDigit(c))) {
      if (last !== '.') out += '.';
      out += c;
    } else if (!/[0-9A-Za-z]/.test(c)) {
      if (last !== '.') out += '.';
    } else out += c;
  }
  return out.split('.');
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isNonDigit = (c: string): boolean => !isDigit(c) && c !== '.';
const isDigitStart = (part: string): boolean => part !== '' && isDigit(part[0] as string);

const SPECIAL: readonly (readonly [string, number])[] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

/** PHP matches special forms by prefix (`patch` is `p`) and ranks unknown words below dev. */
function special(form: string): number {
  for (const [name, order] of SPECIAL) if (form.startsWith(name)) return order;
  return -1;
}

function comparePart(x: string, y: string): number {
  const xd = isDigitStart(x);
  const yd = isDigitStart(y);
  if (xd && yd) return compareDigits(x, y);
  if (!xd && !yd) return Math.sign(special(x) - special(y));
  return xd ? Math.sign(special('#N#') - special(y)) : Math.sign(special(x) - special('#N#'));
}

/** version_compare(rest, "#N#"): the leftover of the longer version against "a release". */
function compareRest(a: readonly string[], b: readonly string[]): number {
  return packagist.compare(a, b);
}

function invalid(text: string, reason: string): VersionError {
  return new VersionError('Packagist', text, reason);
}
