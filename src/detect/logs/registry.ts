/**
 * Every log format, in one explicit list. Auto-detection asks each format how confident it is
 * about the first bytes and takes the best; ties go to the earlier entry (more specific first).
 */
import { InputError } from '../../core/errors.ts';
import { access } from './access.ts';
import { auditd } from './auditd.ts';
import { auth } from './auth.ts';
import { cloudtrail } from './cloudtrail.ts';
import { evtxJson } from './evtx-json.ts';
import { json } from './json.ts';
import { jsonl } from './jsonl.ts';
import { k8sAudit } from './k8s-audit.ts';
import { plain } from './plain.ts';
import { syslog } from './syslog.ts';
import type { LogFormat } from './types.ts';

export const LOG_FORMATS: readonly LogFormat[] = [
  evtxJson,
  cloudtrail,
  k8sAudit,
  auditd,
  access,
  auth,
  syslog,
  jsonl,
  json,
  plain,
];

export const LOG_FORMAT_NAMES: readonly string[] = LOG_FORMATS.map((f) => f.name);

export function findFormat(name: string): LogFormat {
  const format = LOG_FORMATS.find((f) => f.name === name);
  if (!format)
    throw new InputError(
      'E_PARSE',
      `unknown log format '${name}' (known: auto, ${LOG_FORMAT_NAMES.join(', ')})`,
    );
  return format;
}

/** The most confident format for these first bytes (plain text when nothing else fits). */
export function detectFormat(firstBytes: string, path?: string): LogFormat {
  let best: LogFormat = plain;
  let score = 0;
  for (const f of LOG_FORMATS) {
    let s = 0;
    try {
      s = f.sniff(firstBytes, path);
    } catch {
      s = 0; // a sniffer must not take detection down with it
    }
    if (s > score) {
      best = f;
      score = s;
    }
  }
  return best;
}
