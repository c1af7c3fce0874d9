/** A loaded Sigma detection rule or filter: metadata plus its compiled match tree. */
import type { MatchNode } from './nodes.ts';
import type { RuleDocs } from './rule-docs.ts';
import type { Logsource, RuleOrigin, SigmaLevel } from './types.ts';

export interface SigmaRule extends RuleDocs {
  readonly kind: 'rule';
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly title: string;
  readonly status: string | undefined;
  readonly level: SigmaLevel | undefined;
  readonly tags: readonly string[];
  /** MITRE ATT&CK technique/tactic ids from `attack.*` tags, e.g. T1059.001, TA0002. */
  readonly attack: readonly string[];
  readonly logsource: Logsource;
  readonly origin: { readonly file: string; readonly line: number };
  /** The detection after filters were applied (`rule and not filter`). */
  readonly match: MatchNode;
}

export interface SigmaFilter {
  readonly kind: 'filter';
  readonly id: string | undefined;
  readonly title: string;
  readonly logsource: Logsource;
  /** Rule ids or names the filter applies to; empty = every rule of its logsource. */
  readonly rules: readonly string[];
  readonly origin: RuleOrigin;
  readonly match: MatchNode;
}
