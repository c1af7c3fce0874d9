import { compareDigits, compareStrings, isDigits } from './digits.ts';
import { VersionError } from './errors.ts';
import { checkLength, type VersionScheme } from './scheme.ts';

export interface NuGetVersion {
  /** Major, minor, patch, revision as digit strings without leading zeros. */
  readonly numbers: readonly [string, string, string, string];
  readonly release: readonly string[];
}

const INT32_MAX = '2147483647';

/**
 * NuGet (NuGet.Versioning's NuGetVersion and VersionComparer.Default): one to four numeric
 * parts, each an Int32, leading zeros allowed and missing parts 0 (`1.01` = `1.1.0.0`);
 * then SemVer 2.0 pre-release labels, compared case-insensitively; a label is numeric when it
 * parses as an Int32 (otherwise it compares as text, as NuGet does); numeric labels sort first;
 * build metadata after `+` is ignored.
 */
export const nuget: VersionScheme<NuGetVersion> = {
  ecosystem: 'NuGet',
  parse(text) {
    checkLength('NuGet', text);
    const m = /^\s*([0-9]+(?:\.[0-9]+){0,3})(?:-([^+]*))?(?:\+(.*))?\s*$/s.exec(text);
    if (!m) throw invalid(text, 'not N[.N[.N[.N]]][-LABEL][+METADATA]');
    const [, core = '', pre, build] = m;
    const parts = core.split('.').map((p) => compact(p));
    for (const p of parts)
      if (compareDigits(p, INT32_MAX) > 0) throw invalid(text, `${p} does not fit in Int32`);
    while (parts.length < 4) parts.push('0');
    let release: string[] = [];
    if (pre !== undefined) {
      release = pre.split('.');
      if (!release.every((l) => /^[0-9A-Za-z-]+$/.test(l))) {
        throw invalid(text, 'release labels must be non-empty [0-9A-Za-z-]');
      }
    }
    if (build !== undefined && !build.split('.').every((l) => /^[0-9A-Za-z-]+$/.test(l))) {
      throw invalid(text, 'metadata labels must be non-empty [0-9A-Za-z-]');
    }
    return { numbers: parts as unknown as [string, string, string, string], release };
  },
  compare(a, b) {
    for (let i = 0; i < 4; i++) {
      const c = compareDigits(a.numbers[i] as string, b.numbers[i] as string);
      if (c !== 0) return c;
    }
    if (a.release.length === 0 || b.release.length === 0) return b.release.length - a.release.length;
    const n = Math.min(a.release.length, b.release.length);
    for (let i = 0; i < n; i++) {
      const c = compareLabel(a.release[i] as string, b.release[i] as string);
      if (c !== 0) return c;
    }
    return a.release.length - b.release.length;
  },
};

/** Int32 value of a label as int.TryParse reads it (leading zeros fine, `-` sign), else undefined. */
function int32(label: string): bigint | undefined {
  if (!/^-?[0-9]+$/.test(label)) return undefined;
  const value = BigInt(label);
  return value >= -2147483648n && value <= 2147483647n ? value : undefined;
}

function compareLabel(x: string, y: string): number {
  const xn = int32(x);
  const yn = int32(y);
  if (xn !== undefined && yn !== undefined) return xn < yn ? -1 : xn > yn ? 1 : 0;
  if (xn !== undefined) return -1;
  if (yn !== undefined) return 1;
  // OrdinalIgnoreCase compares upper-cased code units.
  return compareStrings(x.toUpperCase(), y.toUpperCase());
}

function compact(digits: string): string {
  return isDigits(digits) ? digits.replace(/^0+(?=[0-9])/, '') : digits;
}

function invalid(text: string, reason: string): VersionError {
  return new VersionError('NuGet', text, reason);
}
