import type { CelFunctionGroup } from './types.ts';

/**
 * Network helpers for security-group / firewall rules. "Public" means the range covers the
 * whole address space (prefix length 0: `0.0.0.0/0`, `::/0`), i.e. open to the internet.
 */
export function isPublicCidr(value: unknown): boolean {
  return cidrPrefixLength(value) === 0;
}

/** Prefix length of an IPv4/IPv6 CIDR; -1 when the value is not a CIDR (null, unknown, garbage). */
export function cidrPrefixLength(value: unknown): number {
  if (typeof value !== 'string') return -1;
  const match = /^\s*([0-9A-Fa-f:.]+)\/(\d{1,3})\s*$/.exec(value);
  if (!match) return -1;
  const address = match[1] as string;
  const bits = Number(match[2]);
  const isV6 = address.includes(':');
  if (!isV6 && !/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return -1;
  if (bits > (isV6 ? 128 : 32)) return -1;
  return bits;
}

export const cidrFunctions: CelFunctionGroup = {
  name: 'cidr',
  functions: [
    {
      signature: 'isPublicCidr(dyn): bool',
      description:
        'True when the CIDR is open to the world (`0.0.0.0/0`, `::/0`); false for anything else, including null.',
      handler: (value: unknown) => isPublicCidr(value),
    },
    {
      signature: 'string.isPublicCidr(): bool',
      description: "Method form: `'0.0.0.0/0'.isPublicCidr()`.",
      handler: (value: string) => isPublicCidr(value),
    },
    {
      signature: 'anyPublicCidr(dyn): bool',
      description: 'True when any string in the list is a public CIDR; false for null or a non-list.',
      handler: (value: unknown) => Array.isArray(value) && value.some(isPublicCidr),
    },
    {
      signature: 'cidrPrefixLength(dyn): int',
      description: "Prefix length (`'10.0.0.0/8'` → 8); -1 when the value is not a valid CIDR.",
      handler: (value: unknown) => BigInt(cidrPrefixLength(value)),
    },
  ],
};
