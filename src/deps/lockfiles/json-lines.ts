/**
 * Lines of object keys in a JSON text, for callers that parse values with the (much faster)
 * built-in JSON.parse. Only call it on text JSON.parse accepted. `want(path)` says whether
 * the keys of the object at `path` (the keys leading to it; `#` for array elements) are recorded.
 * The result maps `[...path, key].join('\u0000')` to the key's 1-based line.
 */
export function keyLines(text: string, want: (path: readonly string[]) => boolean): Map<string, number> {
  const out = new Map<string, number>();
  const path: string[] = [];
  const isObject: boolean[] = [];
  let recording = false;
  let prefix = '';
  const enter = (): void => {
    const inner = path.slice(1);
    recording = isObject[isObject.length - 1] === true && want(inner);
    prefix = inner.length === 0 ? '' : `${inner.join('\u0000')}\u0000`;
  };
  let expectKey = false;
  let lastKey = '';
  let line = 1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) line++;
    else if (ch === 34) {
      // a string: find its closing quote (a quote preceded by an even number of backslashes)
      let j = i + 1;
      let escaped = false;
      for (;;) {
        j = text.indexOf('"', j);
        if (j < 0) return out;
        let k = j - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((j - 1 - k) % 2 === 0) break;
        escaped = true;
        j++;
      }
      if (expectKey) {
        const raw = text.slice(i + 1, j);
        lastKey = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (recording) out.set(prefix + lastKey, line);
        expectKey = false;
      }
      i = j;
    } else if (ch === 123 || ch === 91) {
      path.push(isObject.length === 0 ? '' : isObject[isObject.length - 1] ? lastKey : '#');
      isObject.push(ch === 123);
      expectKey = ch === 123;
      enter();
    } else if (ch === 125 || ch === 93) {
      path.pop();
      isObject.pop();
      enter();
      expectKey = false;
    } else if (ch === 44) {
      expectKey = isObject[isObject.length - 1] === true;
    }
  }
  return out;
}
