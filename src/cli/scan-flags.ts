/** `rampart scan` flags as commander hands them over. */
export interface ScanFlags {
  readonly format?: string[];
  readonly output?: string[];
  readonly failOn?: string;
  readonly include?: string[];
  readonly exclude?: string[];
  readonly policy?: string[];
  readonly stdinFilename?: string;
  readonly baseline?: string;
  /** `--write-baseline` alone is `true` (default path); with a value, that path. */
  readonly writeBaseline?: string | boolean;
  readonly waivers?: string;
  readonly config?: string;
  readonly maxFileSize?: string;
  readonly watch?: boolean;
  /** false with --no-color. */
  readonly color: boolean;
  readonly quiet?: boolean;
}
