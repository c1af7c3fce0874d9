/** How a YAML-based input type reads scalars and tags beyond the YAML 1.2 core schema. */
export interface YamlDialect {
  /**
   * Read plain scalars the way go-yaml v2 (and so `kubectl`) does: `yes`/`no`/`on`/`off`/`y`/`n`
   * are booleans and `0644` is octal. Without it, `privileged: yes` would be a string to us but
   * `true` to the cluster.
   */
  readonly yaml11Scalars?: boolean;
  /** Honour `<<: *base` merge keys (explicit keys win over merged ones). */
  readonly mergeKeys?: boolean;
  /**
   * Called for nodes with a local tag (`!Ref x`, `!If [...]`) with the node's plain value; the
   * result replaces the value. The tag is the full tag text, e.g. `!Ref`.
   */
  readonly onTag?: (tag: string, value: unknown) => unknown;
}

const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const OCTAL = /^[-+]?0[0-7]+$/;

/** The go-yaml v2 reading of a plain scalar whose YAML 1.2 core value is `value`. */
export function yaml11Scalar(source: string, value: unknown): unknown {
  if (typeof value === 'string') {
    if (YAML11_TRUE.has(value)) return true;
    if (YAML11_FALSE.has(value)) return false;
    return value;
  }
  if (typeof value === 'number' && OCTAL.test(source)) return Number.parseInt(source, 8);
  return value;
}
