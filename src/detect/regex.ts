/**
 * `re` modifier on RE2 (linear time: hostile log lines cannot stall detection). The spec's PCRE
 * subset maps onto RE2; constructs RE2 lacks (look-around, back-references) reject the rule.
 */
import { createRequire } from 'node:module';
import { regexMinLength } from './regex-shape.ts';

export interface SafeRegex {
  /** A Buffer is read as UTF-8 (what RE2 would convert a string to). */
  test(text: string | Buffer): boolean;
  readonly source: string;
  /** No match is shorter than this many code points (a cheap check before calling RE2). */
  readonly minLength: number;
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
    return Object.assign(new Re2(pattern, f), { minLength: regexMinLength(pattern) });
  } catch (error) {
    return `regular expression ${JSON.stringify(pattern)} cannot run on RE2: ${(error as Error).message}`;
  }
}
