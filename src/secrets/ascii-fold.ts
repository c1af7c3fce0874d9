/** UTF-8 of U+212A and U+017F: of these letters, the two RE2's `(?i)` folds (src/secrets/anchors.ts). */
export const KELVIN_SIGN = Buffer.from('\u212a', 'utf8');
export const LONG_S = Buffer.from('\u017f', 'utf8');

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
  { utf8: Buffer.from('\u0130', 'utf8'), ascii: 0x69 },
  { utf8: LONG_S, ascii: 0x73 },
];

/**
 * `bytes` (UTF-8) with those letters replaced by their ASCII letter, or undefined when it holds
 * none (nearly every text: the lead bytes are looked for first, at memchr speed).
 */
export function asciiFolded(bytes: Uint8Array): Buffer | undefined {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!FOLDS.some((f) => buffer.indexOf(f.utf8[0] as number) >= 0 && buffer.includes(f.utf8)))
    return undefined;
  const out = Buffer.allocUnsafe(buffer.length);
  let n = 0;
  for (let i = 0; i < buffer.length; ) {
    const fold = FOLDS.find(
      (f) => buffer[i] === f.utf8[0] && buffer.subarray(i, i + f.utf8.length).equals(f.utf8),
    );
    if (fold) {
      out[n++] = fold.ascii;
      i += fold.utf8.length;
    } else out[n++] = buffer[i++] as number;
  }
  return out.subarray(0, n);
}
