/**
 * Value classes for the literal prefilter: many of the characters a log carries are numbers,
 * timestamps, IP addresses, GUIDs and hex strings, while few of a field's patterns consist only
 * of such characters. A value whose characters all lie in a class can only contain patterns
 * made of that class's characters, so it is skipped when there are none, or scanned with a
 * small automaton of just those (`aho-corasick.ts`).
 */

/** Class 0: digits and the punctuation of numbers, times, dates and addresses. */
const NUMERIC = '0123456789 -:.,/+_';
/** Class 1: class 0 plus hex letters and GUID braces. */
const HEX = `${NUMERIC}abcdefABCDEF{}`;

export const VALUE_CLASSES = 2;

/** Bit k set: the character belongs to class k (upper-case hex letters like their lower case). */
const MEMBER = new Uint8Array(128);
for (const c of NUMERIC) MEMBER[c.charCodeAt(0)] = (MEMBER[c.charCodeAt(0)] as number) | 1;
for (const c of HEX) MEMBER[c.charCodeAt(0)] = (MEMBER[c.charCodeAt(0)] as number) | 2;

/** Classes (bitmask) that hold every character of `text`; 0 when none (stops at the first miss). */
export function valueClasses(text: string): number {
  let m = (1 << VALUE_CLASSES) - 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return 0;
    m &= MEMBER[c] as number;
    if (m === 0) return 0;
  }
  return m;
}

/** The smallest class in a non-zero mask (the classes are nested: 0 ⊂ 1). */
export function smallestClass(mask: number): number {
  return (mask & 1) !== 0 ? 0 : 1;
}
