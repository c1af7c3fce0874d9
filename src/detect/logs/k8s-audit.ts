/**
 * Kubernetes audit events (`audit.k8s.io` Event: verb, objectRef, user, sourceIPs, requestURI,
 * responseStatus…) as JSON lines (the API server's log backend), pretty-printed objects, or an
 * `EventList` with `items`. Fields stay nested (`objectRef.resource`); product kubernetes,
 * service audit.
 */
import { jsonRecordParser } from './json-records.ts';
import type { LogFormat } from './types.ts';
import { ref, toIso } from './util.ts';

const LOGSOURCE = { product: 'kubernetes', service: 'audit' } as const;

export const k8sAudit: LogFormat = {
  name: 'k8s-audit',
  description: 'Kubernetes audit events (audit.k8s.io), JSON lines or EventList',
  sniff(firstBytes) {
    const head = firstBytes.slice(0, 8192);
    if (/"apiVersion"\s*:\s*"audit\.k8s\.io\//.test(head)) return 0.97;
    if (/"auditID"\s*:/.test(head) && /"verb"\s*:/.test(head)) return 0.9;
    return 0;
  },
  createParser({ file }) {
    return jsonRecordParser(file, (obj, line, offset, out) => {
      if (typeof obj.verb !== 'string' && typeof obj.auditID !== 'string') {
        out.problem(line, 'not a Kubernetes audit event (no verb/auditID)');
        return;
      }
      const timestamp = toIso(obj.requestReceivedTimestamp) ?? toIso(obj.stageTimestamp);
      out.event({
        fields: obj,
        source: ref(file, line, offset),
        logsource: LOGSOURCE,
        ...(timestamp ? { timestamp } : {}),
      });
    });
  },
};
