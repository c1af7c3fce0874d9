/** One VEX statement reduced to what suppression needs; OpenVEX and CycloneDX both map here. */
export interface VexStatement {
  /** The vulnerability id and its aliases (CVE, GHSA…), as written. */
  readonly ids: readonly string[];
  /** Product/component purls the statement is about. */
  readonly purls: readonly string[];
  /** The status as the document spells it (`not_affected`, `false_positive`, `in_triage`…). */
  readonly status: string;
  /** True for statuses that mean "this finding does not apply" (see docs/dependencies.md#vex). */
  readonly suppresses: boolean;
  /** Justification plus impact statement / detail, for the suppressed finding's reason; '' when none. */
  readonly justification: string;
  /**
   * When the statement was made (epoch ms): OpenVEX the later of the statement's `timestamp` and
   * `last_updated`, inherited from the document's; CycloneDX `analysis.lastUpdated`, else
   * `firstIssued`, else the BOM's `metadata.timestamp`. Undefined when the document gives none.
   * For one product and vulnerability the latest statement wins (src/scan/suppress/vex.ts).
   */
  readonly time?: number;
  /** Display path of the VEX file, and the statement's index, for messages. */
  readonly file: string;
  readonly index: number;
  readonly format: 'openvex' | 'cyclonedx';
}
