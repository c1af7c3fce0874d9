import { compareDigits, compareStrings } from './digits.ts';
import { VersionError } from './errors.ts';
import { checkLength, type VersionScheme } from './scheme.ts';

/** Gem::Version's canonical segments: digit strings and letter runs. */
export type RubyGemsVersion = readonly RubySegment[];
type RubySegment = { readonly num: string } | { readonly str: string };

// Gem::Version::ANCHORED_VERSION_PATTERN.
const PATTERN = /^\s*[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\s*$/;

/**
 * RubyGems orders with Gem::Version#<=>: `-` becomes `.pre.`, the version splits into digit
 * runs and letter runs (`1.0a1` → 1, 0, "a", 1), a version with any letter is a pre-release,
 * trailing zeros are dropped from the numeric part and from the part after the first letter
 * run, and a letter run sorts before a number (`1.0.a` < `1.0` < `1.0.1`); letter runs
 * compare case-sensitively as bytes. Gem::Version reads an empty string as "0"; we reject it
 * because no published gem has an empty version.
 */
export const rubygems: VersionScheme<RubyGemsVersion> = {
  ecosystem: 'RubyGems',
  parse(text) {
    checkLength('RubyGems', text);
    if (!PATTERN.test(text))
      throw new VersionError('RubyGems', text, 'not a Gem::Version (digits, dots, letters)');
    const version = text.trim().replaceAll('-', '.pre.');
    const segments: RubySegment[] = (version.match(/[0-9]+|[a-z]+/gi) ?? []).map((s) =>
      /^[0-9]/.test(s) ? { num: s } : { str: s },
    );
    const firstString = segments.findIndex((s) => 'str' in s);
    const numeric = firstString === -1 ? segments : segments.slice(0, firstString);
    const rest = firstString === -1 ? [] : segments.slice(firstString);
    return [...dropTrailingZeros(numeric), ...dropTrailingZeros(rest)];
  },
  compare(a, b) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a[i] ?? { num: '0' };
      const y = b[i] ?? { num: '0' };
      if ('num' in x && 'num' in y) {
        const c = compareDigits(x.num, y.num);
        if (c !== 0) return c;
      } else if ('str' in x && 'str' in y) {
        const c = compareStrings(x.str, y.str);
        if (c !== 0) return c;
      } else return 'str' in x ? -1 : 1;
    }
    return 0;
  },
};

function dropTrailingZeros(segments: RubySegment[]): RubySegment[] {
  let end = segments.length;
  while (end > 0) {
    const s = segments[end - 1] as RubySegment;
    if (!('num' in s) || !/^0+$/.test(s.num)) break;
    end--;
  }
  return segments.slice(0, end);
}
