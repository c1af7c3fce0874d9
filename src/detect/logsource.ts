/**
 * Logsource routing (spec §Log Source): a rule only sees events whose product/category/service
 * can match it. Events carry a logsource from the caller or from a resolver; the default resolver
 * knows Windows channels and Sysmon event ids. A field unknown on either side does not exclude.
 */
import type { Logsource, SigmaEvent } from './types.ts';

export type LogsourceResolver = (event: SigmaEvent) => Logsource | undefined;

export function compatible(rule: Logsource, event: Logsource | undefined): boolean {
  if (!event) return true;
  const product = same(rule.product, event.product);
  const category = categoryMatches(rule.category, event.category)
    ? agree(rule.category, event.category)
    : 'conflict';
  const service = same(rule.service, event.service);
  if (product === 'conflict' || category === 'conflict' || service === 'conflict') return false;
  // A known event logsource must share at least one attribute with the rule: a web server event
  // is not a zeek/rdp event just because it names no product or service.
  return product === 'equal' || category === 'equal' || service === 'equal';
}

type Agreement = 'equal' | 'unknown' | 'conflict';
const agree = (a: string | undefined, b: string | undefined): Agreement =>
  a === undefined || b === undefined ? 'unknown' : 'equal';
const same = (a: string | undefined, b: string | undefined): Agreement =>
  a === undefined || b === undefined ? 'unknown' : a === b ? 'equal' : 'conflict';

export function logsourceKey(l: Logsource | undefined): string {
  return l ? `${l.product ?? ''}|${l.category ?? ''}|${l.service ?? ''}` : '*';
}

/** Sysmon event id → Sigma category (Sigma taxonomy appendix). */
const SYSMON: Readonly<Record<string, string>> = {
  '1': 'process_creation',
  '2': 'file_change',
  '3': 'network_connection',
  '4': 'sysmon_status',
  '5': 'process_termination',
  '6': 'driver_load',
  '7': 'image_load',
  '8': 'create_remote_thread',
  '9': 'raw_access_thread',
  '10': 'process_access',
  '11': 'file_event',
  '12': 'registry_add',
  '13': 'registry_set',
  '14': 'registry_rename',
  '15': 'create_stream_hash',
  '16': 'sysmon_status',
  '17': 'pipe_created',
  '18': 'pipe_created',
  '19': 'wmi_event',
  '20': 'wmi_event',
  '21': 'wmi_event',
  '22': 'dns_query',
  '23': 'file_delete',
  '24': 'clipboard_capture',
  '25': 'process_tampering',
  '26': 'file_delete_detected',
  '27': 'file_block_executable',
  '28': 'file_block_shredding',
  '29': 'file_executable_detected',
  '255': 'sysmon_error',
};
/** Registry events are also `registry_event`, and 12 covers deletes: those rules see all three ids. */
const REGISTRY = new Set(['12', '13', '14']);

const CHANNEL_SERVICE: Readonly<Record<string, string>> = {
  security: 'security',
  system: 'system',
  application: 'application',
  'microsoft-windows-sysmon/operational': 'sysmon',
  'microsoft-windows-powershell/operational': 'powershell',
  'windows powershell': 'powershell-classic',
  'microsoft-windows-windows defender/operational': 'windefend',
  'microsoft-windows-taskscheduler/operational': 'taskscheduler',
  'microsoft-windows-wmi-activity/operational': 'wmi',
  'microsoft-windows-bits-client/operational': 'bits-client',
  'microsoft-windows-dns-client/operational': 'dns-client',
  'microsoft-windows-codeintegrity/operational': 'codeintegrity-operational',
};

/**
 * Windows events with `Channel` (+ `EventID`): Sysmon ids map to categories; Security 4688 is
 * process_creation. Returns several logsources for registry events (see REGISTRY).
 */
export const windowsLogsource: LogsourceResolver = (event) => {
  const channel = event.Channel;
  if (typeof channel !== 'string') return undefined;
  const service = CHANNEL_SERVICE[channel.toLowerCase()];
  const id = event.EventID === undefined ? undefined : String(event.EventID);
  if (service === 'sysmon' && id !== undefined) {
    const category = SYSMON[id];
    if (category)
      return {
        product: 'windows',
        service: 'sysmon',
        category: REGISTRY.has(id) ? `registry:${category}` : category,
      };
  }
  if (service === 'security' && id === '4688')
    return { product: 'windows', service, category: 'process_creation' };
  // A PowerShell script block (4104) is ps_script, module logging (4103) ps_module.
  if (service === 'powershell' && id === '4104')
    return { product: 'windows', service, category: 'ps_script' };
  if (service === 'powershell' && id === '4103')
    return { product: 'windows', service, category: 'ps_module' };
  return { product: 'windows', service: service ?? channel.toLowerCase() };
};

/** Categories a resolved event category stands for (registry ids belong to two categories). */
export function categoryMatches(
  ruleCategory: string | undefined,
  eventCategory: string | undefined,
): boolean {
  if (ruleCategory === undefined || eventCategory === undefined) return true;
  if (eventCategory.startsWith('registry:')) {
    return (
      ruleCategory === 'registry_event' ||
      `registry:${ruleCategory}` === eventCategory ||
      (ruleCategory === 'registry_delete' && eventCategory === 'registry:registry_add')
    );
  }
  return ruleCategory === eventCategory;
}

/**
 * `windowsLogsource` memoised per (Channel, EventID): routing then costs two map lookups and the
 * same logsource object comes back, so the detector can find its index by identity.
 */
export function createWindowsLogsource(): LogsourceResolver {
  const cache = new Map<string, Map<unknown, Logsource | undefined>>();
  return (event) => {
    const channel = event.Channel;
    if (typeof channel !== 'string') return undefined;
    let byId = cache.get(channel);
    if (!byId) {
      if (cache.size >= 1024) cache.clear(); // bounded: hostile input cannot grow it
      byId = new Map();
      cache.set(channel, byId);
    }
    const id = event.EventID;
    if (byId.has(id)) return byId.get(id);
    const ls = windowsLogsource(event);
    if (byId.size < 1024) byId.set(id, ls);
    return ls;
  };
}
