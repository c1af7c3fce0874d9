// Client for the posture, evidence and rules-catalog API (docs/findings-lifecycle.md, docs/server.md).
import { call, type Severity } from '../api.ts';

export interface CountRow {
  readonly key: string;
  readonly count: number;
}

export type CountGroup = 'team' | 'service' | 'severity' | 'rule' | 'status';

export interface CountFilter {
  /** Only new/open/reopened findings. */
  readonly active?: boolean;
  readonly overdue?: boolean;
  readonly team?: string;
  readonly framework?: string;
}

export interface TrendPoint {
  readonly day: string;
  readonly open: Readonly<Record<Severity, number>>;
}

export interface ServiceResult {
  readonly serviceId: string;
  readonly service: string;
  readonly result: 'pass' | 'fail' | 'excepted';
  readonly active: number;
  readonly excepted: number;
}

export interface ControlView {
  readonly framework: string;
  readonly title: string;
  readonly controls: ReadonlyArray<{
    readonly control: string;
    readonly rules: ReadonlyArray<{
      readonly ruleId: string;
      readonly title: string;
      readonly services: readonly ServiceResult[];
    }>;
  }>;
}

export interface Framework {
  readonly id: string;
  readonly title: string;
  /** Built-in rules mapped to it. */
  readonly rules: number;
}

export type RuleKind = 'policy' | 'secrets' | 'sigma';
export const RULE_KINDS: readonly RuleKind[] = ['policy', 'secrets', 'sigma'];

export interface RuleSummary {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly kind: RuleKind;
  readonly frameworks: Readonly<Record<string, readonly string[]>>;
  readonly input?: string;
}

export interface Rule extends RuleSummary {
  readonly description: string;
  readonly why: string;
  readonly fix: string;
  readonly references: readonly string[];
  readonly tags: readonly string[];
  readonly attack?: readonly string[];
  readonly logsource?: Readonly<Record<string, string>>;
  readonly falsePositives?: readonly string[];
}

export interface RuleQuery {
  readonly q?: string;
  readonly kind?: string;
  readonly severity?: string;
  readonly framework?: string;
}

export interface Team {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
}

/** Only the set, non-empty values: the API rejects unknown and empty parameters. */
function query(params: Readonly<Record<string, string | boolean | number | undefined>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

export const postureApi = {
  counts: (by: CountGroup, filter: CountFilter = {}) =>
    call<CountRow[]>('GET', `/api/posture/counts${query({ by, ...filter })}`),
  trend: (days: number) => call<TrendPoint[]>('GET', `/api/posture/trend${query({ days })}`),
  controls: (framework: string) => call<ControlView>('GET', `/api/posture/controls/${enc(framework)}`),
  frameworks: () => call<Framework[]>('GET', '/api/frameworks'),
  rules: (q: RuleQuery) =>
    call<{ total: number; items: RuleSummary[] }>('GET', `/api/rules${query({ ...q })}`),
  rule: (id: string) => call<Rule>('GET', `/api/rules/${enc(id)}`),
  teams: () => call<Team[]>('GET', '/api/teams'),
  /** A plain link: the browser sends the session cookie and saves the attachment. */
  evidenceUrl: (framework: string, format: 'json' | 'csv') =>
    `/api/evidence/${enc(framework)}${query({ format })}`,
};
