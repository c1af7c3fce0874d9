import { compareDigits } from './digits.ts';
import { VersionError } from './errors.ts';
import { checkLength, type VersionScheme } from './scheme.ts';
import { comparePrerelease, splitIdentifiers } from './semver-core.ts';

export interface CratesVersion {
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  readonly prerelease: readonly string[];
}

const U64_MAX = '18446744073709551615';

/**
 * crates.io versions are parsed by Cargo's `semver` crate: exactly MAJOR.MINOR.PATCH, no `v`,
 * no whitespace, no leading zeros, each number ≤ u64::MAX, SemVer 2.0 identifiers. Order is
 * SemVer precedence (build metadata ignored): Cargo's `Ord` breaks ties on build metadata, but
 * precedence is what advisory ranges mean, and `1.0.0+a` is not "before" `1.0.0+b`.
 */
export const crates: VersionScheme<CratesVersion> = {
  ecosystem: 'crates.io',
  parse(text) {
    checkLength('crates.io', text);
    const m = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-([^+]*))?(?:\+(.*))?$/s.exec(text);
    if (!m) throw invalid(text, 'not MAJOR.MINOR.PATCH[-PRE][+BUILD] (no leading zeros, no `v`)');
    const [, major = '', minor = '', patch = '', pre, build] = m;
    for (const n of [major, minor, patch]) {
      if (compareDigits(n, U64_MAX) > 0) throw invalid(text, `${n} does not fit in u64`);
    }
    let prerelease: string[] = [];
    if (pre !== undefined) {
      const ids = splitIdentifiers(pre);
      if (!ids) throw invalid(text, 'pre-release identifiers must be non-empty [0-9A-Za-z-]');
      if (ids.some((id) => /^0[0-9]+$/.test(id))) {
        throw invalid(text, 'numeric pre-release identifiers must not have leading zeros');
      }
      prerelease = ids;
    }
    if (build !== undefined && !splitIdentifiers(build)) {
      throw invalid(text, 'build identifiers must be non-empty [0-9A-Za-z-]');
    }
    return { major, minor, patch, prerelease };
  },
  compare(a, b) {
    return (
      compareDigits(a.major, b.major) ||
      compareDigits(a.minor, b.minor) ||
      compareDigits(a.patch, b.patch) ||
      comparePrerelease(a.prerelease, b.prerelease)
    );
  },
};

function invalid(text: string, reason: string): VersionError {
  return new VersionError('crates.io', text, reason);
}
