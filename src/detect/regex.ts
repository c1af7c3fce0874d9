/**
 * `re` modifier on RE2 (linear time: hostile log lines cannot stall detection). The spec's PCRE
 * subset maps onto RE2; constructs RE2 lacks (look-around, back-references) reject the rule.
 */
import { createRequire } from 'node:module';
import { hasRun, type RegexRun, regexMinLength, regexRun } from './regex-shape.ts';

export interface SafeRegex {
  /** A Buffer is read as UTF-8 (what RE2 would convert a string to). */
  test(text: string | Buffer): boolean;
  readonly source: string;
  /** No match is shorter than this many code points (a cheap check before calling RE2). */
  readonly minLength: number;
  /** A run of one class every match contains (`[a-f0-9]{64}`), checked before calling RE2. */
  readonly run: RegexRun | undefined;
}

/**
 * Cheap necessary conditions, so most values never reach RE2 (or need a UTF-8 copy). A UTF-16
 * length is at least the code point count, and a surrogate pair counts as run members.
 */
export function mayMatch(r: SafeRegex, text: string): boolean {
  if (text.length < r.minLength) return false;
  return r.run === undefined || hasRun(text, r.run);
}

interface Re2Ctor {
  new (pattern: string, flags?: string): { test(text: string | Buffer): boolean; source: string };
}

const require = createRequire(import.meta.url);
let re2: Re2Ctor | undefined;
function loadRe2(): Re2Ctor {
  re2 ??= require('re2') as Re2Ctor;
  return re2;
}

/** Compile, or return the reason it cannot run (errors as values). */
export function compileRegex(
  pattern: string,
  flags: { i: boolean; m: boolean; s: boolean },
): SafeRegex | string {
  // RE2 always matches in Unicode mode; the JS `u` flag would only add per-call overhead.
  const f = `${flags.i ? 'i' : ''}${flags.m ? 'm' : ''}${flags.s ? 's' : ''}`;
  try {
    const Re2 = loadRe2();
    return Object.assign(new Re2(pattern, f), {
      minLength: regexMinLength(pattern),
      run: regexRun(pattern),
    });
  } catch (error) {
    return `regular expression ${JSON.stringify(pattern)} cannot run on RE2: ${(error as Error).message}`;
  }
}
