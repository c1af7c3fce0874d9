import type { SourceRange } from '../../core/location.ts';
import type { FieldPath } from '../document.ts';
import { appendPath } from '../path.ts';
import type { YamlDialect } from './dialect.ts';
import { yaml11Scalar } from './dialect.ts';
import { LineIndex } from './line-index.ts';
import type { LoadedDocument } from './loaded.ts';
import { resolvePlain } from './scalars.ts';

/**
 * A fast reader for the plain YAML most manifests are written in: block maps and lists, plain and
 * single-line quoted scalars, `|`/`>` block scalars and one-line flow collections. It gives exactly
 * what the full `yaml` walk gives (values and ranges; tested against it) and gives up — returns
 * undefined — on anything else (anchors, tags, multi-line plain scalars, tabs, errors…), so the
 * caller falls back to the full parser, which also reports the errors. It exists because the full
 * parser spends most of a 10,000-manifest scan on generality these files do not use.
 */
export function fastLoadYaml(
  text: string,
  dialect: YamlDialect,
  maxDepth: number,
  maxDocuments: number,
): LoadedDocument[] | undefined {
  // Tags (`!Ref`) make it give up, so onTag never has to be called here.
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  if (text.length > 0 && text.charCodeAt(text.length - 1) !== 10) return undefined;
  try {
    return new FastReader(text, dialect, maxDepth).documents(maxDocuments);
  } catch {
    // GIVE_UP, or anything unforeseen: the full parser is always a correct answer.
    return undefined;
  }
}

/** Thrown (and caught in fastLoadYaml) to abandon the fast path; never escapes. */
const GIVE_UP = Symbol('give up');
function giveUp(): never {
  throw GIVE_UP;
}

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

class FastReader {
  readonly #text: string;
  readonly #dialect: YamlDialect;
  readonly #maxDepth: number;
  readonly #lines: LineIndex;
  #positions = new Map<FieldPath, SourceRange>();
  /** Current line: its start, the end (index of `\n`), and where its content starts. */
  #lineStart = 0;
  #lineEnd = 0;
  #content = 0;
  #indent = 0;
  #eof = false;

  constructor(text: string, dialect: YamlDialect, maxDepth: number) {
    this.#text = text;
    this.#dialect = dialect;
    this.#maxDepth = maxDepth;
    this.#lines = LineIndex.of(text);
    this.#setLine(0);
  }

  documents(maxDocuments: number): LoadedDocument[] {
    const out: LoadedDocument[] = [];
    let count = 0;
    for (;;) {
      this.#skipBlank();
      if (this.#eof) return out;
      if (this.#isMarker('---')) {
        if (!this.#markerLineEmpty()) giveUp();
        this.#nextLine();
        this.#skipBlank();
      }
      if (++count > maxDocuments) giveUp();
      if (this.#eof || this.#isMarker('---')) continue; // empty document
      if (this.#isMarker('...') || this.#text.charCodeAt(this.#content) === 37 /* % */) giveUp();
      this.#positions = new Map();
      const start = this.#content;
      const [value, end] = this.#block(this.#indent, '', 0);
      this.#skipBlank();
      if (!this.#eof && !this.#isMarker('---')) giveUp();
      const range = this.#lines.range(this.#text, start, end);
      this.#positions.set('', range);
      out.push({ value, positions: this.#positions, range });
    }
  }

  // ---- lines -------------------------------------------------------------------------------

  #setLine(start: number): void {
    const text = this.#text;
    if (start >= text.length) {
      this.#eof = true;
      this.#lineStart = this.#lineEnd = this.#content = text.length;
      this.#indent = 0;
      return;
    }
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let c = start;
    while (c < end && text.charCodeAt(c) === SPACE) c++;
    this.#lineStart = start;
    this.#lineEnd = end;
    this.#content = c;
    this.#indent = c - start;
  }

  #nextLine(): void {
    this.#setLine(this.#lineEnd + 1);
  }

  /** Skips lines that are empty or hold only a comment. */
  #skipBlank(): void {
    while (!this.#eof && (this.#content === this.#lineEnd || this.#text.charCodeAt(this.#content) === HASH)) {
      this.#nextLine();
    }
  }

  #isMarker(marker: string): boolean {
    const text = this.#text;
    if (this.#indent !== 0 || !text.startsWith(marker, this.#lineStart)) return false;
    const after = this.#lineStart + 3;
    return after === this.#lineEnd || text.charCodeAt(after) === SPACE;
  }

  #markerLineEmpty(): boolean {
    return this.#restIsComment(this.#lineStart + 3);
  }

  /** Only spaces, then end of line or a ` #` comment, from `at` on. */
  #restIsComment(at: number): boolean {
    const text = this.#text;
    let i = at;
    while (i < this.#lineEnd && text.charCodeAt(i) === SPACE) i++;
    if (i === this.#lineEnd) return true;
    return (
      text.charCodeAt(i) === HASH &&
      (i === at ? at > this.#lineStart && text.charCodeAt(at - 1) === SPACE : true)
    );
  }

  // ---- block structure ---------------------------------------------------------------------

  /** A block map or list starting at the current content position, whose column is `indent`. */
  #block(indent: number, path: FieldPath, depth: number): [unknown, number] {
    if (depth > this.#maxDepth) giveUp();
    return this.#isSeqItem() ? this.#seq(indent, path, depth) : this.#map(indent, path, depth);
  }

  #isSeqItem(): boolean {
    const text = this.#text;
    const c = this.#content;
    if (text.charCodeAt(c) !== DASH) return false;
    const next = c + 1;
    return next === this.#lineEnd || text.charCodeAt(next) === SPACE;
  }

  #map(indent: number, path: FieldPath, depth: number): [Record<string, unknown>, number] {
    const text = this.#text;
    const out: Record<string, unknown> = {};
    let end: number;
    for (;;) {
      const keyStart = this.#content;
      const colon = this.#keyEnd(keyStart);
      if (colon < 0) giveUp();
      const key = this.#key(keyStart, colon);
      if (Object.hasOwn(out, key) || (this.#dialect.mergeKeys && key === '<<')) giveUp();
      const childPath = appendPath(path, key);
      let value: unknown;
      let valueEnd: number;
      if (this.#restIsComment(colon + 1)) {
        // Value on the following lines: deeper, or a list at the same column (`key:\n- a`).
        this.#nextLine();
        this.#skipBlank();
        if (!this.#eof && this.#indent > indent && !this.#isMarker('---')) {
          [value, valueEnd] = this.#block(this.#indent, childPath, depth + 1);
        } else if (!this.#eof && this.#indent === indent && this.#isSeqItem()) {
          [value, valueEnd] = this.#seq(indent, childPath, depth + 1);
        } else {
          value = null;
          valueEnd = colon + 1;
        }
      } else {
        let at = colon + 1;
        while (text.charCodeAt(at) === SPACE) at++;
        [value, valueEnd] = this.#inline(at, indent, childPath, depth + 1);
      }
      setKey(out, key, value);
      this.#positions.set(childPath, this.#lines.range(text, keyStart, valueEnd));
      end = valueEnd;
      this.#skipBlank();
      if (this.#eof || this.#indent < indent || this.#isMarker('---')) return [out, end];
      if (this.#indent > indent || this.#isSeqItem()) giveUp();
    }
  }

  #seq(indent: number, path: FieldPath, depth: number): [unknown[], number] {
    const text = this.#text;
    const out: unknown[] = [];
    let end: number;
    for (;;) {
      if (!this.#isSeqItem()) giveUp();
      const dash = this.#content;
      if (this.#restIsComment(dash + 1)) giveUp(); // `-` with its value on later lines (or none)
      let at = dash + 1;
      while (text.charCodeAt(at) === SPACE) at++;
      const childPath = `${path}[${out.length}]`;
      let value: unknown;
      let valueEnd: number;
      if (this.#keyEnd(at) >= 0) {
        // `- key: value`: a map whose column is where its first key starts.
        this.#content = at;
        this.#indent = at - this.#lineStart;
        if (depth + 1 > this.#maxDepth) giveUp();
        [value, valueEnd] = this.#map(this.#indent, childPath, depth + 1);
      } else if (
        text.charCodeAt(at) === DASH &&
        (at + 1 === this.#lineEnd || text.charCodeAt(at + 1) === SPACE)
      ) {
        // `- - a`: a nested list whose column is where its first dash is.
        this.#content = at;
        this.#indent = at - this.#lineStart;
        if (depth + 1 > this.#maxDepth) giveUp();
        [value, valueEnd] = this.#seq(this.#indent, childPath, depth + 1);
      } else {
        [value, valueEnd] = this.#inline(at, indent, childPath, depth + 1);
      }
      this.#positions.set(childPath, this.#lines.range(text, at, valueEnd));
      out.push(value);
      end = valueEnd;
      this.#skipBlank();
      if (this.#eof || this.#indent < indent || this.#isMarker('---')) return [out, end];
      if (this.#indent > indent) giveUp();
      if (!this.#isSeqItem()) {
        // A map key at the list's column ends a `key:\n- a` list; anything else is not ours.
        return [out, end];
      }
    }
  }

  /**
   * Where a `key:` on the current line ends (the colon), or -1 if the text at `at` is not a key.
   * Plain keys run to the first `:` followed by a space or the line end.
   */
  #keyEnd(at: number): number {
    const text = this.#text;
    const lineEnd = this.#lineEnd;
    const first = text.charCodeAt(at);
    if (first === 34 /* " */ || first === 39 /* ' */) {
      const close = this.#quoteEnd(at);
      if (close < 0) return -1;
      let i = close;
      while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) !== COLON) return -1;
      return i + 1 === lineEnd || text.charCodeAt(i + 1) === SPACE ? i : -1;
    }
    if (at >= lineEnd || isIndicator(first, text.charCodeAt(at + 1), at + 1 === lineEnd)) return -1;
    for (let i = at + 1; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === COLON) {
        if (i + 1 === lineEnd || text.charCodeAt(i + 1) === SPACE) return i;
      } else if (c === HASH && text.charCodeAt(i - 1) === SPACE) return -1;
    }
    return -1;
  }

  #key(start: number, colon: number): string {
    const text = this.#text;
    const first = text.charCodeAt(start);
    if (first === 34 || first === 39) {
      const [value] = this.#quoted(start);
      return value;
    }
    let end = colon;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    const raw = text.slice(start, end);
    let value = resolvePlain(raw);
    if (this.#dialect.yaml11Scalars) value = yaml11Scalar(raw, value);
    return value === null ? 'null' : String(value);
  }

  // ---- values on one line (and block scalars) -----------------------------------------------

  /** The value starting at `at` on the current line; leaves the reader on the line after it. */
  #inline(at: number, indent: number, path: FieldPath, depth: number): [unknown, number] {
    if (depth > this.#maxDepth) giveUp();
    const text = this.#text;
    const c = text.charCodeAt(at);
    let value: unknown;
    let end: number;
    if (c === 34 || c === 39) {
      [value, end] = this.#quoted(at);
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      [value, end] = this.#flow(at, path, depth);
    } else if (c === 124 /* | */ || c === 62 /* > */) {
      return this.#blockScalar(at, indent);
    } else {
      [value, end] = this.#plain(at);
    }
    if (!this.#restIsComment(end)) giveUp();
    this.#nextLine();
    this.#skipBlank();
    // A more indented line after a one-line value would continue it (multi-line scalar).
    if (!this.#eof && this.#indent > indent) giveUp();
    return [value, end];
  }

  #plain(at: number): [unknown, number] {
    const text = this.#text;
    const lineEnd = this.#lineEnd;
    if (isIndicator(text.charCodeAt(at), text.charCodeAt(at + 1), at + 1 === lineEnd)) giveUp();
    let end = lineEnd;
    for (let i = at + 1; i < lineEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
        end = i;
        break;
      }
      if (ch === COLON && (i + 1 === lineEnd || text.charCodeAt(i + 1) === SPACE)) giveUp();
    }
    while (end > at && text.charCodeAt(end - 1) === SPACE) end--;
    return [this.#scalar(text.slice(at, end)), end];
  }

  #scalar(raw: string): unknown {
    const value = resolvePlain(raw);
    return this.#dialect.yaml11Scalars ? yaml11Scalar(raw, value) : value;
  }

  /** Offset just after the closing quote of a one-line quoted scalar at `at`, or -1. */
  #quoteEnd(at: number): number {
    const text = this.#text;
    const quote = text.charCodeAt(at);
    for (let i = at + 1; i < this.#lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (quote === 34 && c === 92 /* \ */) i++;
      else if (c === quote) {
        if (quote === 39 && text.charCodeAt(i + 1) === 39) i++;
        else return i + 1;
      }
    }
    return -1;
  }

  #quoted(at: number): [string, number] {
    const end = this.#quoteEnd(at);
    if (end < 0) giveUp();
    const body = this.#text.slice(at + 1, end - 1);
    if (this.#text.charCodeAt(at) === 39) return [body.replaceAll("''", "'"), end];
    return [body.includes('\\') ? unescapeDouble(body) : body, end];
  }

  /** `|` / `>` with optional `-` chomping; content lines deeper than `indent`. */
  #blockScalar(at: number, indent: number): [string, number] {
    const text = this.#text;
    const folded = text.charCodeAt(at) === 62;
    let i = at + 1;
    let strip = false;
    if (text.charCodeAt(i) === DASH) {
      strip = true;
      i++;
    }
    if (!this.#restIsComment(i) || (i < this.#lineEnd && text.charCodeAt(i) !== SPACE)) giveUp();
    const lines: string[] = [];
    let contentIndent = -1;
    let lastContent = -1;
    let end = 0;
    this.#nextLine();
    while (!this.#eof) {
      const blank = this.#content === this.#lineEnd;
      if (!blank) {
        if (this.#indent <= indent) break;
        if (contentIndent < 0) contentIndent = this.#indent;
        else if (this.#indent < contentIndent) giveUp();
        lastContent = lines.length;
        end = this.#lineEnd;
      } else if (this.#indent > 0) giveUp(); // spaces-only lines keep or lose spaces by subtle rules
      lines.push(blank ? '' : text.slice(this.#lineStart + contentIndent, this.#lineEnd));
      this.#nextLine();
    }
    if (lastContent < 0) giveUp();
    lines.length = lastContent + 1;
    let value = '';
    if (folded) {
      // Folding: a single break between lines becomes a space, n empty lines become n breaks.
      let breaks = 0;
      let started = false;
      for (const line of lines) {
        if (line === '') {
          breaks++;
          continue;
        }
        if (line.charCodeAt(0) === SPACE) giveUp(); // more-indented lines keep their breaks: not ours
        if (started) value += breaks > 0 ? '\n'.repeat(breaks) : ' ';
        else value += '\n'.repeat(breaks);
        value += line;
        breaks = 0;
        started = true;
      }
    } else {
      value = lines.join('\n');
    }
    this.#skipBlank();
    return [strip ? value : `${value}\n`, end];
  }

  // ---- flow collections (one line) ----------------------------------------------------------

  #flow(at: number, path: FieldPath, depth: number): [unknown, number] {
    if (depth > this.#maxDepth) giveUp();
    const text = this.#text;
    const isMap = text.charCodeAt(at) === 123;
    const close = isMap ? 125 : 93;
    const seq: unknown[] = [];
    const map: Record<string, unknown> = {};
    let i = this.#skipSpaces(at + 1);
    while (text.charCodeAt(i) !== close) {
      if (i >= this.#lineEnd) giveUp();
      if (isMap) {
        const keyStart = i;
        let key: string;
        if (text.charCodeAt(i) === 34 || text.charCodeAt(i) === 39) {
          [key, i] = this.#quoted(i);
          i = this.#skipSpaces(i);
          if (text.charCodeAt(i) !== COLON) giveUp();
        } else {
          const [raw, keyEnd] = this.#flowPlainText(i);
          const value = this.#scalar(raw);
          key = value === null ? 'null' : String(value);
          i = this.#skipSpaces(keyEnd);
          if (text.charCodeAt(i) !== COLON || text.charCodeAt(i + 1) !== SPACE) giveUp();
        }
        if (Object.hasOwn(map, key)) giveUp();
        const childPath = appendPath(path, key);
        const valueStart = this.#skipSpaces(i + 1);
        const [value, valueEnd] = this.#flowValue(valueStart, childPath, depth + 1);
        setKey(map, key, value);
        this.#positions.set(childPath, this.#lines.range(text, keyStart, valueEnd));
        i = valueEnd;
      } else {
        const childPath = `${path}[${seq.length}]`;
        const [value, valueEnd] = this.#flowValue(i, childPath, depth + 1);
        this.#positions.set(childPath, this.#lines.range(text, i, valueEnd));
        seq.push(value);
        i = this.#skipSpaces(valueEnd);
        if (text.charCodeAt(i) === COLON) giveUp(); // `[a: b]` is a pair
      }
      i = this.#skipSpaces(i);
      if (text.charCodeAt(i) === 44 /* , */) i = this.#skipSpaces(i + 1);
      else if (text.charCodeAt(i) !== close) giveUp();
    }
    return [isMap ? map : seq, i + 1];
  }

  #flowValue(at: number, path: FieldPath, depth: number): [unknown, number] {
    if (depth > this.#maxDepth) giveUp();
    const c = this.#text.charCodeAt(at);
    if (c === 34 || c === 39) return this.#quoted(at);
    if (c === 91 || c === 123) return this.#flow(at, path, depth);
    const [raw, end] = this.#flowPlainText(at);
    return [this.#scalar(raw), end];
  }

  /** A plain scalar inside `[...]`/`{...}`: ends at `,`, a bracket, `: ` or ` #`. */
  #flowPlainText(at: number): [string, number] {
    const text = this.#text;
    const lineEnd = this.#lineEnd;
    const first = text.charCodeAt(at);
    if (at >= lineEnd || isIndicator(first, text.charCodeAt(at + 1), at + 1 === lineEnd)) giveUp();
    // `-`, `?`, `:` start a plain scalar only when a safe character follows (not a flow indicator).
    if (first === DASH || first === 63 || first === COLON) {
      const next = text.charCodeAt(at + 1);
      if (next === 44 || next === 91 || next === 93 || next === 123 || next === 125) giveUp();
    }
    let i = at;
    for (; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 44 || c === 93 || c === 125) break;
      if (c === 91 || c === 123) giveUp();
      if (c === COLON) {
        const n = text.charCodeAt(i + 1);
        if (n === SPACE || n === 44 || n === 93 || n === 125) break;
        giveUp(); // `a:b` in flow: rules differ between YAML versions; leave it to the full parser
      }
      if (c === HASH && text.charCodeAt(i - 1) === SPACE) giveUp();
    }
    let end = i;
    while (end > at && text.charCodeAt(end - 1) === SPACE) end--;
    if (end === at) giveUp();
    return [text.slice(at, end), end];
  }

  #skipSpaces(at: number): number {
    let i = at;
    while (i < this.#lineEnd && this.#text.charCodeAt(i) === SPACE) i++;
    return i;
  }
}

/**
 * Characters that cannot start a plain scalar here (anchors, tags, aliases, block/flow
 * indicators, directives, comments), and `-`/`?`/`:` when followed by a space.
 */
function isIndicator(c: number, next: number, atLineEnd: boolean): boolean {
  switch (c) {
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case 37: // %
    case 64: // @
    case 96: // `
    case HASH:
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 34: // "
    case 39: // '
      return true;
    case DASH:
    case 63: // ?
    case COLON:
      return atLineEnd || next === SPACE;
    default:
      return false;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  '"': '"',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  b: '\b',
  f: '\f',
  e: '\x1b',
  a: '\x07',
  v: '\x0b',
  ' ': ' ',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** Double-quoted escapes; anything unusual gives up (the full parser will judge it). */
function unescapeDouble(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i] ?? '';
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const hex = body.slice(i + 1, i + 1 + width);
    if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) giveUp();
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff) giveUp();
    out += String.fromCodePoint(code);
    i += width;
  }
  return out;
}

/** `__proto__` is data here, not the prototype. */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
