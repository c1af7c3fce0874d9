const KELVIN_SIGN = Buffer.from('\u212a', 'utf8');
const LONG_S = Buffer.from('\u017f', 'utf8');
const DOTTED_CAPITAL_I = Buffer.from('\u0130', 'utf8');
/** The letters RE2's `(?i)` folds to ASCII too (src/secrets/anchors.ts). */
export const FOLD_HAZARDS: readonly Buffer[] = [KELVIN_SIGN, LONG_S];
/** The letter folded for keywords only (Go's unicode.ToLower). */
export const FOLD_OTHERS: readonly Buffer[] = [DOTTED_CAPITAL_I];

/**
 * The non-ASCII letters that lower-case (or case-fold) to an ASCII letter: U+212A KELVIN SIGN → k,
 * U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE → i (Go's unicode.ToLower, which gitleaks applies
 * before looking for keywords) and U+017F LATIN SMALL LETTER LONG S → s (Unicode simple case
 * folding, which RE2's `(?i)` applies). The keyword pass folds ASCII only, so without this a
 * `pa\u017fsword = …` that a rule's `(?i)` pattern matches would never select the rule: a keyword
 * containing k, i or s could be evaded by writing the look-alike letter.
 */
const FOLDS: readonly { readonly utf8: Buffer; readonly ascii: number }[] = [
  { utf8: KELVIN_SIGN, ascii: 0x6b },
  { utf8: DOTTED_CAPITAL_I, ascii: 0x69 },
  { utf8: LONG_S, ascii: 0x73 },
];

/**
 * `bytes` (UTF-8) with those letters replaced by their ASCII letter, or undefined when it holds
 * none. The keyword pass tells which texts hold one (KeywordMatcher.folds) and few do, so this
 * runs too rarely for V8 to optimize it: it jumps from lead byte to lead byte with indexOf and
 * copies the stretches between whole (a byte loop here ran interpreted, 15 ns a byte).
 */
export function asciiFolded(bytes: Uint8Array): Buffer | undefined {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out: Buffer | undefined;
  let n = 0;
  let copied = 0;
  // The next occurrence of each fold letter's lead byte (-1: none left).
  const next = FOLDS.map((f) => buffer.indexOf(f.utf8[0] as number));
  for (;;) {
    let k = -1;
    for (let j = 0; j < next.length; j++) {
      const at = next[j] as number;
      if (at >= 0 && (k < 0 || at < (next[k] as number))) k = j;
    }
    if (k < 0) break;
    const i = next[k] as number;
    const fold = FOLDS[k] as (typeof FOLDS)[number];
    if (buffer.compare(fold.utf8, 0, fold.utf8.length, i, i + fold.utf8.length) === 0) {
      out ??= Buffer.allocUnsafe(buffer.length);
      n += buffer.copy(out, n, copied, i);
      out[n++] = fold.ascii;
      copied = i + fold.utf8.length;
    }
    const from = Math.max(i + 1, copied);
    for (let j = 0; j < next.length; j++)
      if ((next[j] as number) >= 0 && (next[j] as number) < from)
        next[j] = buffer.indexOf(FOLDS[j]?.utf8[0] as number, from);
  }
  if (!out) return undefined;
  n += buffer.copy(out, n, copied);
  return out.subarray(0, n);
}
