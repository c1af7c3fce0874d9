/**
 * evtx_dump-style JSON (`Event.System`, `Event.EventData`, `#attributes`/`#text`): one object,
 * an array, or a stream of concatenated pretty-printed objects. Each event is flattened into the
 * field names Sigma's Windows rules use (EventID, Channel, Provider_Name, Computer, the
 * EventData/UserData keys…); the original tree stays under `Event` for dotted paths.
 */
import { createWindowsLogsource } from '../logsource.ts';
import { jsonRecordParser } from './json-records.ts';
import type { LogFormat } from './types.ts';
import { isRecord, ref, toIso } from './util.ts';

/** `{"#text": v, "#attributes": …}` → v; other values unchanged. */
function text(value: unknown): unknown {
  return isRecord(value) && '#text' in value ? value['#text'] : value;
}

function attrs(value: unknown): Record<string, unknown> {
  return isRecord(value) && isRecord(value['#attributes']) ? value['#attributes'] : {};
}

/** System fields, named as Sigma's Windows field names. */
function flattenSystem(system: Record<string, unknown>, out: Record<string, unknown>): void {
  const provider = attrs(system.Provider);
  if (provider.Name !== undefined) out.Provider_Name = provider.Name;
  if (provider.Guid !== undefined) out.Provider_Guid = provider.Guid;
  if (provider.EventSourceName !== undefined) out.EventSourceName = provider.EventSourceName;
  for (const key of [
    'EventID',
    'Version',
    'Level',
    'Task',
    'Opcode',
    'Keywords',
    'EventRecordID',
    'Channel',
    'Computer',
  ]) {
    const v = text(system[key]);
    if (v !== undefined && v !== null && !isRecord(v)) out[key] = v;
  }
  const time = attrs(system.TimeCreated).SystemTime;
  if (time !== undefined) out.TimeCreated = time;
  const exec = attrs(system.Execution);
  if (exec.ProcessID !== undefined) out.ProcessID = exec.ProcessID;
  if (exec.ThreadID !== undefined) out.ThreadID = exec.ThreadID;
  const sec = attrs(system.Security);
  if (sec.UserID !== undefined) out.UserID = sec.UserID;
}

/**
 * `Data: [{"#attributes": {"Name": "Image"}, "#text": "…"}]` (evtx_dump without
 * --separate-json-attributes, xmltodict's `@Name`): named values become fields. False when the
 * values are unnamed.
 */
function namedData(value: unknown, out: Record<string, unknown>): boolean {
  const items = Array.isArray(value) ? value : [value];
  const named = items.map((item) => {
    const name = isRecord(item) ? (attrs(item).Name ?? item['@Name']) : undefined;
    return typeof name === 'string' ? ([name, text(item)] as const) : undefined;
  });
  if (named.length === 0 || named.some((n) => n === undefined)) return false;
  for (const n of named) if (n && !(n[0] in out)) out[n[0]] = n[1];
  return true;
}

/** EventData/UserData keys at the top level; unnamed `Data` values stay a list under `Data`. */
function flattenData(data: unknown, out: Record<string, unknown>): void {
  if (!isRecord(data)) return;
  for (const [key, raw] of Object.entries(data)) {
    if (key === '#attributes') continue;
    const value = text(raw);
    if (key === 'Data' || key === '#text') {
      if (!namedData(value, out)) out.Data = value;
      continue;
    }
    // UserData wraps its fields in one element named after the event (e.g. `LogFileCleared`).
    if (isRecord(value) && !('#attributes' in value && Object.keys(value).length === 1)) {
      const inner = Object.entries(value).filter(([k]) => k !== '#attributes');
      if (inner.length > 0 && inner.every(([, v]) => !isRecord(text(v)))) {
        for (const [k, v] of inner) if (!(k in out)) out[k] = text(v);
        continue;
      }
    }
    if (!(key in out)) out[key] = value;
  }
}

export function flattenEvtx(event: Record<string, unknown>): Record<string, unknown> | undefined {
  const system = event.System;
  if (!isRecord(system)) return undefined;
  const fields: Record<string, unknown> = {};
  flattenSystem(system, fields);
  flattenData(event.EventData, fields);
  flattenData(event.UserData, fields);
  fields.Event = event;
  return fields;
}

export const evtxJson: LogFormat = {
  name: 'evtx-json',
  description: 'evtx_dump JSON (Event.System / Event.EventData), objects, arrays or a pretty-printed stream',
  sniff(firstBytes, path) {
    const head = firstBytes.slice(0, 4096);
    const hasEvent = /"Event"\s*:\s*\{/.test(head);
    const hasSystem = /"System"\s*:\s*\{/.test(head);
    if (hasEvent && hasSystem) return 0.95;
    if (hasEvent && /"#attributes"/.test(head)) return 0.85;
    return /\.evtx\.json$/i.test(path ?? '') ? 0.4 : 0;
  },
  createParser({ file }) {
    // Memoised per (Channel, EventID): events share logsource objects, which the detector's
    // index lookup recognises by identity.
    const windowsLogsource = createWindowsLogsource();
    return jsonRecordParser(file, (obj, line, offset, out) => {
      const event = isRecord(obj.Event) ? obj.Event : undefined;
      const fields = event ? flattenEvtx(event) : undefined;
      if (!fields) {
        out.problem(line, 'not an evtx event (no Event.System)');
        return;
      }
      const timestamp = toIso(fields.TimeCreated);
      const logsource = windowsLogsource(fields);
      out.event({
        fields,
        source: ref(file, line, offset),
        ...(timestamp ? { timestamp } : {}),
        ...(logsource ? { logsource } : {}),
      });
    });
  },
};
