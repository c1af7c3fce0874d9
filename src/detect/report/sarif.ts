/**
 * Alerts as one SARIF 2.1.0 run, so detections land in the same code-scanning / SIEM tooling as
 * `rampart scan` results. Rules are the Sigma rules that alerted; each result points at the log
 * event's file:line. Pure: the caller passes the tool version.
 */
import type { Log, ReportingDescriptor, Result, Run } from 'sarif';
import type { Alert } from '../alert.ts';
import type { SigmaLevel } from '../types.ts';

const INFORMATION_URI = 'https://rampart.dev';
/** Stable across runs for the same rule + matched values (the alert's dedup key). */
const FINGERPRINT_KEY = 'rampartDetect/v1';
const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** critical/high → error, medium → warning, low/informational → note; no level → warning. */
export function sarifLevelOf(level: SigmaLevel | undefined): Result.level {
  if (level === 'critical' || level === 'high') return 'error';
  if (level === 'low' || level === 'informational') return 'note';
  return 'warning';
}

/** GitHub code scanning sorts by this 0–10 score (same scale as `rampart scan` SARIF). */
const SECURITY_SEVERITY: Readonly<Record<SigmaLevel, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  informational: '0.0',
};

/** Rules without an id are named by file and title, so two anonymous rules stay distinct. */
function ruleKey(a: Alert): string {
  return a.ruleId ?? `${a.ruleFile}:${a.title}`;
}

/** A relative path as a URI reference: segments percent-encoded, `/` separators on every OS. */
export function pathToUri(file: string): string {
  return file
    .split(/[\\/]/)
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function descriptor(a: Alert): ReportingDescriptor {
  const d: ReportingDescriptor = {
    id: ruleKey(a),
    shortDescription: { text: a.title },
    defaultConfiguration: { level: sarifLevelOf(a.level) },
    properties: {
      // ATT&CK ids as their own tags (T1611) next to the raw Sigma tags (attack.t1611).
      tags: [...new Set(['security', ...a.tags, ...a.attack])],
      ...(a.level ? { 'security-severity': SECURITY_SEVERITY[a.level], level: a.level } : {}),
      ruleFile: a.ruleFile,
    },
  };
  if (a.description) d.fullDescription = { text: a.description };
  return d;
}

function message(a: Alert): string {
  const fields = Object.keys(a.matched);
  return fields.length > 0 ? `${a.title} (matched: ${fields.join(', ')})` : a.title;
}

function toResult(a: Alert, index: number): Result {
  const r: Result = {
    ruleId: ruleKey(a),
    ruleIndex: index,
    level: sarifLevelOf(a.level),
    message: { text: message(a) },
    partialFingerprints: { [FINGERPRINT_KEY]: a.dedupKey },
    properties: {
      matched: a.matched,
      attack: [...a.attack],
      eventIndex: a.event.index,
      ...(a.correlation ? { correlation: a.correlation } : {}),
    },
  };
  // stdin has no artifact to point at; the event index (in properties) still identifies it.
  const src = a.event.source;
  if (src !== undefined && src !== '<stdin>') {
    r.locations = [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToUri(src) },
          ...(a.event.line !== undefined && a.event.line >= 1 ? { region: { startLine: a.event.line } } : {}),
        },
      },
    ];
  }
  return r;
}

export function alertsSarif(alerts: readonly Alert[], version: string): Log {
  const index = new Map<string, number>();
  const rules: ReportingDescriptor[] = [];
  for (const a of alerts) {
    const key = ruleKey(a);
    if (!index.has(key)) {
      index.set(key, rules.length);
      rules.push(descriptor(a));
    }
  }
  const run: Run = {
    tool: {
      driver: { name: 'Rampart', version, semanticVersion: version, informationUri: INFORMATION_URI, rules },
    },
    columnKind: 'utf16CodeUnits',
    results: alerts.map((a) => toResult(a, index.get(ruleKey(a)) as number)),
  };
  return { $schema: SCHEMA, version: '2.1.0', runs: [run] };
}

/** JSON text; bigints from event values become strings (JSON has no bigint). */
export function renderAlertsSarif(alerts: readonly Alert[], version: string): string {
  const log = alertsSarif(alerts, version);
  return `${JSON.stringify(log, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}
