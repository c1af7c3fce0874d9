import { VersionError } from './errors.ts';
import type { VersionScheme } from './scheme.ts';

/** apk-tools' token stream: (type of the next token, value of this one) pairs, ended by END/INVALID. */
export interface AlpineVersion {
  readonly text: string;
}

// apk-tools 2.x token types, in its enum order (the order matters: see compareAlpine).
const INVALID = -1;
const DIGIT_OR_ZERO = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const REVISION_NO = 5;
const END = 6;

const PRE_SUFFIXES = ['alpha', 'beta', 'pre', 'rc'];
const POST_SUFFIXES = ['cvs', 'svn', 'git', 'hg', 'p'];

/**
 * Alpine orders with apk-tools 2.x (version.c): `1.2.3a_rc1_p2-r4` is numbers separated by
 * dots, an optional lowercase letter, suffixes (`_alpha` < `_beta` < `_pre` < `_rc` < none <
 * `_cvs` < `_svn` < `_git` < `_hg` < `_p`, each with an optional number) and a `-rN` revision.
 * A component with leading zeros (`1.01`) compares below any component without them, fewer
 * zeros higher (apk's "-count" rule), and a letter sorts below a further dot component
 * (`1.2a` < `1.2.1`). Text apk's validator rejects (uppercase, unknown suffixes, `-` not
 * followed by `r`, the `~hash` form) is an error. Numbers compare exactly (apk uses int).
 */
export const alpine: VersionScheme<AlpineVersion> = {
  ecosystem: 'Alpine',
  parse(text) {
    if (text === '') throw new VersionError('Alpine', text, 'empty version');
    const cursor = { text, pos: 0, type: DIGIT };
    while (cursor.type !== END && cursor.type !== INVALID) getToken(cursor);
    if (cursor.type === INVALID) throw new VersionError('Alpine', text, 'apk-tools rejects it');
    return { text };
  },
  compare(a, b) {
    const x = { text: a.text, pos: 0, type: DIGIT };
    const y = { text: b.text, pos: 0, type: DIGIT };
    let av = 0n;
    let bv = 0n;
    while (x.type === y.type && x.type !== END && x.type !== INVALID && av === bv) {
      av = getToken(x);
      bv = getToken(y);
    }
    if (av !== bv) return av < bv ? -1 : 1;
    if (x.type === y.type) return 0;
    // Equal so far: the longer version is newer, unless what it has next is a pre-release suffix.
    if (x.type === SUFFIX && getToken({ ...x }) < 0n) return -1;
    if (y.type === SUFFIX && getToken({ ...y }) < 0n) return 1;
    if (x.type > y.type) return -1;
    if (y.type > x.type) return 1;
    return 0;
  },
};

interface Cursor {
  readonly text: string;
  pos: number;
  type: number;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';

/** apk's next_token: classifies what follows and checks the token order is allowed. */
function nextToken(c: Cursor): void {
  let n = INVALID;
  const ch = c.text[c.pos];
  if (ch === undefined) n = END;
  else if ((c.type === DIGIT || c.type === DIGIT_OR_ZERO) && isLower(ch)) n = LETTER;
  else if (c.type === LETTER && isDigit(ch)) n = DIGIT;
  else if (c.type === SUFFIX && isDigit(ch)) n = SUFFIX_NO;
  else {
    if (ch === '.') n = DIGIT_OR_ZERO;
    else if (ch === '_') n = SUFFIX;
    else if (ch === '-' && c.text[c.pos + 1] === 'r') {
      n = REVISION_NO;
      c.pos++;
    }
    c.pos++;
  }
  if (n < c.type) {
    const allowed =
      (n === DIGIT_OR_ZERO && c.type === DIGIT) ||
      (n === SUFFIX && c.type === SUFFIX_NO) ||
      (n === DIGIT && c.type === LETTER);
    if (!allowed) n = INVALID;
  }
  c.type = n;
}

/** apk's get_token: the value of the token at the cursor (type `c.type`), then advances. */
function getToken(c: Cursor): bigint {
  if (c.pos >= c.text.length) {
    c.type = END;
    return 0n;
  }
  let v = 0n;
  let i = c.pos;
  let nt = INVALID;
  switch (c.type) {
    case DIGIT_OR_ZERO:
      if (c.text[i] === '0') {
        while (c.text[i] === '0') i++;
        nt = DIGIT;
        v = -BigInt(i - c.pos);
        break;
      }
      i = readDigits(c.text, i);
      v = i > c.pos ? BigInt(c.text.slice(c.pos, i)) : 0n;
      break;
    case DIGIT:
    case SUFFIX_NO:
    case REVISION_NO:
      i = readDigits(c.text, i);
      v = i > c.pos ? BigInt(c.text.slice(c.pos, i)) : 0n;
      break;
    case LETTER:
      v = BigInt(c.text.charCodeAt(i));
      i++;
      break;
    case SUFFIX: {
      const rest = c.text.slice(i);
      const pre = PRE_SUFFIXES.findIndex((s) => rest.startsWith(s));
      if (pre !== -1) {
        i += (PRE_SUFFIXES[pre] as string).length;
        v = BigInt(pre - PRE_SUFFIXES.length);
        nt = SUFFIX_NO;
        break;
      }
      const post = POST_SUFFIXES.findIndex((s) => rest.startsWith(s));
      if (post !== -1) {
        i += (POST_SUFFIXES[post] as string).length;
        v = BigInt(post);
        nt = SUFFIX_NO;
        break;
      }
      c.type = INVALID;
      return -1n;
    }
    default:
      c.type = INVALID;
      return -1n;
  }
  c.pos = i;
  if (c.pos >= c.text.length) c.type = END;
  else if (nt !== INVALID) c.type = nt;
  else nextToken(c);
  return v;
}

function readDigits(text: string, from: number): number {
  let i = from;
  while (isDigit(text[i])) i++;
  return i;
}
