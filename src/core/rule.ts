import type { FrameworkMappings } from './framework.ts';
import type { Severity } from './severity.ts';

/** What every rule of every engine tells users: the same fields feed table, JSON, SARIF and the UI. */
export interface RuleMetadata {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly description: string;
  /** Why the problem matters: the risk, in a sentence or two. */
  readonly why: string;
  /** How to fix it, concretely. */
  readonly fix: string;
  readonly references: readonly string[];
  readonly frameworks: FrameworkMappings;
  /** Equivalent ids in other tools: `{ trivy: 'KSV017', checkov: 'CKV_K8S_16' }`. */
  readonly aliases: Readonly<Record<string, string | readonly string[]>>;
  readonly tags: readonly string[];
}
