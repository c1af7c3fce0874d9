import type { Severity } from '../core/severity.ts';

/** Where allowlist regexes are matched (gitleaks `regexTarget`). */
export type RegexTarget = 'secret' | 'match' | 'line';

/** A gitleaks allowlist: `[[rules.allowlists]]`, the global `[allowlist]` or `[[allowlists]]`. */
export interface AllowlistSpec {
  readonly description?: string;
  /** OR (default): any criterion allows. AND: every criterion that is set must match. */
  readonly condition: 'OR' | 'AND';
  readonly regexTarget: RegexTarget;
  readonly regexes: readonly string[];
  readonly paths: readonly string[];
  readonly stopwords: readonly string[];
  readonly commits: readonly string[];
  /** Only for top-level `[[allowlists]]`: rule ids it applies to (empty = every rule). */
  readonly targetRules: readonly string[];
}

/** One `[[rules.required]]` entry (gitleaks ≥ 8.28 composite rules). */
export interface RequiredRuleSpec {
  /** Id of another rule that must also match in the same text. */
  readonly id: string;
  /** At most this many lines between the two matches' first lines. */
  readonly withinLines?: number;
  /** At most this many columns between the two matches' first columns. */
  readonly withinColumns?: number;
}

/** One `[[rules]]` entry, validated but not compiled. */
export interface SecretRuleSpec {
  readonly id: string;
  readonly description: string;
  readonly regex?: string;
  readonly secretGroup?: number;
  readonly entropy?: number;
  readonly keywords: readonly string[];
  readonly path?: string;
  readonly allowlists: readonly AllowlistSpec[];
  readonly tags: readonly string[];
  /** Composite rule: reported only where every required rule also matches nearby. */
  readonly required?: readonly RequiredRuleSpec[];
  /** Findings are not reported (a helper that other rules require). */
  readonly skipReport?: boolean;
  // Rampart-only keys (gitleaks ignores unknown keys).
  readonly severity?: Severity;
  readonly why?: string;
  readonly fix?: string;
  readonly references: readonly string[];
  /** `file:line` of the rule's `[[rules]]` header, for errors. */
  readonly source?: string;
}

export interface ExtendSpec {
  readonly useDefault: boolean;
  readonly path?: string;
  readonly disabledRules: readonly string[];
}

/** One parsed gitleaks TOML file (before `[extend]` is resolved). */
export interface SecretsConfigFile {
  readonly file: string;
  readonly title?: string;
  readonly rules: readonly SecretRuleSpec[];
  /** Global allowlists (`[allowlist]` and `[[allowlists]]`). */
  readonly allowlists: readonly AllowlistSpec[];
  readonly extend?: ExtendSpec;
}

/** A resolved configuration: the rules and global allowlists the scanner runs. */
export interface SecretsConfig {
  readonly rules: readonly SecretRuleSpec[];
  readonly allowlists: readonly AllowlistSpec[];
}

/** Context of the text being scanned. */
export interface ScanTarget {
  /** Path used for `path` rules/allowlists and reported in findings. */
  readonly path: string;
  /** Commit SHA when scanning git history (for `commits` allowlists). */
  readonly commit?: string;
}

/** A secret found in a text: never holds the secret itself, only its hash and a redacted preview. */
export interface SecretMatch {
  readonly ruleId: string;
  /** 1-based, the span of the secret (or of the encoded text holding it). */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** SHA-256 hex of the secret. */
  readonly secretHash: string;
  /** First characters + '…'. */
  readonly preview: string;
  readonly entropy: number;
  /** Encodings peeled to reach the secret, outermost first (empty when found as written). */
  readonly decodedFrom: readonly ('base64' | 'hex' | 'percent' | 'unicode')[];
}
