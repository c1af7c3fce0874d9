/** ATT&CK ids from Sigma tags (spec appendix §Tags): `attack.t1059.001` → T1059.001, `attack.ta0002` → TA0002. */
export function attackIds(tags: readonly string[]): string[] {
  const out = new Set<string>();
  for (const tag of tags) {
    const m = /^attack\.((?:t|ta|g|s|m|ds|c)\d{4}(?:\.\d{3})?)$/i.exec(tag.trim());
    if (m) out.add((m[1] as string).toUpperCase());
  }
  return [...out];
}
