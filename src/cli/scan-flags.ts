/** `rampart scan` flags as commander hands them over. */
export interface ScanFlags {
  readonly format?: string[];
  readonly output?: string[];
  readonly failOn?: string;
  readonly include?: string[];
  readonly exclude?: string[];
  /** `--policy DIR` (repeatable); false with --no-policy (skip the policy analyzer). */
  readonly policy?: string[] | false;
  readonly stdinFilename?: string;
  readonly baseline?: string;
  /** `--write-baseline` alone is `true` (default path); with a value, that path. */
  readonly writeBaseline?: string | boolean;
  readonly waivers?: string;
  /** `--vex FILE` (repeatable): OpenVEX / CycloneDX VEX documents. */
  readonly vex?: string[];
  /** `--sbom FILE` (repeatable): CycloneDX / SPDX JSON SBOMs to scan for vulnerable components. */
  readonly sbom?: string[];
  readonly config?: string;
  readonly maxFileSize?: string;
  /** `--jobs N`: threads scanning file contents (default: available parallelism). */
  readonly jobs?: string;
  readonly watch?: boolean;
  /** false with --no-secrets. */
  readonly secrets?: boolean;
  /** `--git` alone is `true` (all history); with a value, a revision range. */
  readonly git?: string | boolean;
  readonly since?: string;
  readonly secretsConfig?: string;
  /** false with --no-deps. */
  readonly deps?: boolean;
  /** `--db FILE`: the advisory database for the dependency analyzer. */
  readonly db?: string;
  /** false with --no-color. */
  readonly color: boolean;
  readonly quiet?: boolean;
}
