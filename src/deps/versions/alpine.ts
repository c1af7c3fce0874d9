import { compareDigits, compareStrings } from './digits.ts';
import { VersionError } from './errors.ts';
import { checkLength, type VersionScheme } from './scheme.ts';

export interface AlpineVersion {
  /** Dot components as written (leading zeros matter, see compareComponent). */
  readonly numbers: readonly string[];
  readonly letter: string;
  readonly suffixes: readonly { readonly rank: number; readonly n: string }[];
  readonly revision: string;
}

// apk's version grammar: {digit}{.digit}...{letter}{_suffix{#}}...{-r#}.
const PATTERN = /^([0-9]+(?:\.[0-9]+)*)([a-z]?)((?:_[a-z]+[0-9]*)*)(?:-r([0-9]+))?$/;
const SUFFIX = /_([a-z]+)([0-9]*)/g;
/** Pre-release suffixes rank below 0 (no suffix), post-release ones above. */
const SUFFIX_RANK: Readonly<Record<string, number>> = {
  alpha: -4,
  beta: -3,
  pre: -2,
  rc: -1,
  cvs: 1,
  svn: 2,
  git: 3,
  hg: 4,
  p: 5,
};

/**
 * Alpine (apk-tools) versions are Gentoo versions: `1.2.3a_rc1_p2-r4`. Order (Gentoo PMS §3.3,
 * with apk's suffix set): first component numerically; later components numerically, unless
 * either has a leading zero, then as strings with trailing zeros stripped (`1.01` < `1.1`,
 * decimal-fraction style); more components wins; no letter < a letter; suffixes pairwise
 * `_alpha` < `_beta` < `_pre` < `_rc` < `_cvs` < `_svn` < `_git` < `_hg` < `_p`, then their
 * numbers (missing = 0); an extra pre-release suffix sorts lower, an extra post-release one
 * higher; then `-rN` (missing = 0). apk-tools 2.x's own tokenizer differs on bare zero
 * components (it sorts `1.0_rc1` after `1.0`); we follow the documented rule. Uppercase,
 * unknown suffixes, `-` not followed by `rN`, and apk 3's `~hash` are errors.
 */
export const alpine: VersionScheme<AlpineVersion> = {
  ecosystem: 'Alpine',
  parse(text) {
    checkLength('Alpine', text);
    const m = PATTERN.exec(text);
    if (!m) throw new VersionError('Alpine', text, 'not N[.N]...[a-z][_suffix[N]]...[-rN]');
    const [, numbers = '', letter = '', suffixText = '', revision = '0'] = m;
    const suffixes: { rank: number; n: string }[] = [];
    for (const s of suffixText.matchAll(SUFFIX)) {
      const rank = SUFFIX_RANK[s[1] as string];
      if (rank === undefined) throw new VersionError('Alpine', text, `unknown suffix _${s[1]}`);
      suffixes.push({ rank, n: s[2] || '0' });
    }
    return { numbers: numbers.split('.'), letter, suffixes, revision };
  },
  compare(a, b) {
    return (
      compareNumbers(a.numbers, b.numbers) ||
      compareStrings(a.letter, b.letter) ||
      compareSuffixes(a.suffixes, b.suffixes) ||
      compareDigits(a.revision, b.revision)
    );
  },
};

function compareNumbers(a: readonly string[], b: readonly string[]): number {
  const first = compareDigits(a[0] as string, b[0] as string);
  if (first !== 0) return first;
  const n = Math.min(a.length, b.length);
  for (let i = 1; i < n; i++) {
    const c = compareComponent(a[i] as string, b[i] as string);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** PMS algorithm 3.3: a leading zero makes both components compare as fractions (strings). */
function compareComponent(x: string, y: string): number {
  if (x.startsWith('0') || y.startsWith('0')) {
    return compareStrings(x.replace(/0+$/, ''), y.replace(/0+$/, ''));
  }
  return compareDigits(x, y);
}

function compareSuffixes(
  a: readonly { rank: number; n: string }[],
  b: readonly { rank: number; n: string }[],
): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as { rank: number; n: string };
    const y = b[i] as { rank: number; n: string };
    const c = x.rank - y.rank || compareDigits(x.n, y.n);
    if (c !== 0) return c;
  }
  const extraA = a[n];
  if (extraA) return extraA.rank > 0 ? 1 : -1;
  const extraB = b[n];
  if (extraB) return extraB.rank > 0 ? -1 : 1;
  return 0;
}
