/**
 * OpenVEX (v0.2.0) and CycloneDX VEX (1.4–1.6 JSON) → VexStatement[]. Strict on the fields
 * suppression relies on (a typo in a status must not silently suppress or un-suppress), lenient
 * on everything else. Errors name the file and the field: `statements[2].status: …`.
 */
import { SuppressionError } from '../../core/errors.ts';
import { parsePurl } from './purl.ts';
import type { VexStatement } from './types.ts';

/** OpenVEX statuses; only the first two say the vulnerability does not apply. */
const OPENVEX_STATUSES = ['not_affected', 'fixed', 'affected', 'under_investigation'] as const;
const OPENVEX_SUPPRESS = new Set(['not_affected', 'fixed']);
/** CycloneDX `analysis.state`; `exploitable` and `in_triage` never suppress. */
const CDX_STATES = [
  'not_affected',
  'false_positive',
  'resolved',
  'resolved_with_pedigree',
  'exploitable',
  'in_triage',
] as const;
const CDX_SUPPRESS = new Set(['not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree']);
const CDX_VERSIONS = new Set(['1.4', '1.5', '1.6']);

type Json = Record<string, unknown>;

export function parseVex(text: string, file: string): VexStatement[] {
  const fail = (message: string): never => {
    throw new SuppressionError('E_VEX_INVALID', message, { file });
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(data)) return fail('expected a JSON object (an OpenVEX document or a CycloneDX BOM)');
  if (data.bomFormat === 'CycloneDX') return parseCycloneDx(data, file, fail);
  if (Array.isArray(data.statements) || String(data['@context'] ?? '').includes('openvex'))
    return parseOpenVex(data, file, fail);
  return fail('neither an OpenVEX document (statements) nor a CycloneDX BOM (bomFormat: CycloneDX)');
}

function parseOpenVex(doc: Json, file: string, fail: (m: string) => never): VexStatement[] {
  if (!Array.isArray(doc.statements)) return fail('statements: expected a list');
  // OpenVEX inheritance: a statement without a time of its own has the document's.
  const docTime = latest(
    timestamp(doc.timestamp, 'timestamp', fail),
    timestamp(doc.last_updated, 'last_updated', fail),
  );
  return doc.statements.map((raw: unknown, index: number): VexStatement => {
    const at = `statements[${index}]`;
    if (!isObject(raw)) return fail(`${at}: expected an object`);
    const ids = openVexIds(raw.vulnerability, `${at}.vulnerability`, fail);
    const status = raw.status;
    if (typeof status !== 'string' || !(OPENVEX_STATUSES as readonly string[]).includes(status))
      return fail(
        `${at}.status: expected one of ${OPENVEX_STATUSES.join(', ')}, got ${JSON.stringify(status)}`,
      );
    if (!Array.isArray(raw.products) || raw.products.length === 0)
      return fail(`${at}.products: expected a non-empty list`);
    const purls: string[] = [];
    raw.products.forEach((product: unknown, p: number) => {
      purls.push(...productPurls(product, `${at}.products[${p}]`, fail));
      const subs = isObject(product) ? product.subcomponents : undefined;
      if (subs === undefined) return;
      if (!Array.isArray(subs)) fail(`${at}.products[${p}].subcomponents: expected a list`);
      (subs as unknown[]).forEach((sub, s) => {
        purls.push(...productPurls(sub, `${at}.products[${p}].subcomponents[${s}]`, fail));
      });
    });
    const justification = optionalString(raw.justification, `${at}.justification`, fail);
    const impact = optionalString(raw.impact_statement, `${at}.impact_statement`, fail);
    const time =
      latest(
        timestamp(raw.timestamp, `${at}.timestamp`, fail),
        timestamp(raw.last_updated, `${at}.last_updated`, fail),
      ) ?? docTime;
    return {
      ids,
      purls,
      status,
      suppresses: OPENVEX_SUPPRESS.has(status),
      justification: [justification, impact].filter(Boolean).join(': '),
      ...(time === undefined ? {} : { time }),
      file,
      index,
      format: 'openvex',
    };
  });
}

/** v0.2.0 has `{name, @id, aliases}`; earlier drafts wrote the id as a plain string. */
function openVexIds(value: unknown, at: string, fail: (m: string) => never): string[] {
  if (typeof value === 'string' && value !== '') return [value];
  if (!isObject(value)) return fail(`${at}: expected an object with name`);
  const ids: string[] = [];
  for (const key of ['name', '@id'] as const) {
    const v = value[key];
    if (typeof v === 'string' && v !== '') ids.push(v);
  }
  if (value.aliases !== undefined) {
    if (!Array.isArray(value.aliases) || value.aliases.some((a) => typeof a !== 'string'))
      return fail(`${at}.aliases: expected a list of strings`);
    ids.push(...(value.aliases as string[]));
  }
  if (ids.length === 0) return fail(`${at}.name: required`);
  return ids;
}

/** A product's purls: its `@id` when that is a purl, and `identifiers.purl`. */
function productPurls(value: unknown, at: string, fail: (m: string) => never): string[] {
  if (!isObject(value)) return fail(`${at}: expected an object with @id`);
  const out: string[] = [];
  const id = value['@id'];
  if (typeof id === 'string' && parsePurl(id)) out.push(id);
  const identifiers = value.identifiers;
  if (isObject(identifiers) && typeof identifiers.purl === 'string') {
    if (!parsePurl(identifiers.purl)) return fail(`${at}.identifiers.purl: not a package URL`);
    out.push(identifiers.purl);
  }
  if (out.length === 0 && typeof id !== 'string') return fail(`${at}.@id: required`);
  // A product named by image digest or URL only cannot match a dependency; it is kept silent.
  return out;
}

function parseCycloneDx(bom: Json, file: string, fail: (m: string) => never): VexStatement[] {
  if (typeof bom.specVersion !== 'string' || !CDX_VERSIONS.has(bom.specVersion))
    return fail(`specVersion: expected 1.4, 1.5 or 1.6, got ${JSON.stringify(bom.specVersion)}`);
  if (bom.vulnerabilities === undefined) return [];
  if (!Array.isArray(bom.vulnerabilities)) return fail('vulnerabilities: expected a list');
  const bomTime = isObject(bom.metadata)
    ? timestamp(bom.metadata.timestamp, 'metadata.timestamp', fail)
    : undefined;
  const refs = new Map<string, string>();
  collectRefs(bom.metadata, refs, 0);
  collectRefs(bom.components, refs, 0);
  return bom.vulnerabilities.map((raw: unknown, index: number): VexStatement => {
    const at = `vulnerabilities[${index}]`;
    if (!isObject(raw)) return fail(`${at}: expected an object`);
    if (typeof raw.id !== 'string' || raw.id === '') return fail(`${at}.id: required`);
    const ids = [raw.id];
    if (Array.isArray(raw.references))
      for (const ref of raw.references) if (isObject(ref) && typeof ref.id === 'string') ids.push(ref.id);
    const analysis = raw.analysis;
    if (analysis !== undefined && !isObject(analysis)) return fail(`${at}.analysis: expected an object`);
    // No analysis means nobody has looked yet: the same as in_triage.
    const state = analysis?.state ?? 'in_triage';
    if (typeof state !== 'string' || !(CDX_STATES as readonly string[]).includes(state))
      return fail(
        `${at}.analysis.state: expected one of ${CDX_STATES.join(', ')}, got ${JSON.stringify(state)}`,
      );
    const justification = optionalString(analysis?.justification, `${at}.analysis.justification`, fail);
    const detail = optionalString(analysis?.detail, `${at}.analysis.detail`, fail);
    const lastUpdated = timestamp(analysis?.lastUpdated, `${at}.analysis.lastUpdated`, fail);
    const firstIssued = timestamp(analysis?.firstIssued, `${at}.analysis.firstIssued`, fail);
    const time = lastUpdated ?? firstIssued ?? bomTime;
    if (!Array.isArray(raw.affects)) return fail(`${at}.affects: expected a list`);
    const purls = raw.affects.flatMap((affect: unknown, a: number): string[] => {
      const ref = isObject(affect) ? affect.ref : undefined;
      if (typeof ref !== 'string' || ref === '') return fail(`${at}.affects[${a}].ref: required`);
      const resolved = refs.get(ref) ?? (parsePurl(ref) ? ref : undefined);
      if (resolved !== undefined) return [resolved];
      // A BOM-Link into another BOM (urn:cdx:…#ref) cannot be resolved here; a plain ref must be.
      const fragment = ref.startsWith('urn:cdx:') ? ref.slice(ref.indexOf('#') + 1) : undefined;
      if (fragment !== undefined) return refs.has(fragment) ? [refs.get(fragment) as string] : [];
      return fail(`${at}.affects[${a}].ref: ${JSON.stringify(ref)} is no component bom-ref with a purl`);
    });
    return {
      ids,
      purls,
      status: state,
      suppresses: CDX_SUPPRESS.has(state),
      justification: [justification, detail].filter(Boolean).join(': '),
      ...(time === undefined ? {} : { time }),
      file,
      index,
      format: 'cyclonedx',
    };
  });
}

/** bom-ref → purl for every component, nested ones included (depth-bounded). */
function collectRefs(value: unknown, refs: Map<string, string>, depth: number): void {
  if (depth > 64) return;
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, refs, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  if (typeof value['bom-ref'] === 'string' && typeof value.purl === 'string')
    refs.set(value['bom-ref'], value.purl);
  if (value.component !== undefined) collectRefs(value.component, refs, depth + 1);
  if (value.components !== undefined) collectRefs(value.components, refs, depth + 1);
}

/** RFC 3339 date-time (what both formats' schemas require); Date.parse alone accepts "2026". */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** A timestamp field as epoch ms; a wrong one must fail, since it decides which statement wins. */
function timestamp(value: unknown, at: string, fail: (m: string) => never): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' && DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    return fail(`${at}: expected an RFC 3339 date-time (2026-11-01T10:00:00Z), got ${JSON.stringify(value)}`);
  return ms;
}

function latest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

function optionalString(value: unknown, at: string, fail: (m: string) => never): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return fail(`${at}: expected a string`);
  return value;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
