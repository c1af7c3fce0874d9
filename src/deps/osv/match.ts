/**
 * Whether an installed version is affected by an OSV record, following the evaluation algorithm
 * of the OSV schema (“Evaluation” section): events sorted by the ecosystem's version order,
 * `introduced: "0"` before everything, `fixed` exclusive, `last_affected` inclusive, `limit`
 * an upper bound for the whole range; explicit `versions` always count; withdrawn records never
 * match. GIT ranges name commits, not versions, and are skipped with a note.
 */
import { versionScheme } from '../versions/registry.ts';
import type { VersionScheme } from '../versions/scheme.ts';
import { ecosystemMatches, normalizePackageName } from './names.ts';
import type { OsvAffected, OsvEvent, OsvRange, OsvRecord } from './types.ts';

export interface RecordMatch {
  readonly affected: boolean;
  /**
   * The version to upgrade to: for every matching range, its smallest `fixed` above the
   * installed version; the largest of those, so the upgrade leaves every matching range.
   * Absent when a matching range has no fix (or only the `versions` list matched).
   */
  readonly fixed?: string;
  /** Why parts of the record could not be evaluated (unknown ecosystem order, GIT range…). */
  readonly notes: readonly string[];
}

const NO_MATCH: RecordMatch = { affected: false, notes: [] };

function schemeFor(range: OsvRange, ecosystem: string): VersionScheme | undefined {
  try {
    // SEMVER ranges are SemVer 2.0 whatever the ecosystem; Go's scheme also knows `+incompatible`.
    if (range.type === 'SEMVER') return versionScheme(/^go(:|$)/i.test(ecosystem) ? 'Go' : 'npm');
    return versionScheme(ecosystem);
  } catch {
    return undefined;
  }
}

type Parsed = { ok: true; value: unknown } | { ok: false };

/**
 * Parsed versions per scheme. Matching many packages against the same records parses the same
 * event versions over and over; a cache shared across calls (see matchRecord) parses each once.
 */
export type VersionCache = Map<VersionScheme, Map<string, Parsed>>;

export function createVersionCache(): VersionCache {
  return new Map();
}

/** Per-call cache when the caller passes none; bounded so one call never holds much. */
const MAX_CACHED_PER_SCHEME = 100_000;

function tryParse(scheme: VersionScheme, text: string, cache?: VersionCache): Parsed {
  let forScheme = cache?.get(scheme);
  const hit = forScheme?.get(text);
  if (hit) return hit;
  let parsed: Parsed;
  try {
    parsed = { ok: true, value: scheme.parse(text) };
  } catch {
    parsed = { ok: false };
  }
  if (cache) {
    if (!forScheme) {
      forScheme = new Map();
      cache.set(scheme, forScheme);
    }
    if (forScheme.size >= MAX_CACHED_PER_SCHEME) forScheme.clear();
    forScheme.set(text, parsed);
  }
  return parsed;
}

interface SortedEvent {
  readonly event: OsvEvent;
  /** undefined: introduced "0", below every version. */
  readonly value: unknown;
}

/** Event order at equal versions: opening before closing, so introduced X + fixed X is empty. */
const TIE_ORDER: Record<OsvEvent['kind'], number> = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 };

interface RangeOutcome {
  readonly affected: boolean;
  readonly fixed?: { readonly text: string; readonly value: unknown };
  readonly note?: string;
}

function evaluateRange(
  range: OsvRange,
  ecosystem: string,
  version: string,
  cache?: VersionCache,
): RangeOutcome {
  if (range.type === 'GIT') return { affected: false, note: 'GIT range ignored (commits, not versions)' };
  const scheme = schemeFor(range, ecosystem);
  if (!scheme)
    return { affected: false, note: `no version order for ecosystem ${JSON.stringify(ecosystem)}` };
  const installed = tryParse(scheme, version, cache);
  if (!installed.ok)
    return {
      affected: false,
      note: `installed version ${JSON.stringify(version)} is not a valid ${range.type} version`,
    };
  const v = installed.value;
  const events: SortedEvent[] = [];
  const limits: unknown[] = [];
  for (const event of range.events) {
    if (event.kind === 'introduced' && event.version === '0') {
      events.push({ event, value: undefined });
      continue;
    }
    // `limit: "*"` is the schema's spelling of “no limit”.
    if (event.kind === 'limit' && event.version === '*') continue;
    const parsed = tryParse(scheme, event.version, cache);
    if (!parsed.ok)
      return {
        affected: false,
        note: `${event.kind} ${JSON.stringify(event.version)} is not a valid version; range skipped`,
      };
    if (event.kind === 'limit') limits.push(parsed.value);
    else events.push({ event, value: parsed.value });
  }
  const order = (a: SortedEvent, b: SortedEvent): number => {
    if (a.value === undefined || b.value === undefined) {
      if (a.value === b.value) return TIE_ORDER[a.event.kind] - TIE_ORDER[b.event.kind];
      return a.value === undefined ? -1 : 1;
    }
    return scheme.compare(a.value, b.value) || TIE_ORDER[a.event.kind] - TIE_ORDER[b.event.kind];
  };
  events.sort(order);
  if (limits.length > 0 && !limits.some((limit) => scheme.compare(v, limit) < 0)) return { affected: false };
  let affected = false;
  for (const { event, value } of events) {
    if (event.kind === 'introduced') {
      if (value === undefined || scheme.compare(v, value) >= 0) affected = true;
    } else if (event.kind === 'fixed') {
      if (scheme.compare(v, value) >= 0) affected = false;
    } else if (event.kind === 'last_affected') {
      if (scheme.compare(v, value) > 0) affected = false;
    }
  }
  if (!affected) return { affected: false };
  // Events are sorted, so the first fixed above v is the nearest upgrade within this range.
  const next = events.find((e) => e.event.kind === 'fixed' && scheme.compare(e.value, v) > 0);
  return next
    ? { affected: true, fixed: { text: next.event.version, value: next.value } }
    : { affected: true };
}

function listed(entry: OsvAffected, ecosystem: string, version: string, cache?: VersionCache): boolean {
  if (entry.versions.includes(version)) return true;
  if (entry.versions.length === 0) return false;
  // `1.0` and `1.0.0` are one PyPI release; compare by the ecosystem's order when it has one.
  let scheme: VersionScheme;
  try {
    scheme = versionScheme(ecosystem);
  } catch {
    return false;
  }
  const installed = tryParse(scheme, version, cache);
  if (!installed.ok) return false;
  return entry.versions.some((text) => {
    const other = tryParse(scheme, text, cache);
    return other.ok && scheme.compare(installed.value, other.value) === 0;
  });
}

/** Evaluates every `affected` entry of the record that names this package. */
export function matchRecord(
  record: OsvRecord,
  ecosystem: string,
  name: string,
  version: string,
  /** Optional: share parsed versions across calls (createVersionCache). */
  cache?: VersionCache,
): RecordMatch {
  if (record.withdrawn !== undefined) return NO_MATCH;
  const wanted = normalizePackageName(ecosystem, name);
  const notes: string[] = [];
  let affected = false;
  let fixUnknown = false;
  let fixed: { text: string; value: unknown; scheme: VersionScheme } | undefined;
  for (const entry of record.affected) {
    const pkg = entry.package;
    if (!pkg || !ecosystemMatches(pkg.ecosystem, ecosystem)) continue;
    if (normalizePackageName(pkg.ecosystem, pkg.name) !== wanted) continue;
    if (listed(entry, ecosystem, version, cache)) affected = true;
    for (const range of entry.ranges) {
      const outcome = evaluateRange(range, ecosystem, version, cache);
      if (outcome.note) notes.push(`${record.id}: ${outcome.note}`);
      if (!outcome.affected) continue;
      affected = true;
      if (!outcome.fixed) {
        fixUnknown = true;
        continue;
      }
      const scheme = schemeFor(range, ecosystem) as VersionScheme;
      if (!fixed || (fixed.scheme === scheme && scheme.compare(outcome.fixed.value, fixed.value) > 0))
        fixed = { ...outcome.fixed, scheme };
    }
  }
  if (!affected) return notes.length === 0 ? NO_MATCH : { affected: false, notes };
  return fixed && !fixUnknown ? { affected: true, fixed: fixed.text, notes } : { affected: true, notes };
}

/** True when `version` of the package is affected by the (non-withdrawn) record. */
export function isAffected(record: OsvRecord, ecosystem: string, name: string, version: string): boolean {
  return matchRecord(record, ecosystem, name, version).affected;
}

/** The `fix` text for a finding: a concrete upgrade when the record names one. */
export function fixSuggestion(name: string, fixed: string | undefined): string | undefined {
  return fixed === undefined ? undefined : `upgrade ${name} to ≥ ${fixed}`;
}
