import { compareDigits, compareStrings, isDigits } from './digits.ts';
import { VersionError } from './errors.ts';
import { checkLength, type VersionScheme } from './scheme.ts';

/** A PEP 440 version in normalised form; numbers stay digit strings (no 2^53 limit). */
export interface PypiVersion {
  readonly epoch: string;
  /** Release segments with trailing zeros removed (`1.0.0` orders as `1`). */
  readonly release: readonly string[];
  readonly pre?: { readonly label: 'a' | 'b' | 'rc'; readonly n: string };
  readonly post?: string;
  readonly dev?: string;
  readonly local?: readonly string[];
}

// PEP 440 Appendix B's permissive pattern (the one `packaging` uses), which accepts every
// spelling the normalisation rules allow: `1.0.0-ALPHA.1`, `1.0post1`, `1.0-1`, `v1.0`, `1!2.0`.
const PATTERN = new RegExp(
  '^\\s*v?' +
    '(?:([0-9]+)!)?' +
    '([0-9]+(?:\\.[0-9]+)*)' +
    '(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?)?' +
    '(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?' +
    '(?:[-_.]?(dev)[-_.]?([0-9]+)?)?' +
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?' +
    '\\s*$',
  'i',
);

const PRE_LABEL: Readonly<Record<string, 'a' | 'b' | 'rc'>> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};
const PRE_RANK = { a: 0, b: 1, rc: 2 } as const;

/**
 * PyPI orders versions by PEP 440: epoch, release (numeric, trailing zeros ignored), then
 * `.devN` < `aN` < `bN` < `rcN` < release < `.postN`, with a dev release of a pre/post release
 * sorting just before it, and a local label (`+ubuntu.1`) after the same public version
 * (numeric local segments after alphanumeric ones). Anything the PEP 440 grammar rejects —
 * legacy versions such as `2004d` or `1.0-foo` — is an error, as in pip ≥ 24.1.
 */
export const pypi: VersionScheme<PypiVersion> = {
  ecosystem: 'PyPI',
  parse(text) {
    checkLength('PyPI', text);
    const m = PATTERN.exec(text);
    if (!m) throw new VersionError('PyPI', text, 'not a PEP 440 version');
    const [, epoch, release = '', preL, preN, postImplicit, postL, postN, devL, devN, local] = m;
    const segments = release.split('.');
    while (segments.length > 1 && /^0+$/.test(segments[segments.length - 1] as string)) segments.pop();
    const v: {
      epoch: string;
      release: string[];
      pre?: { label: 'a' | 'b' | 'rc'; n: string };
      post?: string;
      dev?: string;
      local?: string[];
    } = { epoch: epoch ?? '0', release: segments };
    if (preL !== undefined) v.pre = { label: PRE_LABEL[preL.toLowerCase()] ?? 'a', n: preN ?? '0' };
    if (postImplicit !== undefined) v.post = postImplicit;
    else if (postL !== undefined) v.post = postN ?? '0';
    if (devL !== undefined) v.dev = devN ?? '0';
    if (local !== undefined) v.local = local.toLowerCase().split(/[-_.]/);
    return v;
  },
  compare(a, b) {
    return (
      compareDigits(a.epoch, b.epoch) ||
      compareRelease(a.release, b.release) ||
      comparePre(a, b) ||
      comparePost(a.post, b.post) ||
      compareDev(a.dev, b.dev) ||
      compareLocal(a.local, b.local)
    );
  },
};

function compareRelease(a: readonly string[], b: readonly string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * packaging's key: a bare dev release (`1.0.dev1`, no pre, no post) sorts before every
 * pre-release of 1.0; no pre-release sorts after all of them.
 */
function preKey(v: PypiVersion): [number, string] {
  if (v.pre) return [PRE_RANK[v.pre.label], v.pre.n];
  if (v.post === undefined && v.dev !== undefined) return [-1, '0'];
  return [3, '0'];
}

function comparePre(a: PypiVersion, b: PypiVersion): number {
  const [ra, na] = preKey(a);
  const [rb, nb] = preKey(b);
  return ra - rb || compareDigits(na, nb);
}

/** No post release sorts before `.post0`. */
function comparePost(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareDigits(a, b);
}

/** No dev release sorts after every `.devN`. */
function compareDev(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return compareDigits(a, b);
}

/** No local label first; then segment by segment, numbers above strings, longer wins. */
function compareLocal(a: readonly string[] | undefined, b: readonly string[] | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    const xn = isDigits(x);
    const yn = isDigits(y);
    const c = xn && yn ? compareDigits(x, y) : xn ? 1 : yn ? -1 : compareStrings(x, y);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
