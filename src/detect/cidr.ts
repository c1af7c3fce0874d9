/**
 * `cidr` modifier (spec appendix §IP): IPv4 and IPv6 ranges. IPv4 is compared as unsigned
 * 32-bit numbers (this runs per event value, BigInt would allocate); IPv6 as BigInt.
 */

export type Ip = { readonly v6: false; readonly v4: number } | { readonly v6: true; readonly value: bigint };

export type Cidr =
  | { readonly v6: false; readonly net4: number; readonly mask4: number; readonly text: string }
  | { readonly v6: true; readonly network: bigint; readonly mask: bigint; readonly text: string };

export function parseIp(text: string): Ip | undefined {
  const t = text.trim();
  if (t.includes(':')) {
    const value = parseIpv6(t);
    return value === undefined ? undefined : { v6: true, value };
  }
  const v4 = parseIpv4(t);
  return v4 === undefined ? undefined : { v6: false, v4 };
}

function parseIpv4(t: string): number | undefined {
  const parts = t.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

function parseIpv6(input: string): bigint | undefined {
  let t = input.replace(/^\[|\]$/g, '');
  const zone = t.indexOf('%');
  if (zone >= 0) t = t.slice(0, zone);
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const lastColon = t.lastIndexOf(':');
  const tail = t.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (v4 === undefined) return undefined;
    t = `${t.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : (halves[0] as string).split(':');
  const rest = halves.length === 2 ? (halves[1] === '' ? [] : (halves[1] as string).split(':')) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(Number.parseInt(g, 16));
  }
  return value;
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return undefined;
  const bits = ip.v6 ? 128 : 32;
  const lenText = slash < 0 ? String(bits) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return undefined;
  const len = Number(lenText);
  if (len > bits) return undefined;
  if (!ip.v6) {
    const mask4 = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    return { v6: false, net4: (ip.v4 & mask4) >>> 0, mask4, text };
  }
  const all = (1n << 128n) - 1n;
  const mask = len === 0 ? 0n : (all << BigInt(128 - len)) & all;
  return { v6: true, network: ip.value & mask, mask, text };
}

export function inCidr(c: Cidr, ipText: string): boolean {
  const ip = parseIp(ipText);
  return ip !== undefined && ipInCidr(c, ip);
}

export function ipInCidr(c: Cidr, ip: Ip): boolean {
  if (!c.v6) {
    if (!ip.v6) return (ip.v4 & c.mask4) >>> 0 === c.net4;
    // IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) also match IPv4 ranges.
    if (ip.value >> 32n !== 0xffffn) return false;
    return (Number(ip.value & 0xffffffffn) & c.mask4) >>> 0 === c.net4;
  }
  return ip.v6 && (ip.value & c.mask) === c.network;
}
