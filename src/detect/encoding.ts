/**
 * Encoding modifiers (Sigma spec appendix §Encoding): utf16le/utf16be/utf16/wide turn text into
 * bytes; base64/base64offset encode bytes. Values stay bytes between steps so `wide|base64offset`
 * encodes the UTF-16 bytes, as the spec's modifier order requires.
 */

export function utf16le(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >> 8;
  }
  return out;
}

export function utf16be(bytes: Uint8Array): Uint8Array {
  const le = utf16le(bytes);
  const out = new Uint8Array(le.length);
  for (let i = 0; i < le.length; i += 2) {
    out[i] = le[i + 1] as number;
    out[i + 1] = le[i] as number;
  }
  return out;
}

/** `utf16`: byte order mark FF FE, then little-endian (spec example `cmd` > `FF FE 63 00 …`). */
export function utf16bom(bytes: Uint8Array): Uint8Array {
  const le = utf16le(bytes);
  const out = new Uint8Array(le.length + 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  out.set(le, 2);
  return out;
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/**
 * The three shifted encodings of a value that sits at an unknown offset inside a base64 blob:
 * pad with 0–2 bytes, encode, and cut the characters that depend on neighbouring bytes.
 */
export function base64Offsets(bytes: Uint8Array): string[] {
  const starts = [0, 2, 3];
  const ends = [0, 3, 2];
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = new Uint8Array(bytes.length + shift);
    padded.fill(0x20, 0, shift);
    padded.set(bytes, shift);
    const enc = base64(padded);
    const cut = ends[(bytes.length + shift) % 3] as number;
    out.push(enc.slice(starts[shift], enc.length - cut));
  }
  return out;
}

/** Bytes that were never base64-encoded are matched as a string of code units 0–255. */
export function bytesToLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}
