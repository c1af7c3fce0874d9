import semver from 'semver';
import { compareDigits, compareStrings, isDigits } from './digits.ts';
import { VersionError } from './errors.ts';
import { checkLength, type VersionScheme } from './scheme.ts';

/** A version as node-semver (strict mode) parses it; build metadata is dropped: it never orders. */
export interface NpmVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly string[];
}

/**
 * npm's order is node-semver's: strict SemVer 2.0 (optional leading `v`, surrounding
 * whitespace trimmed, no leading zeros, major/minor/patch ≤ Number.MAX_SAFE_INTEGER, at most
 * 256 characters). node-semver turns numeric pre-release identifiers into floats, which loses
 * precision past 2^53; we compare their digits instead, which is what SemVer §11 says and what
 * node-semver answers whenever it can represent the numbers.
 */
export const npm: VersionScheme<NpmVersion> = {
  ecosystem: 'npm',
  parse(text) {
    checkLength('npm', text);
    const parsed = semver.parse(text, { loose: false });
    if (parsed === null) {
      throw new VersionError(
        'npm',
        text,
        'not a SemVer 2.0 version as npm accepts it (MAJOR.MINOR.PATCH[-PRE][+BUILD])',
      );
    }
    return {
      major: parsed.major,
      minor: parsed.minor,
      patch: parsed.patch,
      prerelease: parsed.prerelease.map(String),
    };
  },
  compare(a, b) {
    if (a.major !== b.major) return a.major - b.major;
    if (a.minor !== b.minor) return a.minor - b.minor;
    if (a.patch !== b.patch) return a.patch - b.patch;
    return comparePrereleaseNpm(a.prerelease, b.prerelease);
  },
};

function comparePrereleaseNpm(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; ; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) {
      return x === undefined ? (y === undefined ? 0 : -1) : 1;
    }
    const xn = isDigits(x);
    const yn = isDigits(y);
    const c = xn && yn ? compareDigits(x, y) : xn ? -1 : yn ? 1 : compareStrings(x, y);
    if (c !== 0) return c;
  }
}
