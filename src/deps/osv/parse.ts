/**
 * Validates one OSV JSON value into an OsvRecord. Untrusted input: never throws, and a record
 * that breaks the schema is reported (file, entry, field path) and skipped as a whole — matching
 * half of a record could hide the affected range that mattered.
 */
import type {
  OsvAffected,
  OsvEvent,
  OsvEventKind,
  OsvProblem,
  OsvRange,
  OsvRangeType,
  OsvRecord,
  OsvSeverity,
  OsvSource,
} from './types.ts';

export interface ParseOsvResult {
  readonly record?: OsvRecord;
  readonly problems: OsvProblem[];
}

const EVENT_KINDS: readonly OsvEventKind[] = ['introduced', 'fixed', 'last_affected', 'limit'];
const RANGE_TYPES: readonly OsvRangeType[] = ['SEMVER', 'ECOSYSTEM', 'GIT'];
/** Bounds keep one hostile record from costing more than a normal database does. */
const MAX_LIST = 10_000;
const MAX_STRING = 1_000_000;

class Invalid extends Error {}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, what: string): never {
  throw new Invalid(`${path}: ${what}`);
}

function str(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, `expected a string, got ${describe(value)}`);
  if (value.length > MAX_STRING) fail(path, 'string too long');
  return value;
}

function optStr(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : str(value, path);
}

function timestamp(value: unknown, path: string): string {
  const text = str(value, path);
  // RFC 3339 date-time; Date.parse alone accepts far too much ("1").
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text) ||
    Number.isNaN(Date.parse(text))
  )
    fail(path, `not an RFC 3339 timestamp: ${JSON.stringify(text.slice(0, 40))}`);
  return text;
}

function optTimestamp(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : timestamp(value, path);
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(path, `expected an array, got ${describe(value)}`);
  if (value.length > MAX_LIST) fail(path, `more than ${MAX_LIST} items`);
  return value;
}

function strings(value: unknown, path: string): string[] {
  return list(value, path).map((v, i) => str(v, `${path}[${i}]`));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function parseEvent(value: unknown, path: string): OsvEvent {
  if (!isObject(value)) fail(path, `expected an object, got ${describe(value)}`);
  const keys = Object.keys(value);
  const kinds = keys.filter((k): k is OsvEventKind => (EVENT_KINDS as readonly string[]).includes(k));
  if (kinds.length !== 1)
    fail(path, `an event has exactly one of ${EVENT_KINDS.join(', ')} (found ${keys.join(', ') || 'none'})`);
  const kind = kinds[0] as OsvEventKind;
  const version = str(value[kind], `${path}.${kind}`);
  if (version === '') fail(`${path}.${kind}`, 'empty version');
  return { kind, version };
}

function parseRange(value: unknown, path: string): OsvRange {
  if (!isObject(value)) fail(path, `expected an object, got ${describe(value)}`);
  const type = str(value.type, `${path}.type`);
  if (!(RANGE_TYPES as readonly string[]).includes(type))
    fail(`${path}.type`, `unknown range type ${JSON.stringify(type)} (expected ${RANGE_TYPES.join(', ')})`);
  const events = list(value.events, `${path}.events`).map((e, i) => parseEvent(e, `${path}.events[${i}]`));
  if (events.length === 0) fail(`${path}.events`, 'a range needs at least one event');
  const repo = optStr(value.repo, `${path}.repo`);
  return { type: type as OsvRangeType, events, ...(repo === undefined ? {} : { repo }) };
}

function parseAffected(value: unknown, path: string): OsvAffected {
  if (!isObject(value)) fail(path, `expected an object, got ${describe(value)}`);
  let pkg: OsvAffected['package'];
  if (value.package !== undefined && value.package !== null) {
    const p = value.package;
    if (!isObject(p)) fail(`${path}.package`, `expected an object, got ${describe(p)}`);
    const ecosystem = str(p.ecosystem, `${path}.package.ecosystem`);
    const name = str(p.name, `${path}.package.name`);
    if (ecosystem.trim() === '') fail(`${path}.package.ecosystem`, 'empty');
    if (name.trim() === '') fail(`${path}.package.name`, 'empty');
    const purl = optStr(p.purl, `${path}.package.purl`);
    pkg = { ecosystem, name, ...(purl === undefined ? {} : { purl }) };
  }
  const ranges = list(value.ranges, `${path}.ranges`).map((r, i) => parseRange(r, `${path}.ranges[${i}]`));
  const versions = strings(value.versions, `${path}.versions`);
  const severity =
    value.severity === undefined || value.severity === null
      ? undefined
      : list(value.severity, `${path}.severity`).map((s, i) => parseSeverity(s, `${path}.severity[${i}]`));
  return {
    ...(pkg === undefined ? {} : { package: pkg }),
    ranges,
    versions,
    ...(severity === undefined ? {} : { severity }),
    ...(value.database_specific === undefined ? {} : { databaseSpecific: value.database_specific }),
    ...(value.ecosystem_specific === undefined ? {} : { ecosystemSpecific: value.ecosystem_specific }),
  };
}

function parseSeverity(value: unknown, path: string): OsvSeverity {
  if (!isObject(value)) fail(path, `expected an object, got ${describe(value)}`);
  return { type: str(value.type, `${path}.type`), score: str(value.score, `${path}.score`) };
}

function parseRecordObject(value: Json): OsvRecord {
  const id = str(value.id, 'id');
  if (id.trim() === '' || id.length > 256) fail('id', 'empty or longer than 256 characters');
  const modified = timestamp(value.modified, 'modified');
  const published = optTimestamp(value.published, 'published');
  const withdrawn = optTimestamp(value.withdrawn, 'withdrawn');
  const summary = optStr(value.summary, 'summary');
  const details = optStr(value.details, 'details');
  if (
    value.database_specific !== undefined &&
    value.database_specific !== null &&
    !isObject(value.database_specific)
  )
    fail('database_specific', `expected an object, got ${describe(value.database_specific)}`);
  return {
    id,
    modified,
    ...(published === undefined ? {} : { published }),
    ...(withdrawn === undefined ? {} : { withdrawn }),
    aliases: strings(value.aliases, 'aliases'),
    related: strings(value.related, 'related'),
    ...(summary === undefined ? {} : { summary }),
    ...(details === undefined ? {} : { details }),
    severity: list(value.severity, 'severity').map((s, i) => parseSeverity(s, `severity[${i}]`)),
    affected: list(value.affected, 'affected').map((a, i) => parseAffected(a, `affected[${i}]`)),
    ...(value.database_specific === undefined || value.database_specific === null
      ? {}
      : { databaseSpecific: value.database_specific }),
  };
}

function where(source: OsvSource): string {
  return source.entry === undefined ? source.file : `${source.file}!${source.entry}`;
}

/** Validates an already-decoded JSON value. */
export function parseOsvValue(value: unknown, source: OsvSource): ParseOsvResult {
  const base = { file: source.file, ...(source.entry === undefined ? {} : { entry: source.entry }) };
  if (!isObject(value))
    return {
      problems: [
        {
          severity: 'error',
          ...base,
          message: `${where(source)}: an OSV record is a JSON object, got ${describe(value)}`,
        },
      ],
    };
  const id = typeof value.id === 'string' && value.id.length <= 256 ? value.id : undefined;
  try {
    return { record: parseRecordObject(value), problems: [] };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    const label = id === undefined ? '' : ` (${id})`;
    return {
      problems: [
        {
          severity: 'error',
          ...base,
          ...(id === undefined ? {} : { id }),
          message: `${where(source)}${label}: invalid OSV record, ${error.message}; record skipped`,
        },
      ],
    };
  }
}

/** Decodes and validates one OSV JSON document (a file, or an archive entry). */
export function parseOsvJson(text: string, source: OsvSource): ParseOsvResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      problems: [
        {
          severity: 'error',
          file: source.file,
          ...(source.entry === undefined ? {} : { entry: source.entry }),
          message: `${where(source)}: not valid JSON (${reason}); record skipped`,
        },
      ],
    };
  }
  return parseOsvValue(value, source);
}
