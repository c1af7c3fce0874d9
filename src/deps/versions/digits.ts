/**
 * Numeric comparison of ASCII digit runs of any length, without converting to a number:
 * versions carry timestamps and build ids far beyond 2^53 (and beyond u64 in the wild).
 */
export function compareDigits(a: string, b: string): number {
  const x = stripZeros(a);
  const y = stripZeros(b);
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function stripZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return digits.slice(i);
}

export function isDigits(text: string): boolean {
  return /^[0-9]+$/.test(text);
}

/** Code-unit order, as C's strcmp/Java's compareTo/Ruby's <=> see ASCII strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}
