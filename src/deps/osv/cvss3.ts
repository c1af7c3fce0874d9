/**
 * CVSS v3.0 / v3.1 base score from a vector string, implemented from the FIRST specification
 * (https://www.first.org/cvss/v3.1/specification-document, section 7.1 and Appendix A).
 * v3.0 and v3.1 share metrics and weights; they differ only in the Roundup function.
 * Temporal and environmental metrics are validated but do not change the base score.
 */

const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
} as const;
/** Privileges Required weighs more when the scope changes (spec table 16). */
const PR_UNCHANGED = { N: 0.85, L: 0.62, H: 0.27 } as const;
const PR_CHANGED = { N: 0.85, L: 0.68, H: 0.5 } as const;

const BASE = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'] as const;
/** Allowed values of every metric a v3 vector may carry (base, temporal, environmental). */
const ALLOWED: Record<string, readonly string[]> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'R'],
  S: ['U', 'C'],
  C: ['H', 'L', 'N'],
  I: ['H', 'L', 'N'],
  A: ['H', 'L', 'N'],
  E: ['X', 'H', 'F', 'P', 'U'],
  RL: ['X', 'U', 'W', 'T', 'O'],
  RC: ['X', 'C', 'R', 'U'],
  CR: ['X', 'H', 'M', 'L'],
  IR: ['X', 'H', 'M', 'L'],
  AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'R'],
  MS: ['X', 'U', 'C'],
  MC: ['X', 'H', 'L', 'N'],
  MI: ['X', 'H', 'L', 'N'],
  MA: ['X', 'H', 'L', 'N'],
};

export interface Cvss3Score {
  readonly version: '3.0' | '3.1';
  readonly baseScore: number;
}

/** v3.1 Roundup (Appendix A): integer arithmetic so 4.000000001 does not become 4.1. */
function roundup31(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

/** v3.0 Roundup: the smallest one-decimal number ≥ the input. */
function roundup30(value: number): number {
  return Math.ceil(value * 10) / 10;
}

/** Parses `CVSS:3.x/AV:…`; undefined for anything malformed (unknown/duplicate/missing metric). */
export function parseCvss3(
  vector: string,
): { version: '3.0' | '3.1'; metrics: Map<string, string> } | undefined {
  const parts = vector.trim().split('/');
  const head = parts.shift();
  const version = head === 'CVSS:3.1' ? '3.1' : head === 'CVSS:3.0' ? '3.0' : undefined;
  if (!version) return undefined;
  const metrics = new Map<string, string>();
  for (const part of parts) {
    const colon = part.indexOf(':');
    if (colon <= 0) return undefined;
    const key = part.slice(0, colon);
    const value = part.slice(colon + 1);
    if (metrics.has(key) || !ALLOWED[key]?.includes(value)) return undefined;
    metrics.set(key, value);
  }
  if (BASE.some((m) => !metrics.has(m))) return undefined;
  return { version, metrics };
}

/** The base score (0.0–10.0) of a CVSS v3.0/v3.1 vector, or undefined when it is malformed. */
export function cvss3BaseScore(vector: string): Cvss3Score | undefined {
  const parsed = parseCvss3(vector);
  if (!parsed) return undefined;
  const m = (key: string) => parsed.metrics.get(key) as string;
  const changed = m('S') === 'C';
  const weight = <T extends Record<string, number>>(table: T, key: string) =>
    table[m(key) as keyof T] as number;
  const iss = 1 - (1 - weight(WEIGHTS.C, 'C')) * (1 - weight(WEIGHTS.I, 'I')) * (1 - weight(WEIGHTS.A, 'A'));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability =
    8.22 *
    weight(WEIGHTS.AV, 'AV') *
    weight(WEIGHTS.AC, 'AC') *
    weight(changed ? PR_CHANGED : PR_UNCHANGED, 'PR') *
    weight(WEIGHTS.UI, 'UI');
  const roundup = parsed.version === '3.1' ? roundup31 : roundup30;
  let baseScore: number;
  if (impact <= 0) baseScore = 0;
  else if (changed) baseScore = roundup(Math.min(1.08 * (impact + exploitability), 10));
  else baseScore = roundup(Math.min(impact + exploitability, 10));
  return { version: parsed.version, baseScore };
}
