/** Functions with a YAML short form `!Name`; `!Name x` reads as `{"Fn::Name": x}`. */
const FN_SHORT_FORMS = new Set([
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'If',
  'Equals',
  'And',
  'Or',
  'Not',
  'GetAtt',
  'Length',
  'ToJsonString',
  'ForEach',
]);

/**
 * YAML short-form intrinsic → its long JSON form, as CloudFormation reads it:
 * `!Ref x` → `{Ref: x}`, `!GetAtt a.b` → `{"Fn::GetAtt": ["a", "b"]}`, `!Sub s` → `{"Fn::Sub": s}`.
 * Unknown tags leave the value as written.
 */
export function longForm(tag: string, value: unknown): unknown {
  const name = tag.slice(1);
  if (name === 'Ref') return { Ref: value };
  if (name === 'Condition') return { Condition: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    // Only the first dot splits: attribute names may contain dots (`Endpoint.Address`).
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  if (FN_SHORT_FORMS.has(name)) return { [`Fn::${name}`]: value };
  return value;
}

/** `{Ref: …}` or `{"Fn::…": …}`: a single-key map naming an intrinsic function. */
export function intrinsicName(value: Record<string, unknown>): string | undefined {
  let name: string | undefined;
  for (const key in value) {
    if (name !== undefined) return undefined;
    name = key;
  }
  return name !== undefined && (name === 'Ref' || name.startsWith('Fn::')) ? name : undefined;
}
