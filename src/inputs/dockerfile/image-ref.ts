/**
 * Image references as Docker reads them: `[registry[:port]/]path[:tag][@digest]`, where a
 * first component is a registry when it has a `.` or `:` or is `localhost`.
 */
export interface ImageRef {
  /** Everything before tag and digest, registry included: `registry:5000/team/app`. */
  readonly image: string;
  readonly registry: string | null;
  readonly tag: string | null;
  readonly digest: string | null;
}

export function parseImageRef(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : null;
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  const image = colon >= 0 ? name.slice(0, colon) : name;
  const tag = colon >= 0 ? name.slice(colon + 1) : null;
  const slash = image.indexOf('/');
  const first = slash >= 0 ? image.slice(0, slash) : '';
  const registry =
    first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : null;
  return { image, registry, tag: tag === '' ? null : tag, digest: digest === '' ? null : digest };
}

/**
 * Substitutes `$NAME`, `${NAME}`, `${NAME:-word}` and `${NAME:+word}` from the ARGs declared
 * before FROM. Returns undefined when a referenced ARG is declared without default (its value
 * comes from `--build-arg` at build time, so it is unknown here).
 */
export function expandArgs(text: string, args: ReadonlyMap<string, string | null>): string | undefined {
  let unknown = false;
  const out = text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (
      _all,
      braced: string | undefined,
      op: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      const name = (braced ?? bare) as string;
      // Undeclared: Docker substitutes ''. Declared without default: set by --build-arg, unknown here.
      const value = args.has(name) ? args.get(name) : '';
      if (value === null || value === undefined) {
        unknown = true;
        return '';
      }
      if (op === '-') return value === '' ? (word ?? '') : value;
      if (op === '+') return value === '' ? '' : (word ?? '');
      return value;
    },
  );
  return unknown ? undefined : out;
}
