/**
 * The severity of an advisory: a CVSS score computed from the record's own vector when there is
 * one (v4.0 preferred over v3.x: the newer vector is the publisher's latest assessment), else the
 * database-specific label (GitHub: CRITICAL/HIGH/MODERATE/LOW), else `medium` with source
 * `unknown` so the gap is visible rather than silently low.
 *
 * CVSS v4.0 scoring uses the `ae-cvss-calculator` package (the v4 formula is a lookup over
 * 270 macro-vectors; re-deriving it here would be a second, less-tested copy). v3.x is computed
 * by cvss3.ts from the specification.
 */
import cvss from 'ae-cvss-calculator';
import type { Severity } from '../../core/severity.ts';
import { cvss3BaseScore } from './cvss3.ts';
import type { OsvRecord, OsvSeverity } from './types.ts';

export interface AdvisorySeverity {
  readonly level: Severity;
  /** CVSS base score when computed from a vector. */
  readonly score?: number;
  readonly vector?: string;
  readonly source: 'cvss-v4' | 'cvss-v3' | 'database' | 'unknown';
}

/** CVSS qualitative rating scale (v3.1 spec table 14; identical in v4.0). */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

const V4_MANDATORY = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'];

/**
 * The library takes ~1.5 ms per v4 vector; databases reuse a few thousand distinct vectors, so
 * scores are memoised (bounded: cleared when full rather than growing with hostile input).
 */
const V4_CACHE = new Map<string, number | undefined>();
const V4_CACHE_SIZE = 10_000;

/** CVSS v4.0 base score, or undefined for a malformed vector (the library throws on some). */
export function cvss4BaseScore(vector: string): number | undefined {
  const text = vector.trim();
  if (V4_CACHE.has(text)) return V4_CACHE.get(text);
  const score = computeCvss4(text);
  if (V4_CACHE.size >= V4_CACHE_SIZE) V4_CACHE.clear();
  V4_CACHE.set(text, score);
  return score;
}

function computeCvss4(text: string): number | undefined {
  if (!text.startsWith('CVSS:4.0/') || text.length > 512) return undefined;
  const keys = text
    .split('/')
    .slice(1)
    .map((part) => part.split(':')[0] ?? '');
  if (V4_MANDATORY.some((k) => !keys.includes(k)) || new Set(keys).size !== keys.length) return undefined;
  try {
    const scores = new cvss.Cvss4P0(text).calculateScores();
    const base = scores.base;
    return typeof base === 'number' && Number.isFinite(base) && base >= 0 && base <= 10 ? base : undefined;
  } catch {
    return undefined;
  }
}

const DATABASE_LABELS: Record<string, Severity> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  LOW: 'low',
  NONE: 'info',
  NEGLIGIBLE: 'info',
  UNIMPORTANT: 'info',
};

function databaseLabel(value: unknown): Severity | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const label = (value as Record<string, unknown>).severity;
  return typeof label === 'string' ? DATABASE_LABELS[label.trim().toUpperCase()] : undefined;
}

export function advisorySeverity(record: OsvRecord): AdvisorySeverity {
  // Top-level vectors first; per-package ones (schema 1.5+) when the record has none.
  const vectors =
    record.severity.length > 0 ? record.severity : record.affected.flatMap((a) => a.severity ?? []);
  return fromVectors(vectors) ?? fromLabels(record);
}

function fromVectors(vectors: readonly OsvSeverity[]): AdvisorySeverity | undefined {
  for (const entry of vectors) {
    if (entry.type !== 'CVSS_V4') continue;
    const score = cvss4BaseScore(entry.score);
    if (score !== undefined)
      return { level: severityFromScore(score), score, vector: entry.score, source: 'cvss-v4' };
  }
  for (const entry of vectors) {
    if (entry.type !== 'CVSS_V3') continue;
    const computed = cvss3BaseScore(entry.score);
    if (computed)
      return {
        level: severityFromScore(computed.baseScore),
        score: computed.baseScore,
        vector: entry.score,
        source: 'cvss-v3',
      };
  }
  return undefined;
}

function fromLabels(record: OsvRecord): AdvisorySeverity {
  const label =
    databaseLabel(record.databaseSpecific) ??
    record.affected
      .map((a) => databaseLabel(a.databaseSpecific) ?? databaseLabel(a.ecosystemSpecific))
      .find(Boolean);
  if (label) return { level: label, source: 'database' };
  return { level: 'medium', source: 'unknown' };
}
