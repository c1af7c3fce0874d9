/** Commander collector for repeatable options that also accept comma lists: `-f json,sarif -f table`. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

/** Repeatable options that must keep commas (globs like `{a,b}/**`). */
export function collectRepeat(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
