/** `cidr` modifier (spec appendix §IP): IPv4 and IPv6 ranges, compared as big integers. */

export interface Cidr {
  readonly v6: boolean;
  /** IPv4 network and mask as unsigned 32-bit numbers (BigInt arithmetic is slow on hot paths). */
  readonly net4: number;
  readonly mask4: number;
  readonly network: bigint;
  readonly mask: bigint;
  readonly text: string;
}

export function parseIp(text: string): { v6: boolean; value: bigint; v4?: number } | undefined {
  const t = text.trim();
  if (t.includes(':')) return parseIpv6(t);
  const v4 = parseIpv4(t);
  return v4 === undefined ? undefined : { v6: false, value: v4, v4: Number(v4) };
}

function parseIpv4(t: string): bigint | undefined {
  const parts = t.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(input: string): { v6: boolean; value: bigint } | undefined {
  let t = input.replace(/^\[|\]$/g, '');
  const zone = t.indexOf('%');
  if (zone >= 0) t = t.slice(0, zone);
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const lastColon = t.lastIndexOf(':');
  const tail = t.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (v4 === undefined) return undefined;
    t = `${t.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
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
  return { v6: true, value };
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
  const all = (1n << BigInt(bits)) - 1n;
  const mask = len === 0 ? 0n : (all << BigInt(bits - len)) & all;
  const net4 = ip.v6 ? 0 : Number(ip.value & mask);
  return { v6: ip.v6, network: ip.value & mask, mask, text, net4, mask4: ip.v6 ? 0 : Number(mask) };
}

export function inCidr(c: Cidr, ipText: string): boolean {
  const ip = parseIp(ipText);
  return ip !== undefined && ipInCidr(c, ip);
}

export function ipInCidr(c: Cidr, ip: { v6: boolean; value: bigint; v4?: number }): boolean {
  if (!ip.v6 && !c.v6 && ip.v4 !== undefined) return (ip.v4 & c.mask4) >>> 0 === c.net4;
  // IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) also match IPv4 ranges.
  if (ip.v6 && !c.v6 && ip.value >> 32n === 0xffffn) return (ip.value & 0xffffffffn & c.mask) === c.network;
  return ip.v6 === c.v6 && (ip.value & c.mask) === c.network;
}
