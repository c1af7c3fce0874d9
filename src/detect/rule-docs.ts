/**
 * Sigma's documentation fields (spec: `description`, `references`, `falsepositives`): they do
 * not change what matches, but analysts triage with them, so rules and correlations keep them
 * for alerts' consumers and the rules catalog. Non-string list items are ignored, not rejected
 * (SigmaHQ lint, not the spec, constrains them).
 */
export interface RuleDocs {
  readonly description: string | undefined;
  readonly references: readonly string[];
  readonly falsePositives: readonly string[];
}

export function ruleDocs(d: Readonly<Record<string, unknown>>): RuleDocs {
  return {
    description: typeof d.description === 'string' ? d.description : undefined,
    references: stringList(d.references),
    falsePositives: stringList(d.falsepositives),
  };
}

function stringList(value: unknown): readonly string[] {
  if (typeof value === 'string') return Object.freeze([value]);
  return Object.freeze(Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
}
