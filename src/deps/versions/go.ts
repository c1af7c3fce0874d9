import { compareDigits } from './digits.ts';
import { VersionError } from './errors.ts';
import { checkLength, type VersionScheme } from './scheme.ts';
import { comparePrerelease, splitIdentifiers } from './semver-core.ts';

export interface GoVersion {
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  readonly prerelease: readonly string[];
}

/**
 * Go modules order versions with golang.org/x/mod/semver: SemVer 2.0 with a `v` prefix,
 * numbers of any length, `vMAJOR` and `vMAJOR.MINOR` as shorthands for `.0` (no pre-release
 * allowed on a shorthand), build metadata ignored — so `v2.0.0+incompatible` equals `v2.0.0`.
 * Pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`, `v1.2.4-0.2019…-abc`,
 * `v1.2.3-pre.0.2019…-abc`) are ordinary pre-releases and sort by their timestamp through
 * the numeric-identifier rule. OSV's Go records drop the `v`, so it is optional here.
 */
export const go: VersionScheme<GoVersion> = {
  ecosystem: 'Go',
  parse(text) {
    checkLength('Go', text);
    const m = /^v?(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:-([^+]*))?(?:\+(.*))?)?)?$/s.exec(
      text,
    );
    if (!m) throw invalid(text, 'not vMAJOR[.MINOR[.PATCH[-PRE][+BUILD]]] (leading zeros are not allowed)');
    const [, major = '', minor, patch, pre, build] = m;
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
    return { major, minor: minor ?? '0', patch: patch ?? '0', prerelease };
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
  return new VersionError('Go', text, reason);
}
