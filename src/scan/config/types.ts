import type { Severity } from '../../core/severity.ts';

/** `rampart.yaml`, as validated. Paths are already resolved against the config file's folder. */
export interface ScanConfig {
  /** Where it was read from (for messages); undefined when no config file was used. */
  readonly file?: string;
  readonly failOn?: Severity;
  readonly formats?: readonly string[];
  /** One destination (file, or directory for several formats) or a file per format. */
  readonly output?: string | Readonly<Record<string, string>>;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly policy?: readonly string[];
  readonly waivers?: string;
  readonly baseline?: string;
  /** VEX documents whose statements suppress dependency findings. */
  readonly vex?: readonly string[];
  /** SBOMs to scan for vulnerable components. */
  readonly sbom?: readonly string[];
  readonly maxFileSize?: number;
  readonly rules?: RulesConfig;
  /** The dependency analyzer's settings (`--db` overrides `db`). */
  readonly deps?: DepsConfig;
}

export interface DepsConfig {
  /** The advisory database (absolute). */
  readonly db?: string;
  /** Advisory data older than this gets a staleness notice. */
  readonly maxAgeMs?: number;
}

export interface RulesConfig {
  /** Rule ids whose findings are dropped entirely (not counted as suppressed). */
  readonly disable: readonly string[];
  /** Severity overrides by rule id. */
  readonly severity: Readonly<Record<string, Severity>>;
}

export const CONFIG_FILE_NAMES = ['rampart.yaml', 'rampart.yml'] as const;
